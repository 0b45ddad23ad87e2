import Foundation
import NFTables
import Testing

/// Every fixture, applied with `nft -f` of its rendered text, reads back as the fixture.
@Suite("RulesetReader over the fixtures")
struct ReaderFixtureTests {
    @Test("nft -f of the fixture, read back, equals the fixture", .kernel, arguments: Fixtures.rulesetNames)
    func readsBackFixture(fixture: String) throws {
        let ruleset = try Fixtures.ruleset(fixture)
        let namespace = try TestNamespace()
        defer { namespace.close() }
        try namespace.nft(ruleset.nftText())

        let read = try RulesetReader(namespace: namespace.namespace).read(.tables(ruleset.tables.map(\.id)))

        let expected = ruleset.readBackCanonical
        let actual = read.readBackCanonical
        #expect(actual.tables.map(\.id) == expected.tables.map(\.id))
        for (actualTable, expectedTable) in zip(actual.tables, expected.tables) {
            #expect(actualTable.comment == expectedTable.comment, "\(fixture): table comment")
            #expect(actualTable.sets == expectedTable.sets, "\(fixture): sets of \(expectedTable.id)")
            #expect(actualTable.chains.map(\.name) == expectedTable.chains.map(\.name), "\(fixture): chains")
            for (actualChain, expectedChain) in zip(actualTable.chains, expectedTable.chains) {
                #expect(actualChain.hook == expectedChain.hook, "\(fixture): hook of \(expectedChain.name)")
                #expect(actualChain.comment == expectedChain.comment, "\(fixture): comment of \(expectedChain.name)")
                #expect(
                    actualChain.rules.count == expectedChain.rules.count, "\(fixture): rules of \(expectedChain.name)")
                for (index, (actualRule, expectedRule)) in zip(actualChain.rules, expectedChain.rules).enumerated() {
                    #expect(actualRule == expectedRule, "\(fixture): \(expectedChain.name) rule \(index + 1)")
                }
            }
        }
        #expect(actual == expected)
    }
}
