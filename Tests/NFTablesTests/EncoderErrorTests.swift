import Testing

@testable import NFTables

/// What the encoder refuses, as nft would, and how it names the place: no kernel needed.
@Suite("Encoder refusals")
struct EncoderErrorTests {
    struct Refusal: Sendable, CustomTestStringConvertible {
        var statements: [Statement]
        var reason: String
        var testDescription: String { reason }
    }

    static let table = Table(
        family: .inet, name: "t",
        sets: [
            NFTSet(name: "addresses", keyType: [.ipv4Addr]),
            NFTSet(name: "verdicts", keyType: [.inetService], dataType: [.verdict]),
        ])

    static let refusals: [Refusal] = [
        Refusal(
            statements: [
                .match(
                    Match(
                        .concat([.payload(.ipSaddr), .payload(.tcpDport)]), .eq, .concat([.integer(1), .integer(2)])))
            ],
            reason: "concatenation"),
        Refusal(
            statements: [
                .match(Match(.payload(.ipSaddr), .eq, .address(IPAddress("10.0.0.1")!))),
                .match(Match(.payload(.ip6Saddr), .eq, .address(IPAddress("fd00::1")!))),
            ],
            reason: "conflicting protocols"),
        Refusal(
            statements: [
                .match(Match(.payload(.tcpDport), .eq, .integer(1))),
                .match(Match(.payload(.udpDport), .eq, .integer(1))),
            ],
            reason: "conflicting protocols"),
        Refusal(
            statements: [
                .nat(NAT(.dnat, family: .ip, to: .address(.address(IPAddress("10.0.0.1")!), port: .integer(80))))
            ], reason: "transport protocol"),
        // nft counts a protocol or an anonymous set of them, not a range or a negation.
        Refusal(
            statements: [
                .match(Match(.meta(.l4proto), .eq, .range(.integer(6), .integer(17)))),
                .nat(NAT(.masquerade, to: .address(nil, port: .integer(1024)))),
            ], reason: "transport protocol"),
        Refusal(
            statements: [
                .match(Match(.meta(.l4proto), .neq, operand: .set([.integer(6), .integer(17)]))),
                .nat(NAT(.masquerade, to: .address(nil, port: .integer(1024)))),
            ], reason: "transport protocol"),
        Refusal(statements: [.match(Match(.payload(.ipSaddr), operand: .named("missing")))], reason: "does not exist"),
        Refusal(statements: [.match(Match(.payload(.ipSaddr), operand: .named("verdicts")))], reason: "is a map"),
        Refusal(statements: [.match(Match(.payload(.tcpDport), operand: .named("addresses")))], reason: "does not fit"),
        Refusal(
            statements: [.match(Match(.payload(.tcpDport), .eq, .integer(70_000)))], reason: "does not fit in 16 bits"),
        Refusal(
            statements: [.match(Match(.payload(.ipSaddr), .eq, .address(IPAddress("fd00::1")!)))],
            reason: "is not a value of this type"),
        Refusal(statements: [.match(Match(.ct(.state), .eq, .string("sleepy")))], reason: "'sleepy' is not a value"),
        Refusal(
            statements: [.match(Match(.payload(.ipSaddr), .lt, .prefix(IPAddress("10.0.0.0")!, 8)))], reason: "a prefix"
        ),
        Refusal(statements: [.match(Match(.payload(.ipSaddr), operand: .set([])))], reason: "at least one element"),
        Refusal(
            statements: [.match(Match(.concat([]), operand: .set([.integer(1), .integer(2)])))],
            reason: "empty concatenation"),
        Refusal(
            statements: [
                .match(
                    Match(
                        .payload(.tcpDport),
                        operand: .set([.range(.integer(10), .integer(20)), .range(.integer(30), .integer(5))])))
            ],
            reason: "is empty"),
        Refusal(statements: [.log(Log(level: .info, group: 1))], reason: "mutually exclusive"),
        Refusal(
            statements: [.nat(NAT(.masquerade, to: .address(.address(IPAddress("10.0.0.1")!), port: nil)))],
            reason: "a port only"),
    ]

