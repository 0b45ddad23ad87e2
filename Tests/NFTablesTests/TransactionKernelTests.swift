import Foundation
import Testing

@testable import NFTables

/// Transactions against the kernel, each test in its own fresh network namespace.
@Suite("Transaction in the kernel")
struct TransactionKernelTests {
    /// A vrc table with a base chain, a regular chain, a set and a few rules.
    static func sampleTable(name: String = "vrc", comment: String? = nil, port: UInt64 = 22) -> Table {
        Table(
            family: .inet, name: name, comment: comment,
            sets: [
                NFTSet(
                    name: "allowed", keyType: [.ipv4Addr],
                    elements: [SetElement(key: .address(IPAddress("192.0.2.1")!))])
            ],
            chains: [
                Chain(
                    name: "input", hook: BaseChain(type: .filter, hook: .input, priority: 0, policy: .accept),
                    rules: [
                        Rule([.match(Match(.payload(.tcpDport), .eq, .integer(port))), .verdict(.jump("services"))]),
                        Rule([.counter(), .verdict(.accept)]),
                    ]),
                Chain(name: "services", rules: [Rule([.verdict(.accept)])]),
            ])
    }

    /// Runs `body` and returns the kernel's refusals, recording an issue when it does not throw them.
    static func refusals<R>(
        sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R
    ) -> [KernelRefusal] {
        guard let error = error(sourceLocation: sourceLocation, body) else { return [] }
        guard case .kernelRefused(let refusals) = error else {
            Issue.record("expected kernelRefused, got \(error)", sourceLocation: sourceLocation)
            return []
        }
        return refusals
    }

