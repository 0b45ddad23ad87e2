import Foundation
import NFTables

/// Finds the files under the repository's `fixtures/` folder, wherever the checkout lives.
internal enum Fixtures {
    /// The repository root: this file is `Tests/<target>/Support/Fixtures.swift`.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // <target>
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `fixtures/`.
    static let directory: URL = repositoryRoot.appendingPathComponent("fixtures", isDirectory: true)

    /// `fixtures/rulesets/`.
    static let rulesetsDirectory: URL = directory.appendingPathComponent("rulesets", isDirectory: true)

    /// A file under `fixtures/`, such as `url("rulesets/nat.json")`.
    static func url(_ relativePath: String) -> URL {
        directory.appendingPathComponent(relativePath)
    }

    /// The bytes of a file under `fixtures/`.
    static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: url(relativePath))
    }

    /// The names (without `.json`) of every ruleset in `fixtures/rulesets/`, sorted; for `@Test(arguments:)`.
    static var rulesetNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: rulesetsDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(".json".count)) }.sorted()
    }

    /// The file of the ruleset fixture with this name (no extension).
    static func rulesetURL(_ name: String) -> URL {
        rulesetsDirectory.appendingPathComponent(name + ".json")
    }

    /// The ruleset fixture with this name (no extension), decoded from the object model's JSON coding.
    static func ruleset(_ name: String) throws -> Ruleset {
        try JSONDecoder().decode(Ruleset.self, from: Data(contentsOf: rulesetURL(name)))
    }
}
