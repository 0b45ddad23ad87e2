import Foundation
import Testing

@Suite("TestNamespace")
internal struct TestNamespaceTests {
    @Test("exists while in use and is gone after close", .kernel)
    func lifecycle() throws {
        let namespace = try TestNamespace()
        let name = namespace.name
        #expect(name.hasPrefix("vrc-t-\(getpid())-"))
        #expect(TestNamespace.exists(name))
        let listed = try ProcessRunner.run(["ip", "netns", "list"])
        #expect(listed.stdout.contains(name))
        namespace.close()
        #expect(!TestNamespace.exists(name))
        namespace.close()  // a second close is harmless
    }

    @Test("is deleted when the object goes away, even after a failure inside", .kernel)
    func deletedOnDeinit() throws {
        struct Planned: Error {}
        var name = ""
        do {
            let namespace = try TestNamespace()
            name = namespace.name
            #expect(TestNamespace.exists(name))
            throw Planned()
        } catch is Planned {}
        #expect(!name.isEmpty)
        #expect(!TestNamespace.exists(name))
    }

    @Test("two namespaces get different names", .kernel)
    func uniqueNames() throws {
        let first = try TestNamespace()
        let second = try TestNamespace()
        #expect(first.name != second.name)
    }

    @Test("loopback is up and the namespace is separate", .kernel)
    func loopbackUp() throws {
        let namespace = try TestNamespace()
        let link = try namespace.checkedRun(["ip", "-o", "link", "show", "lo"])
        #expect(link.contains(",UP,") || link.contains(",UP>"), "lo is not up: \(link)")
        let links = try namespace.checkedRun(["ip", "-o", "link", "show"])
        #expect(links.split(separator: "\n").count == 1, "a fresh namespace has only lo: \(links)")
        let addresses = try namespace.checkedRun(["ip", "-o", "address", "show", "dev", "lo"])
        #expect(addresses.contains("127.0.0.1/8"))
    }

    @Test("nft text is applied inside the namespace and listed back", .kernel)
    func nftRoundTrip() throws {
        let namespace = try TestNamespace()
        #expect(try namespace.listRuleset().isEmpty)
        try namespace.nft(
            """
            table inet probe {
                chain c { type filter hook input priority 0; counter accept; }
            }
            """
        )
        let table = try namespace.listTable(family: .inet, name: "probe")
        #expect(table.contains("table inet probe"))
        #expect(table.contains("chain c"))
        #expect(try namespace.listRuleset().contains("table inet probe"))
        #expect(throws: TestNamespace.CommandFailure.self) { try namespace.nft("table inet { broken") }
    }

    @Test("a table named like an nft keyword is listed from the ruleset, as nft list table prints a table", .kernel)
    func keywordTableName() throws {
        let namespace = try TestNamespace()
        try namespace.nft(
            """
            table inet plain {
                set ports { type inet_service; elements = { 22, 80 }; }
                chain c { type filter hook input priority 0; tcp dport @ports counter accept; }
            }
            table ip other {
                chain d { type filter hook output priority 0; }
            }
            """
        )
        let direct = try namespace.listTable(family: .inet, name: "plain")
        let cut = TestNamespace.tableBlock(in: try namespace.listRuleset(), family: "inet", name: "plain")
        #expect(cut == direct)
        #expect(!direct.contains("table ip other"))

        // `limits` is a keyword: nft -f accepts it as a table name in a block, nft list table does not.
        try namespace.nft("table inet limits {\n chain c { type filter hook input priority 0; }\n}")
        let keyword = try namespace.listTable(family: .inet, name: "limits")
        #expect(keyword.hasPrefix("table inet limits {\n"))
        #expect(keyword.contains("chain c"))
        #expect(keyword.hasSuffix("}\n"))
        #expect(!keyword.contains("table inet plain"))
    }
}
