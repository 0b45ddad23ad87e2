import Foundation
import NFTables
import Testing

/// `vrc` against the kernel, each test in a network namespace of its own.
@Suite("vrc against the kernel", .kernel)
internal struct VRCKernelTests {
    /// The fixture to apply: a small router with sets, a map, NAT and a base chain on each hook it needs.
    /// (Every fixture goes through the kernel in the library's corpus tests; here the command is on trial.)
    static func fixtureName() throws -> String {
        let names = Fixtures.rulesetNames
        try #require(!names.isEmpty, "no fixtures in \(Fixtures.rulesetsDirectory.path)")
        return ["router-ipv4-nat-gateway", "01-basic-filter"].first { names.contains($0) } ?? names[0]
    }

    /// The tables nft lists in the namespace, one `table FAMILY NAME` per line, sorted.
    static func tables(in namespace: TestNamespace) throws -> [String] {
        try namespace.checkedRun(["nft", "list", "tables"]).split(separator: "\n").map(String.init).sorted()
    }

    /// Makes the table another tool would own, and returns its listing for later comparison.
    static func makeForeignTable(in namespace: TestNamespace) throws -> String {
        try namespace.nft(
            """
            table inet other_tool {
                chain keep {
                    type filter hook input priority 10; policy accept;
                    tcp dport 2222 counter drop comment "not vrc's"
                }
            }
            """
        )
        return try namespace.listTable(family: .inet, name: "other_tool")
    }

    @Test("apply, list and flush a fixture; an nft-made table survives all three")
    func applyListFlush() throws {
        let namespace = try TestNamespace()
        let name = try Self.fixtureName()
        let fixture = try Fixtures.ruleset(name)
        let expectedTables = fixture.tables.map { "table \($0.family.rawValue) \($0.name)" }.sorted()
        let foreign = try Self.makeForeignTable(in: namespace)

        let applied = try VRCBinary.run(
            ["apply", Fixtures.rulesetURL(name).path, "--netns", namespace.name, "--timings"]
        )
        #expect(applied.status == 0, "apply failed: \(applied.stderr)")
        #expect(applied.stderr.isEmpty)
        #expect(applied.stdout.contains("applied"))
        #expect(applied.stdout.contains("encode") && applied.stdout.contains("kernel"))
        #expect(applied.stdout.contains("messages"))
        #expect(try Self.tables(in: namespace) == (expectedTables + ["table inet other_tool"]).sorted())

        let listed = try VRCBinary.run(["list", "--netns", namespace.name])
        #expect(listed.status == 0, "list failed: \(listed.stderr)")
        for table in expectedTables {
            #expect(listed.stdout.contains(table + " {"), "vrc list lacks \(table)")
        }
        #expect(!listed.stdout.contains("other_tool"), "vrc list shows another tool's table")

        let all = try VRCBinary.run(["list", "--all", "--netns", namespace.name])
        #expect(all.status == 0, "list --all failed: \(all.stderr)")
        #expect(all.stdout.contains("table inet other_tool"))

        let json = try VRCBinary.run(["list", "--json", "--netns", namespace.name])
        #expect(json.status == 0, "list --json failed: \(json.stderr)")
        let readBack = try JSONDecoder().decode(Ruleset.self, from: Data(json.stdout.utf8))
        #expect(readBack.tables.map(\.id).sorted(by: Self.order) == fixture.tables.map(\.id).sorted(by: Self.order))

        let flushed = try VRCBinary.run(["flush", "--netns", namespace.name])
        #expect(flushed.status == 0, "flush failed: \(flushed.stderr)")
        for table in expectedTables {
            #expect(flushed.stdout.contains("removed \(table)"), "flush did not report \(table)")
        }
        #expect(try Self.tables(in: namespace) == ["table inet other_tool"])
        #expect(try namespace.listTable(family: .inet, name: "other_tool") == foreign)

        let again = try VRCBinary.run(["flush", "--netns", namespace.name])
        #expect(again.status == 0)
        #expect(!again.stdout.contains("removed"))
    }

    @Test("apply --check commits nothing")
    func checkOnly() throws {
        let namespace = try TestNamespace()
        let name = try Self.fixtureName()
        _ = try Self.makeForeignTable(in: namespace)
        let before = try namespace.listRuleset()
        let result = try VRCBinary.run(["apply", Fixtures.rulesetURL(name).path, "--netns", namespace.name, "--check"])
        #expect(result.status == 0, "check failed: \(result.stderr)")
        #expect(result.stdout.contains("nothing committed"))
        #expect(try namespace.listRuleset() == before)
    }

