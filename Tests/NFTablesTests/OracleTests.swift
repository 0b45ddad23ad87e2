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

        #expect(readBack.withoutKernelState == ruleset.withoutKernelState)
    }
}

extension Ruleset {
    /// The ruleset without what only the kernel knows (handles, counter values) and with elements in one order,
    /// since the kernel returns set elements in its own order.
    var withoutKernelState: Ruleset {
        var copy = self
        copy.tables = tables.map { table in
            var table = table
            table.handle = nil
            table.sets = table.sets.map { set in
                var set = set
                set.handle = nil
                set.elements.sort { "\($0)" < "\($1)" }
                return set
            }
            table.chains = table.chains.map { chain in
                var chain = chain
                chain.handle = nil
                chain.rules = chain.rules.map { rule in
                    var rule = rule
                    rule.handle = nil
                    rule.statements = rule.statements.map { statement in
                        switch statement {
                        case .counter: return .counter()
                        case .match(var match):
                            if case .set(let values) = match.right {
                                match.right = .set(values.sorted { "\($0)" < "\($1)" })
                            }
                            return .match(match)
                        default: return statement
                        }
                    }
                    return rule
                }
                return chain
            }
            return table
        }
        return copy
    }
}
