import Foundation
import Testing

@testable import RouterModel

/// Damaged copies of the valid documents: decoding never crashes, and every rejection says where.
@Suite("Damaged documents")
struct FuzzTests {
    @Test(
        "truncations and byte flips never crash and always locate their problems", arguments: ModelFixtures.validNames)
    func damagedDocuments(name: String) throws {
        let original = try ModelFixtures.data(name)
        var generator = SeededGenerator(seed: 0x5EED ^ UInt64(original.count))
        var rejected = 0
        for round in 0..<300 {
            var damaged = original
            if round % 2 == 0 {
                damaged = damaged.prefix(Int.random(in: 0..<original.count, using: &generator))
            } else {
                for _ in 0...Int.random(in: 0..<3, using: &generator) {
                    let position = Int.random(in: 0..<damaged.count, using: &generator)
                    damaged[position] = UInt8.random(in: 0...255, using: &generator)
                }
            }
            do {
                _ = try RouterDocument.decode(from: damaged, source: "\(name) #\(round)")
            } catch {
                rejected += 1
                try Self.checkLocated(error, round: round)
            }
        }
        // Nearly every damage breaks the document; a few flips land in harmless places (a digit of a MAC).
        #expect(rejected > 200)
    }

    @Test("JSON reader survives random bytes")
    func randomBytes() throws {
        var generator = SeededGenerator(seed: 42)
        let alphabet = Array("{}[]\":,0123456789.-+eEtrufalsn \\/\n\tu".utf8) + [0x00, 0xC3, 0xA9, 0xFF, 0xED, 0xA0]
        for round in 0..<2000 {
            let count = Int.random(in: 0..<64, using: &generator)
            let bytes = (0..<count).map { _ in alphabet.randomElement(using: &generator)! }
            do {
                _ = try RouterDocument.decode(from: Data(bytes), source: "random")
                Issue.record("random bytes decoded as a router document: \(bytes)")
            } catch {
                try Self.checkLocated(error, round: round)
            }
        }
    }

    /// Every problem has a path; a syntax problem also has a line and column, in its message and its fields.
    private static func checkLocated(_ error: RouterModelError, round: Int) throws {
        try #require(!error.problems.isEmpty, "round \(round): an error without problems")
        for problem in error.problems {
            #expect(problem.path.hasPrefix("$"), "round \(round): \(problem)")
            #expect(!problem.message.isEmpty && !problem.message.contains("\n"), "round \(round): \(problem)")
            if problem.message.hasPrefix("malformed JSON") {
                #expect(problem.line != nil && problem.column != nil, "round \(round): \(problem)")
                #expect(problem.message.contains("at line \(problem.line ?? -1), column \(problem.column ?? -1)"))
            }
        }
    }
}
