import Foundation
import NFTables
import RouterCompiler
import RouterModel
import Testing

/// Every model fixture compiles to a valid ruleset that matches its golden text; the output does not depend on
/// the order of JSON keys or of unordered lists; and the number of rules does not grow with the parts that
/// compile to set elements.
@Suite("Compiling the model fixtures")
struct CompilerFixtureTests {
    @Test("compiles, validates, and matches fixtures/models/golden/<name>.nft", arguments: CompilerFixtures.names)
    func matchesGolden(fixture: String) throws {
        let ruleset = try CompilerFixtures.ruleset(fixture)
        try ruleset.validate()
        let text = ruleset.nftText()
        let url = CompilerFixtures.goldenDirectory.appendingPathComponent(fixture + ".nft")
        if ProcessInfo.processInfo.environment["VRC_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(
                at: CompilerFixtures.goldenDirectory, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(text == golden, "regenerate with VRC_UPDATE_GOLDEN=1 if the change is intended")
    }

    @Test("every golden file belongs to a fixture")
    func noStaleGolden() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: CompilerFixtures.goldenDirectory.path)
        let stale = files.filter { !CompilerFixtures.names.contains(String($0.dropLast(".nft".count))) }
        #expect(stale.isEmpty)
        #expect(files.count == CompilerFixtures.names.count)
    }

    @Test("the same document gives the same ruleset whatever its key and list order", arguments: CompilerFixtures.names)
    func deterministic(fixture: String) throws {
        let original = try ModelFixtures.data(fixture + ".json")
        let expected = try CompilerFixtures.ruleset(fixture)
        let object = try JSONSerialization.jsonObject(with: original)
        var random = SeededGenerator(seed: UInt64(fixture.utf8.reduce(7) { $0 &* 31 &+ Int($1) }.magnitude))
        for round in 0..<5 {
            let shuffled = ShuffledJSON.write(object, using: &random)
            #expect(shuffled != String(decoding: original, as: UTF8.self))
            let document = try RouterDocument.decode(from: Data(shuffled.utf8), source: "\(fixture) round \(round)")
            let ruleset = RouterCompiler().compile(document)
            #expect(ruleset == expected, "round \(round)")
            #expect(ruleset.nftText() == expected.nftText(), "round \(round)")
        }
    }

    @Test("a custom table name names the table")
    func tableName() throws {
        let ruleset = RouterCompiler(tableName: "router7").compile(try CompilerFixtures.document("vpc"))
        #expect(ruleset.tables.map(\.id) == [TableID(family: .inet, name: "router7")])
        try ruleset.validate()
    }

    @Test(
        "rule count stays the same from 10 to 10,000 port forwards, static NATs, firewall entries, load balancers",
        arguments: ["portForwards", "staticNats", "firewall", "loadBalancers", "all"])
    func ruleCountIsConstant(part: String) throws {
        func document(_ count: Int) -> RouterDocument {
            GeneratedDocuments.router(
                portForwards: part == "portForwards" || part == "all" ? count : 0,
                staticNats: part == "staticNats" || part == "all" ? count : 0,
                firewallEntries: part == "firewall" || part == "all" ? count : 0,
                loadBalancers: part == "loadBalancers" || part == "all" ? count : 0)
        }
        let small = RouterCompiler().compile(document(10))
        let large = RouterCompiler().compile(document(10_000))
        try small.validate()
        try large.validate()
        #expect(CompilerFixtures.ruleCount(small) == CompilerFixtures.ruleCount(large))
        #expect(CompilerFixtures.elementCount(large) > CompilerFixtures.elementCount(small) + 5_000)
    }

    @Test("counts of rules and elements per fixture stay small", arguments: CompilerFixtures.names)
    func fixtureCounts(fixture: String) throws {
        let ruleset = try CompilerFixtures.ruleset(fixture)
        let rules = CompilerFixtures.ruleCount(ruleset)
        let elements = CompilerFixtures.elementCount(ruleset)
        #expect(rules < 80)
        #expect(elements > 0)
        print("fixture \(fixture): \(rules) rules, \(elements) elements")
    }
}
