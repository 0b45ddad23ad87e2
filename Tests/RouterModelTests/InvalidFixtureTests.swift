import Foundation
import Testing

@testable import RouterModel

/// The invalid documents of `fixtures/models/invalid/`: each gives exactly the lines of its `.expected` file.
@Suite("Invalid router documents")
struct InvalidFixtureTests {
    @Test("there are at least 15, each with its expected lines")
    func corpusIsComplete() {
        let names = ModelFixtures.invalidNames
        #expect(names.count >= 15)
        for name in names {
            #expect(ModelFixtures.expectedLines(for: name)?.isEmpty == false, "\(name) has no .expected lines")
        }
    }

    @Test("gives exactly the expected problems", arguments: ModelFixtures.invalidNames)
    func givesExpectedProblems(name: String) throws {
        let expected = try #require(ModelFixtures.expectedLines(for: name))
        let data = try ModelFixtures.invalidData(name)
        let error = try #require(throws: RouterModelError.self) {
            try RouterDocument.decode(from: data, source: name)
        }
        #expect(error.description.split(separator: "\n").map(String.init) == expected)
        #expect(error.source == name)
        for problem in error.problems {
            #expect(problem.line != nil && problem.column != nil, "\(problem) has no position")
        }
    }

    /// The documents whose problems lie above the JSON syntax: Foundation's parser has its own rules for
    /// syntax (it accepts trailing commas) and keeps one of two repeated keys.
    static let modelLevelNames = ModelFixtures.invalidNames.filter { name in
        let lines = ModelFixtures.expectedLines(for: name) ?? []
        return !lines.contains { $0.contains("malformed JSON") || $0.contains("more than once") }
    }

    @Test("JSONDecoder rejects the same documents with the same problems", arguments: modelLevelNames)
    func codablePathAgrees(name: String) throws {
        let data = try ModelFixtures.invalidData(name)
        let expected = try #require(ModelFixtures.expectedLines(for: name))
        do {
            _ = try JSONDecoder().decode(RouterDocument.self, from: data)
            Issue.record("\(name) decoded through JSONDecoder")
        } catch DecodingError.dataCorrupted(let context) {
            let error = try #require(context.underlyingError as? RouterModelError)
            #expect(error.description.split(separator: "\n").map(String.init) == expected)
            #expect(context.debugDescription == error.description)
        }
    }
}