    @Test("refused with the rule's location and nft's reason", arguments: refusals)
    func refuses(_ refusal: Refusal) {
        var ids = SetIDAllocator()
        do {
            _ = try RuleEncoder(table: EncoderErrorTests.table).encode(
                Rule(refusal.statements), chain: "c", index: 3, ids: &ids)
            Issue.record("encoded; expected a refusal mentioning '\(refusal.reason)'")
        } catch {
            guard case .invalidRuleset(let location, let reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(location == "table inet t, chain c, rule 3")
            #expect(reason.contains(refusal.reason), "\(reason)")
        }
    }

    @Test("an inet NAT statement takes its family from the address when none is given")
    func natFamilyFromAddress() throws {
        var ids = SetIDAllocator()
        let rule = Rule([.nat(NAT(.snat, to: .address(.address(IPAddress("fd00::1")!), port: nil)))])
        let encoded = try RuleEncoder(table: EncoderErrorTests.table).encode(rule, chain: "c", ids: &ids)
        #expect(EncoderMessages.expressionLines(encoded.rule).last?.contains("nat snat ip6") == true)
    }

    @Test("comments longer than nft's 128 characters are refused for every object")
    func longComments() {
        let long = String(repeating: "x", count: 129)
        let fits = String(repeating: "x", count: 128)
        #expect(throws: NFTablesError.self) {
            try TableEncoder.encode(Table(family: .ip, name: "t", comment: long), owned: true)
        }
        #expect(throws: Never.self) {
            try TableEncoder.encode(Table(family: .ip, name: "t", comment: fits), owned: true)
        }
        #expect(throws: NFTablesError.self) {
            try ChainEncoder.encode(Chain(name: "c", comment: long), in: Table(family: .ip, name: "t"))
        }
        var ids = SetIDAllocator()
        #expect(throws: NFTablesError.self) {
            try RuleEncoder(table: Table(family: .ip, name: "t")).encode(
                Rule([.notrack], comment: long), chain: "c", ids: &ids)
        }
        #expect(throws: NFTablesError.self) {
            try SetEncoder.encode(
                NFTSet(name: "s", keyType: [.mark], comment: long), in: Table(family: .ip, name: "t"), ids: &ids)
        }
        #expect(throws: NFTablesError.self) {
            try SetEncoder.encode(
                NFTSet(name: "s", keyType: [.mark], elements: [SetElement(key: .integer(1), comment: long)]),
                in: Table(family: .ip, name: "t"), ids: &ids)
        }
    }

    @Test("overlapping intervals are refused unless the set merges them")
    func overlappingIntervals() throws {
        let table = Table(family: .ip, name: "t")
        let elements = [
            SetElement(key: .prefix(IPAddress("10.0.0.0")!, 8)), SetElement(key: .prefix(IPAddress("10.1.0.0")!, 16)),
        ]
        var ids = SetIDAllocator()
        #expect(throws: NFTablesError.self) {
            try SetEncoder.encode(
                NFTSet(name: "s", keyType: [.ipv4Addr], flags: [.interval], elements: elements), in: table, ids: &ids)
        }
        let merged = try SetEncoder.encode(
            NFTSet(name: "s", keyType: [.ipv4Addr], flags: [.interval], autoMerge: true, elements: elements), in: table,
            ids: &ids)
        // The end element at zero, then 10.0.0.0 up to 11.0.0.0.
        #expect(merged.elementBatches.count == 1)
        let text = EncoderMessages.setText(merged)
        #expect(
            text.contains("element 00000000 : 1 [end] element 0000000a : 0 [end] element 0000000b : 1 [end]"), "\(text)"
        )
    }

    @Test("set IDs count up from the allocator, anonymous sets included")
    func setIDs() throws {
        var ids = SetIDAllocator(start: 40)
        let table = Table(family: .ip, name: "t", sets: [NFTSet(name: "s", keyType: [.ipv4Addr])])
        let named = try SetEncoder.encode(table.sets[0], in: table, ids: &ids)
        var encoder = RuleEncoder(table: table)
        encoder.namedSetIDs["s"] = named.id
        let rule = Rule([
            .match(Match(.payload(.ipSaddr), operand: .named("s"))),
            .match(Match(.payload(.tcpDport), operand: .set([.integer(1), .integer(2)]))),
        ])
        let encoded = try encoder.encode(rule, chain: "c", ids: &ids)
        #expect(named.id == 41)
        #expect(encoded.anonymousSets.map(\.id) == [42])
        #expect(ids.next() == 43)
    }
}
