import Foundation
import NFTables
import RouterCompiler
import RouterModel
import Testing

/// Every model fixture's ruleset in the kernel: it applies, lists as `nft -f` of its own text does, reads back as
/// compiled, and a check commits nothing.
@Suite("Compiled fixtures in the kernel")
struct CompilerKernelTests {
    @Test("netlink apply lists as nft -f of the rendered text", .kernel, arguments: CompilerFixtures.names)
    func appliesLikeNft(fixture: String) throws {
        let ruleset = try CompilerFixtures.ruleset(fixture)
        let viaNft = try TestNamespace()
        defer { viaNft.close() }
        let viaNetlink = try TestNamespace()
        defer { viaNetlink.close() }

        try viaNft.nft(ruleset.nftText())
        try ruleset.apply(to: viaNetlink.namespace)

        let expected = try viaNft.listTable(family: .inet, name: "vrc")
        let actual = try viaNetlink.listTable(family: .inet, name: "vrc")
        #expect(actual == expected, "table inet vrc of \(fixture)")
    }

    @Test("apply, then read back, gives the compiled model", .kernel, arguments: CompilerFixtures.names)
    func readsBackAsCompiled(fixture: String) throws {
        let ruleset = try CompilerFixtures.ruleset(fixture)
        let namespace = try TestNamespace()
        defer { namespace.close() }

        try ruleset.apply(to: namespace.namespace)
        let readBack = try RulesetReader(namespace: namespace.namespace).read(.owned)

        #expect(readBack.readBackCanonical == ruleset.readBackCanonical)
    }

    @Test("a check validates in the kernel and commits nothing", .kernel, arguments: CompilerFixtures.names)
    func checkCommitsNothing(fixture: String) throws {
        let ruleset = try CompilerFixtures.ruleset(fixture)
        let namespace = try TestNamespace()
        defer { namespace.close() }

        try ruleset.apply(to: namespace.namespace, checkOnly: true)

        #expect(try namespace.listRuleset().isEmpty)
        #expect(try RulesetReader(namespace: namespace.namespace).read(.owned).tables.isEmpty)
    }

    @Test("random ACL lists apply (no two elements of a set overlap) and list as nft -f does", .kernel)
    func randomACLsApply() throws {
        var generator = TrafficGenerator(seed: 0xAC1_0003)
        let viaNft = try TestNamespace()
        defer { viaNft.close() }
        let viaNetlink = try TestNamespace()
        defer { viaNetlink.close() }
        for round in 0..<30 {
            let rules = generator.aclList(maximumCount: 60)
            let table = ACLPropertyTests.compile(
                rules, defaultAction: round % 2 == 0 ? .deny : .allow, network: "tier-\(round).web")
            let ruleset = Ruleset(tables: [table])
            try ruleset.validate()
            try ruleset.apply(to: viaNetlink.namespace)
            try viaNft.nft("table inet vrc\ndelete table inet vrc\n" + ruleset.nftText())
            let expected = try viaNft.listTable(family: .inet, name: "vrc")
            let actual = try viaNetlink.listTable(family: .inet, name: "vrc")
            #expect(actual == expected, "round \(round)")
        }
    }
}
