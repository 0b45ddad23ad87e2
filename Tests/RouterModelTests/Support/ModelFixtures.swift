import Foundation

/// The documents under `fixtures/models/`, wherever the checkout lives.
enum ModelFixtures {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // RouterModelTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("fixtures/models")

    static let invalidDirectory = directory.appendingPathComponent("invalid")

    /// The file names of the valid documents (`vr.json`, ...).
    static var validNames: [String] { jsonNames(in: directory) }

    /// The file names of the invalid documents.
    static var invalidNames: [String] { jsonNames(in: invalidDirectory) }

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    static func invalidData(_ name: String) throws -> Data {
        try Data(contentsOf: invalidDirectory.appendingPathComponent(name))
    }

    /// The lines an invalid document's `.expected` sidecar holds; `nil` when there is none.
    static func expectedLines(for name: String) -> [String]? {
        let url = invalidDirectory.appendingPathComponent((name as NSString).deletingPathExtension + ".expected")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    private static func jsonNames(in directory: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }
}

/// A small deterministic generator (SplitMix64), so that a failing random case can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