    @Test("apply --json reports the transaction")
    func applyJSON() throws {
        let namespace = try TestNamespace()
        let name = try Self.fixtureName()
        let result = try VRCBinary.run(["apply", Fixtures.rulesetURL(name).path, "--netns", namespace.name, "--json"])
        #expect(result.status == 0, "apply failed: \(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        )
        #expect((object["messages"] as? Int ?? 0) > 2)
        #expect((object["batchBytes"] as? Int ?? 0) > 0)
        #expect(object["kernelMilliseconds"] is Double || object["kernelMilliseconds"] is Int)
        #expect((object["tables"] as? [String])?.count == (try Fixtures.ruleset(name)).tables.count)
    }

    @Test("--netns takes a namespace file path as well as a name")
    func namespacePath() throws {
        let namespace = try TestNamespace()
        let name = try Self.fixtureName()
        let result = try VRCBinary.run(["apply", Fixtures.rulesetURL(name).path, "--netns", namespace.path])
        #expect(result.status == 0, "apply failed: \(result.stderr)")
        let expected = try Fixtures.ruleset(name).tables.map { "table \($0.family.rawValue) \($0.name)" }.sorted()
        #expect(try Self.tables(in: namespace) == expected)
    }

    @Test(
        "an unknown namespace exits 2 with one line",
        arguments: [["list"], ["flush"], ["list", "--all"]]
    )
    func unknownNamespace(arguments: [String]) throws {
        try KernelTestGate.check()
        let missing = "vrc-t-missing-\(UInt32.random(in: 0...UInt32.max))"
        for netns in [missing, "/run/netns/\(missing)", "/proc/999999999/ns/net"] {
            let result = try VRCBinary.run(arguments + ["--netns", netns])
            #expect(result.status == 2, "\(arguments) --netns \(netns) exited \(result.status)")
            #expect(FailureShape.problems(in: result.stderr).isEmpty, "\(FailureShape.problems(in: result.stderr))")
            #expect(result.stderr.contains(netns))
        }
    }

    @Test("a table of the same name made by another tool is not replaced, and the failure is one line")
    func foreignTableOfSameName() throws {
        let namespace = try TestNamespace()
        let name = try Self.fixtureName()
        let target = try #require(try Fixtures.ruleset(name).tables.first)
        try namespace.nft("table \(target.family.rawValue) \(target.name) { comment \"made by nft\"; }")
        let before = try namespace.listRuleset()
        let result = try VRCBinary.run(["apply", Fixtures.rulesetURL(name).path, "--netns", namespace.name])
        #expect(result.status == 1 || result.status == 2, "exited \(result.status): \(result.stdout)")
        #expect(FailureShape.problems(in: result.stderr).isEmpty, "\(FailureShape.problems(in: result.stderr))")
        #expect(result.stderr.contains(target.name))
        #expect(try namespace.listRuleset() == before)
    }

    /// Rulesets that the kernel refuses (Linux 6.x): a nat chain at or before conntrack's priority (-200)
    /// gets EOPNOTSUPP. The first table is fine, so the test also shows that nothing of the batch lands.
    static let refusedByKernel: [Ruleset] = [
        Ruleset(tables: [
            Table(family: .inet, name: "vrc_first"),
            Table(
                family: .ip,
                name: "vrc_early_nat",
                chains: [Chain(name: "pre", hook: BaseChain(type: .nat, hook: .prerouting, priority: -300))]
            ),
        ])
    ]

    @Test(
        "a ruleset the kernel refuses is refused whole: exit 1 from the kernel (2 if vrc sees it first), one line",
        arguments: refusedByKernel.indices
    )
    func kernelRefusal(index: Int) throws {
        let namespace = try TestNamespace()
        _ = try Self.makeForeignTable(in: namespace)
        let before = try namespace.listRuleset()
        let ruleset = Self.refusedByKernel[index]
        let path = try VRCBinary.temporaryFile("refused.json", ruleset: ruleset)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Whether vrc's validation already catches it; then the kernel is never asked.
        let caughtEarly = try VRCBinary.run(["render", path]).status == 2
        let refused = try #require(ruleset.tables.last)
        for extra in [[], ["--check"]] {
            let result = try VRCBinary.run(["apply", path, "--netns", namespace.name] + extra)
            #expect(result.status == (caughtEarly ? 2 : 1), "apply \(extra) exited \(result.status): \(result.stderr)")
            #expect(FailureShape.problems(in: result.stderr).isEmpty, "\(FailureShape.problems(in: result.stderr))")
            #expect(result.stderr.contains(refused.name), "the refusal does not name the table: \(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(try namespace.listRuleset() == before)
        }
    }

    private static func order(_ left: TableID, _ right: TableID) -> Bool {
        (left.family.rawValue, left.name) < (right.family.rawValue, right.name)
    }
}
