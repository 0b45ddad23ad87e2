import Foundation
import NFTables
import Testing

/// The kernel is the oracle: what vrc sends through netlink must leave the kernel exactly as `nft -f` of vrc's
/// own rendered text does, and must read back as the model that was applied.
@Suite("Netlink apply against nft -f, per fixture")
struct OracleTests {
    @Test("netlink and nft -f give the same kernel state", .kernel, arguments: Fixtures.rulesetNames)
    func netlinkMatchesNft(fixture: String) throws {
        let ruleset = try Fixtures.ruleset(fixture)
        let viaNft = try TestNamespace()
        defer { viaNft.close() }
        let viaNetlink = try TestNamespace()
        defer { viaNetlink.close() }

        try viaNft.nft(ruleset.nftText())
        try ruleset.apply(to: viaNetlink.namespace)

        for table in ruleset.tables {
            let expected = try viaNft.listTable(family: table.family, name: table.name)
            let actual = try viaNetlink.listTable(family: table.family, name: table.name)
            #expect(actual == expected, "table \(table.family) \(table.name) of \(fixture)")
        }
    }

    @Test("apply, then read back, gives the applied model", .kernel, arguments: Fixtures.rulesetNames)
    func readBackEqualsApplied(fixture: String) throws {
        let ruleset = try Fixtures.ruleset(fixture)
        let namespace = try TestNamespace()
        defer { namespace.close() }

        try ruleset.apply(to: namespace.namespace)
        let readBack = try RulesetReader(namespace: namespace.namespace).read(.owned)

        #expect(readBack.readBackCanonical == ruleset.readBackCanonical)
    }
}
