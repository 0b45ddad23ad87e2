import Foundation
import NFTables
import Testing

/// Rules written by hand in `nft` syntax, applied with `nft -f` in a fresh namespace, read back: each
/// must come back as the statements written next to it.
@Suite("RulesetReader against the kernel")
struct ReaderKernelTests {
    @Test("hand-written rules read back as their statements", .kernel, arguments: ReaderCases.all)
    func readsBackHandWrittenRules(_ readerCase: ReaderCase) throws {
        let namespace = try TestNamespace()
        defer { namespace.close() }
        try namespace.nft(readerCase.text)

        let ruleset = try RulesetReader(namespace: namespace.namespace).read(
            .tables([TableID(family: readerCase.family, name: "t")]))

        let expected = try readerCase.expectedTable()
        let table = try #require(ruleset.tables.first).withoutHandlesAndCounts
        #expect(ruleset.tables.count == 1)
        #expect(table.comment == expected.comment)
        #expect(table.sets == expected.sets)
        let chain = try #require(table.chain(named: "c"))
        let expectedChain = try #require(expected.chain(named: "c"))
        #expect(chain.rules.count == expectedChain.rules.count)
        for (index, (actual, wanted)) in zip(chain.rules, expectedChain.rules).enumerated() {
            #expect(actual == wanted, "rule \(index + 1): \(readerCase.rules[index].text)")
        }
        #expect(table == expected)
    }

    @Test("handles are read back", .kernel)
    func readsHandles() throws {
        let namespace = try TestNamespace()
        defer { namespace.close() }
        try namespace.nft(
            """
            table inet t {
              set s { type ipv4_addr; }
              chain c { type filter hook input priority 0; tcp dport 22 accept; }
            }
            """)
        let listing = try namespace.run(["nft", "-a", "list", "table", "inet", "t"]).stdout
        let table = try #require(try RulesetReader(namespace: namespace.namespace).read(.all).tables.first)
        let handles = [
            table.handle, table.sets.first?.handle, table.chains.first?.handle, table.chains.first?.rules.first?.handle,
        ]
        #expect(handles.allSatisfy { $0 != nil })
        for handle in handles.dropFirst().compactMap({ $0 }) {
            #expect(listing.contains("# handle \(handle)"))
        }
    }

    @Test("owned selects only tables with vrc's marker; all and tables select by name", .kernel)
    func selections() throws {
        let namespace = try TestNamespace()
        defer { namespace.close() }
        try namespace.nft("table ip a { }\ntable inet b { }\ntable ip6 c { }")
        let reader = RulesetReader(namespace: namespace.namespace)
        #expect(try reader.read().tables.isEmpty)
        #expect(try reader.ownedTables().isEmpty)
        #expect(
            try reader.read(.all).tables.map(\.id) == [
                TableID(family: .ip, name: "a"), TableID(family: .inet, name: "b"), TableID(family: .ip6, name: "c"),
            ])
        let picked = [
            TableID(family: .ip6, name: "c"), TableID(family: .ip, name: "missing"), TableID(family: .ip, name: "a"),
        ]
        #expect(try reader.read(.tables(picked)).tables.map(\.id) == [picked[0], picked[2]])
    }

    @Test("tables vrc applied carry its marker: owned reads them and nothing else", .kernel)
    func ownedTables() throws {
        let namespace = try TestNamespace()
        defer { namespace.close() }
        try namespace.nft("table inet theirs {\n  chain c { type filter hook input priority 0; }\n}\n")
        let mine = Ruleset(tables: [
            Table(
                family: .inet, name: "mine", comment: "vrc's",
                chains: [
                    Chain(
                        name: "input", hook: BaseChain(type: .filter, hook: .input, priority: 0, policy: .drop),
                        rules: [Rule([.match(Match(.payload(.tcpDport), .eq, .integer(22))), .verdict(.accept)])])
                ])
        ])
        try mine.apply(to: namespace.namespace)
        let reader = RulesetReader(namespace: namespace.namespace)

        #expect(try reader.ownedTables() == [TableID(family: .inet, name: "mine")])
        #expect(try reader.read().readBackCanonical == mine.readBackCanonical)
        #expect(try reader.read(.all).tables.map(\.name) == ["theirs", "mine"])
    }

    @Test("the generation grows with every change", .kernel)
    func generation() throws {
        let namespace = try TestNamespace()
        defer { namespace.close() }
        let reader = RulesetReader(namespace: namespace.namespace)
        let before = try reader.generation()
        #expect(try reader.generation() == before)
        try namespace.nft("table ip a { }")
        let after = try reader.generation()
        #expect(after != before)
        #expect(try reader.readLeniently(.all).generation == after)
    }

    @Test("a namespace that does not exist is its own error")
    func missingNamespace() {
        let reader = RulesetReader(namespace: .path("/nonexistent/vrc-reader-test"))
        #expect(throws: NFTablesError.namespaceNotFound(.path("/nonexistent/vrc-reader-test"))) {
            try reader.read()
        }
    }
}

extension Table {
    /// The table without handles and with counters at zero: what a hand-written expectation can know.
    var withoutHandlesAndCounts: Table {
        var table = self
        table.handle = nil
        table.sets = sets.map { set in
            var set = set
            set.handle = nil
            return set
        }
        table.chains = chains.map { chain in
            var chain = chain
            chain.handle = nil
            chain.rules = chain.rules.map { rule in
                var rule = rule
                rule.handle = nil
                rule.statements = rule.statements.map { statement in
                    if case .counter = statement { return .counter(Counter()) }
                    return statement
                }
                return rule
            }
            return chain
        }
        return table
    }
}