    /// Runs `body` and returns the error it throws, recording an issue when it throws none.
    static func error<R>(
        sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R
    ) -> NFTablesError? {
        do {
            _ = try body()
            Issue.record("expected an error", sourceLocation: sourceLocation)
        } catch let error as NFTablesError {
            return error
        } catch {
            Issue.record("expected an NFTablesError, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    @Test("commit applies a table that nft lists with its objects, marked as vrc's", .kernel)
    func commitApplies() throws {
        let namespace = try TestNamespace()
        var transaction = Transaction(namespace: namespace.namespace)
        transaction.add(Self.sampleTable())
        let report = try transaction.commit()
        // BEGIN, table, set, elements, 2 chains, 3 rules, END.
        #expect(report.messages == 10)
        #expect(report.bytes > 0)
        #expect(!report.checkOnly)
        let listed = try namespace.listTable(family: .inet, name: "vrc")
        #expect(listed.contains("chain input"))
        #expect(listed.contains("jump services"))
        #expect(listed.contains("192.0.2.1"))
        #expect(
            try RulesetReader(namespace: namespace.namespace).ownedTables() == [TableID(family: .inet, name: "vrc")])
    }

    @Test("check mode leaves the ruleset byte-for-byte as it was, for a valid and for an invalid batch", .kernel)
    func checkModeCommitsNothing() throws {
        let namespace = try TestNamespace()
        try namespace.nft("table inet other {\n chain c { type filter hook input priority 0; policy accept; }\n}")
        try Ruleset(tables: [Self.sampleTable()]).apply(to: namespace.namespace)
        let before = try namespace.listRuleset()

        var valid = Transaction(namespace: namespace.namespace)
        valid.replace(Self.sampleTable(comment: "changed", port: 2222))
        valid.add(Self.sampleTable(name: "vrc2"))
        let report = try valid.check()
        #expect(report.checkOnly)
        #expect(report.messages > 2)
        #expect(try namespace.listRuleset() == before)

        // The same through the ruleset API.
        try Ruleset(tables: [Self.sampleTable(name: "vrc3")]).apply(to: namespace.namespace, checkOnly: true)
        #expect(try namespace.listRuleset() == before)

        var invalid = Transaction(namespace: namespace.namespace)
        invalid.add(Self.sampleTable(name: "vrc4"))
        invalid.add(Table(family: .inet, name: "other"), sources: Transaction.Sources(table: "input.nft:7"))
        let refusals = Self.refusals { try invalid.check() }
        #expect(refusals.map { $0.object } == ["table inet other"])
        #expect(refusals.map { $0.errno } == [EEXIST])
        #expect(refusals.map { $0.source } == ["input.nft:7"])
        #expect(try namespace.listRuleset() == before)
    }

    @Test("a refused batch applies nothing and names every refused object", .kernel)
    func refusedBatchAppliesNothing() throws {
        let namespace = try TestNamespace()
        try Ruleset(tables: [Self.sampleTable()]).apply(to: namespace.namespace)
        let before = try namespace.listRuleset()
        var transaction = Transaction(namespace: namespace.namespace)
        transaction.replace(Self.sampleTable(port: 2222))
        transaction.add(Self.sampleTable(name: "extra"))
        transaction.delete(TableID(family: .ip, name: "missing"))
        transaction.flush(chain: "nonexistent", in: TableID(family: .inet, name: "extra"))
        let refusals = Self.refusals { try transaction.commit() }
        #expect(refusals.map { $0.object } == ["table ip missing", "rules of chain inet extra nonexistent"])
        #expect(refusals.allSatisfy { $0.errno == ENOENT })
        #expect(try namespace.listRuleset() == before)
    }

    @Test("a batch built against an older generation is refused as generationChanged", .kernel)
    func generationGuard() throws {
        let namespace = try TestNamespace()
        try Ruleset(tables: [Self.sampleTable()]).apply(to: namespace.namespace)
        let generation = try RulesetReader(namespace: namespace.namespace).generation()

        // Another writer changes the ruleset after the generation was read.
        try namespace.nft("add table inet intruder")
        let before = try namespace.listRuleset()

        // Checked by the kernel: the batch reaches it with NFNL_BATCH_GENID in BEGIN.
        var adding = Transaction(namespace: namespace.namespace, generationGuard: generation)
        adding.add(Self.sampleTable(name: "second"))
        let kernelError = Self.error { try adding.commit() }
        #expect(kernelError == .generationChanged(expected: generation))

        // Checked before sending, where the transaction reads the tables anyway.
        var replacing = Transaction(namespace: namespace.namespace, generationGuard: generation)
        replacing.replace(Self.sampleTable(port: 2222))
        #expect(Self.error { try replacing.commit() } == .generationChanged(expected: generation))
        #expect(try namespace.listRuleset() == before)

        // With the current generation both go through.
        let current = try RulesetReader(namespace: namespace.namespace).generation()
        #expect(current != generation)
        adding.generationGuard = current
        try adding.commit()
        #expect(try namespace.listRuleset() != before)
    }

    @Test("another tool's table survives apply and flushOwned, and is never replaced", .kernel)
    func foreignTableUntouched() throws {
        let namespace = try TestNamespace()
        try namespace.nft(
            """
            table inet other {
                set s { type ipv4_addr; elements = { 192.0.2.7 } }
                chain c { type filter hook input priority 0; policy accept; ip saddr @s counter accept; }
            }
            """)
        let before = try namespace.listTable(family: "inet", name: "other")

        let ruleset = Ruleset(tables: [Self.sampleTable(), Self.sampleTable(name: "vrc-two")])
        for _ in 0..<3 {
            try ruleset.apply(to: namespace.namespace)
            try ruleset.apply(to: namespace.namespace, checkOnly: true)
        }
        #expect(try namespace.listTable(family: "inet", name: "other") == before)

        // A ruleset that names the foreign table is refused whole.
        let clash = Ruleset(tables: [Self.sampleTable(name: "vrc-three"), Self.sampleTable(name: "other")])
        let refusal = Self.error { try clash.apply(to: namespace.namespace) }
        guard case .invalidRuleset(let location, _) = refusal else {
            Issue.record("expected invalidRuleset, got \(String(describing: refusal))")
            return
        }
        #expect(location == "table inet other")
        #expect(throws: (any Error).self) { try namespace.listTable(family: "inet", name: "vrc-three") }

        var deleting = Transaction(namespace: namespace.namespace)
        deleting.delete(TableID(family: .inet, name: "other"))
        #expect(Self.error { try deleting.commit() } != nil)

        let flushed = try Ruleset.flushOwned(in: namespace.namespace)
        #expect(Set(flushed) == [TableID(family: .inet, name: "vrc"), TableID(family: .inet, name: "vrc-two")])
        #expect(try namespace.listTable(family: "inet", name: "other") == before)
        let tables = try namespace.checkedRun(["nft", "list", "tables"])
        #expect(tables.split(separator: "\n") == ["table inet other"])
        #expect(try Ruleset.flushOwned(in: namespace.namespace) == [])
    }

    @Test("a batch of 10,000 rules with one bad rule is refused whole, naming that rule", .kernel)
    func tenThousandRulesOneBad() throws {
        let namespace = try TestNamespace()
        try Ruleset(tables: [Self.sampleTable()]).apply(to: namespace.namespace)
        let before = try namespace.listRuleset()

        let count = 10_000
        let bad = Int.random(in: 0..<count)
        var rules: [Rule] = []
        rules.reserveCapacity(count)
        for index in 0..<count {
            let target = index == bad ? "missing" : "services"
            rules.append(
                Rule([
                    .match(Match(.payload(.tcpDport), .eq, .integer(UInt64(index % 65_535 + 1)))),
                    .verdict(.jump(target)),
                ]))
        }
        var table = Self.sampleTable(port: 2222)
        table.chains.append(
            Chain(
                name: "forward", hook: BaseChain(type: .filter, hook: .forward, priority: 0, policy: .accept),
                rules: rules))
        // Rule k came from line k + 1 of an imported dump.
        let sources = Transaction.Sources(rules: ["forward": (0..<count).map { "rules.v4:\($0 + 1)" }])
        var transaction = Transaction(namespace: namespace.namespace)
        transaction.replace(table, sources: sources)
        let refusals = Self.refusals { try transaction.commit() }
        #expect(refusals.count == 1)
        #expect(refusals.first?.object == "rule #\(bad) of chain inet vrc forward")
        #expect(refusals.first?.errno == ENOENT)
        #expect(refusals.first?.source == "rules.v4:\(bad + 1)")
        #expect(try namespace.listRuleset() == before)
    }

    @Test("minimal updates: elements, rules at positions, rule deletion by handle, flush", .kernel)
    func minimalUpdates() throws {
        let namespace = try TestNamespace()
        let table = Self.sampleTable()
        try Ruleset(tables: [table]).apply(to: namespace.namespace)
        let allowed = table.sets[0]

        var update = Transaction(namespace: namespace.namespace)
        update.addElements([SetElement(key: .address(IPAddress("192.0.2.2")!))], to: allowed, in: table)
        update.deleteElements([SetElement(key: .address(IPAddress("192.0.2.1")!))], from: allowed, in: table)
        update.add(rule: Rule([.counter(), .verdict(.drop)], comment: "first"), to: "services", in: table, at: .start)
        update.add(rule: Rule([.verdict(.accept)], comment: "last"), to: "services", in: table)
        try update.commit()
        let set = try namespace.checkedRun(["nft", "list", "set", "inet", "vrc", "allowed"])
        #expect(set.contains("192.0.2.2"))
        #expect(!set.contains("192.0.2.1"))
        let services = try RulesetReader(namespace: namespace.namespace).read().tables.first?.chain(named: "services")
        #expect(services?.rules.map(\.comment) == ["first", nil, "last"])

        // Delete the middle rule by the handle the kernel gave it, and put one after "first".
        let handles = services?.rules.compactMap(\.handle) ?? []
        #expect(handles.count == 3)
        guard handles.count == 3 else { return }
        var byHandle = Transaction(namespace: namespace.namespace)
        byHandle.delete(ruleHandle: handles[1], in: "services", of: table.id)
        byHandle.add(
            rule: Rule([.verdict(.accept)], comment: "second"), to: "services", in: table,
            at: .after(handle: handles[0]))
        try byHandle.commit()
        let after = try RulesetReader(namespace: namespace.namespace).read().tables.first?.chain(named: "services")
        #expect(after?.rules.map(\.comment) == ["first", "second", "last"])

        var flush = Transaction(namespace: namespace.namespace)
        flush.flush(chain: "services", in: table.id)
        try flush.commit()
        let flushed = try RulesetReader(namespace: namespace.namespace).read().tables.first?.chain(named: "services")
        #expect(flushed?.rules.isEmpty == true)
    }

    @Test("changes inside another tool's table are refused before anything is sent", .kernel)
    func foreignTableChangesRefused() throws {
        let namespace = try TestNamespace()
        try namespace.nft("table inet other {\n set s { type ipv4_addr; }\n chain c { }\n}")
        let before = try namespace.listRuleset()
        let foreign = Table(
            family: .inet, name: "other", sets: [NFTSet(name: "s", keyType: [.ipv4Addr])], chains: [Chain(name: "c")])
        var attempts: [Transaction] = []
        for index in 0..<3 {
            var transaction = Transaction(namespace: namespace.namespace)
            switch index {
            case 0:
                transaction.addElements(
                    [SetElement(key: .address(IPAddress("192.0.2.9")!))], to: foreign.sets[0], in: foreign)
            case 1: transaction.add(rule: Rule([.verdict(.accept)]), to: "c", in: foreign)
            default: transaction.flush(chain: "c", in: foreign.id)
            }
            attempts.append(transaction)
        }
        for transaction in attempts {
            let error = Self.error { try transaction.commit() }
            guard case .invalidRuleset(let location, _) = error else {
                Issue.record("expected invalidRuleset, got \(String(describing: error))")
                continue
            }
            #expect(location == "table inet other")
        }
        #expect(try namespace.listRuleset() == before)
    }

    @Test("one set of 1,000,000 elements goes in one transaction", .kernel)
    func millionElements() throws {
        let namespace = try TestNamespace()
        let count = 1_000_000
        var elements: [SetElement] = []
        elements.reserveCapacity(count)
        for index in 0..<count {
            elements.append(SetElement(key: .address(.v4(0x0A00_0000 + UInt32(index)))))
        }
        let table = Table(
            family: .inet, name: "vrc",
            sets: [NFTSet(name: "big", keyType: [.ipv4Addr], elements: elements)])
        var transaction = Transaction(namespace: namespace.namespace)
        transaction.replace(table)
        let report = try transaction.commit()
        print("1,000,000 elements: \(report)")
        #expect(report.bytes > count * 8)
        let listed = try namespace.checkedRun(["nft", "-j", "list", "set", "inet", "vrc", "big"])
        let json = try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [String: Any]
        let objects = json?["nftables"] as? [[String: Any]] ?? []
        let set = objects.compactMap { $0["set"] as? [String: Any] }.first
        #expect((set?["elem"] as? [Any])?.count == count)
    }
}
