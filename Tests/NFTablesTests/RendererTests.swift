import Foundation
import Testing

@testable import NFTables

/// `nftText()`: the nft syntax of every statement, the layout of tables, sets and chains, and (with a
/// kernel) that names render to the same kernel state as the numbers they stand for.
@Suite("nft text renderer")
struct RendererTests {
    /// A statement and the text nft reads for it.
    struct Case: CustomTestStringConvertible, Sendable {
        var statement: Statement
        var text: String
        var family: TableFamily = .inet
        var testDescription: String { text }
    }

    private static func address(_ text: String) -> Value { .address(IPAddress(text)!) }
    private static func selector(_ text: String) -> NFTables.Expression { NFTables.Expression(selector: text)! }
    private static func match(_ left: String, _ right: Value, op: MatchOperator = .eq, mask: UInt64? = nil)
        -> Statement
    {
        .match(Match(selector(left), op, right, mask: mask))
    }

    static let matchCases: [Case] = [
        Case(statement: match("tcp dport", .integer(22)), text: "tcp dport 22"),
        Case(statement: match("tcp dport", .integer(22), op: .neq), text: "tcp dport != 22"),
        Case(statement: match("meta length", .integer(100), op: .lt), text: "meta length < 100"),
        Case(statement: match("meta length", .integer(1400), op: .gt), text: "meta length > 1400"),
        Case(statement: match("ip ttl", .integer(1), op: .le), text: "ip ttl <= 1"),
        Case(statement: match("ip6 hoplimit", .integer(64), op: .ge), text: "ip6 hoplimit >= 64"),
        Case(statement: match("ip saddr", .prefix(IPAddress("192.0.2.0")!, 24)), text: "ip saddr 192.0.2.0/24"),
        Case(
            statement: match("ip saddr", .range(address("192.0.2.1"), address("192.0.2.9"))),
            text: "ip saddr 192.0.2.1-192.0.2.9"),
        Case(statement: match("ip6 daddr", address("fd00::1")), text: "ip6 daddr fd00::1"),
        Case(statement: match("meta iifname", .string("eth*")), text: "meta iifname \"eth*\""),
        Case(statement: match("ether saddr", .ether([2, 0, 0, 0, 0, 0xab])), text: "ether saddr 02:00:00:00:00:ab"),
        Case(
            statement: .match(
                Match(selector("tcp dport"), operand: .set([.integer(22), .range(.integer(80), .integer(90))]))),
            text: "tcp dport { 22, 80-90 }"),
        // nft reads `tcp-udp` as one (unknown) name: the bounds of a range of named constants are numbers.
        Case(statement: match("meta l4proto", .range(.integer(6), .integer(17))), text: "meta l4proto 6-17"),
        Case(
            statement: match("icmp type", .range(.string("echo-reply"), .string("echo-request"))),
            text: "icmp type 0-8"),
        Case(
            statement: .match(
                Match(selector("meta l4proto"), operand: .set([.integer(1), .range(.integer(6), .integer(17))]))),
            text: "meta l4proto { icmp, 6-17 }"),
        Case(
            statement: .match(Match(selector("ip saddr"), .neq, operand: .named("blocked"))),
            text: "ip saddr != @blocked"),
        Case(
            statement: .match(
                Match(
                    .concat([selector("ip saddr"), selector("tcp dport")]),
                    operand: .set([.concat([address("192.0.2.1"), .integer(22)])]))),
            text: "ip saddr . tcp dport { 192.0.2.1 . 22 }"),
        Case(statement: match("meta mark", .integer(1), mask: 0xff), text: "meta mark & 0xff == 0x1"),
        Case(statement: match("ct mark", .integer(0), op: .neq, mask: 0xff00), text: "ct mark & 0xff00 != 0x0"),
        Case(
            statement: match("ip saddr", address("192.0.2.0"), mask: 0xffff_ff00),
            text: "ip saddr & 255.255.255.0 == 192.0.2.0"),
        Case(statement: match("ct state", .integer(2 | 4)), text: "ct state established,related"),
        Case(statement: match("ct state", .integer(2 | 4), op: .neq), text: "ct state & (established | related) == 0"),
        Case(statement: match("ct state", .integer(0x100)), text: "ct state 0x100"),
        Case(statement: match("tcp flags", .integer(2), mask: 2 | 16), text: "tcp flags & (syn | ack) == syn"),
        Case(statement: match("tcp flags", .integer(2 | 16), mask: 2 | 16), text: "tcp flags & (syn | ack) == syn|ack"),
        Case(
            statement: .match(Match(selector("tcp flags"), operand: .set([.integer(2), .integer(18)]))),
            text: "tcp flags { syn, syn|ack }"),
        Case(statement: match("ct status", .integer(32)), text: "ct status dnat"),
        Case(statement: match("ct state", .string("established, related")), text: "ct state established,related"),
        Case(
            statement: match("tcp flags", .string("fin|rst"), op: .neq), text: "tcp flags & (fin | rst) == 0"),
        Case(statement: match("meta l4proto", .string("gre")), text: "meta l4proto 47"),
        Case(statement: match("icmp type", .string("echo-reply")), text: "icmp type echo-reply"),
        Case(statement: match("icmp type", .integer(8)), text: "icmp type echo-request"),
        Case(statement: match("icmp type", .integer(200)), text: "icmp type 200"),
        Case(statement: match("icmpv6 type", .integer(135)), text: "icmpv6 type nd-neighbor-solicit"),
        Case(statement: match("meta l4proto", .integer(6)), text: "meta l4proto tcp"),
        Case(statement: match("meta l4proto", .integer(132)), text: "meta l4proto 132"),
        Case(statement: match("ip dscp", .integer(10)), text: "ip dscp af11"),
        Case(statement: match("meta pkttype", .integer(1)), text: "meta pkttype broadcast"),
        Case(statement: match("ct direction", .integer(1)), text: "ct direction reply"),
        Case(statement: match("meta nfproto", .integer(10)), text: "meta nfproto ipv6"),
        Case(statement: match("ct original ip saddr", address("10.0.0.1")), text: "ct original ip saddr 10.0.0.1"),
        Case(
            statement: .match(Match(.numgen(.inc, modulus: 2, offset: 0), .eq, .integer(0))),
            text: "numgen inc mod 2 == 0"),
        Case(
            statement: .match(Match(.jhash(selector("ip saddr"), modulus: 4, seed: 0xa, offset: 1), .lt, .integer(3))),
            text: "jhash ip saddr mod 4 seed 0xa offset 1 < 3"),
    ]

    static let otherCases: [Case] = [
        Case(statement: .counter(), text: "counter"),
        Case(statement: .counter(Counter(packets: 1, bytes: 2)), text: "counter packets 1 bytes 2"),
        Case(statement: .log(Log()), text: "log"),
        Case(statement: .log(Log(prefix: "in: ", level: .warn)), text: "log prefix \"in: \" level warn"),
        Case(
            statement: .log(Log(prefix: "x", group: 2, snaplen: 64, queueThreshold: 10)),
            text: "log prefix \"x\" group 2 snaplen 64 queue-threshold 10"),
        Case(statement: .limit(Limit(rate: 10, unit: .second)), text: "limit rate 10/second"),
        Case(
            statement: .limit(Limit(rate: 5, unit: .minute, burst: 10, over: true)),
            text: "limit rate over 5/minute burst 10 packets"),
        Case(
            statement: .limit(Limit(rate: 1000, unit: .week, burst: 500, bytes: true)),
            text: "limit rate 1000 bytes/week burst 500 bytes"),
        Case(statement: .verdict(.accept), text: "accept"),
        Case(statement: .verdict(.drop), text: "drop"),
        Case(statement: .verdict(.continue), text: "continue"),
        Case(statement: .verdict(.return), text: "return"),
        Case(statement: .verdict(.jump("other")), text: "jump other"),
        Case(statement: .verdict(.goto("other")), text: "goto other"),
        Case(
            statement: .verdictMap(VerdictMap(key: selector("ip daddr"), map: .named("dispatch"))),
            text: "ip daddr vmap @dispatch"),
        Case(
            statement: .verdictMap(
                VerdictMap(
                    key: selector("tcp dport"),
                    map: .anonymous([
                        SetElement(key: .integer(22), verdict: .accept),
                        SetElement(key: .integer(80), verdict: .jump("web")),
                    ]))),
            text: "tcp dport vmap { 22 : accept, 80 : jump web }"),
        Case(statement: .reject(Reject()), text: "reject"),
        Case(statement: .reject(Reject(type: .tcpReset)), text: "reject with tcp reset"),
        Case(statement: .reject(Reject(type: .icmp)), text: "reject with icmp type port-unreachable"),
        Case(statement: .reject(Reject(type: .icmp, code: 1)), text: "reject with icmp type host-unreachable"),
        Case(statement: .reject(Reject(type: .icmp, code: 5)), text: "reject with icmp type 5"),
        Case(statement: .reject(Reject(type: .icmpv6, code: 1)), text: "reject with icmpv6 type admin-prohibited"),
        Case(statement: .reject(Reject(type: .icmpx)), text: "reject with icmpx type port-unreachable"),
        Case(statement: .reject(Reject(type: .icmpx, code: 0)), text: "reject with icmpx type no-route"),
        Case(statement: .metaSet(MetaSet(.mark, value: .integer(1))), text: "meta mark set 0x1"),
        Case(statement: .metaSet(MetaSet(.mark, from: selector("ct mark"))), text: "meta mark set ct mark"),
        Case(statement: .metaSet(MetaSet(.pkttype, value: .integer(0))), text: "meta pkttype set host"),
        Case(
            statement: .metaSet(MetaSet(.mark, from: .numgen(.random, modulus: 4, offset: 1))),
            text: "meta mark set numgen random mod 4 offset 1"),
        Case(statement: .ctSet(CtSet(.mark, from: selector("meta mark"))), text: "ct mark set meta mark"),
        Case(statement: .ctSet(CtSet(.zone, value: .integer(2))), text: "ct zone set 2"),
        Case(statement: .notrack, text: "notrack"),
    ]

    static let natCases: [Case] = [
        Case(
            statement: .nat(NAT(.snat, family: .ip, to: .address(address("192.0.2.1"), port: nil))),
            text: "snat ip to 192.0.2.1"),
        Case(
            statement: .nat(NAT(.dnat, to: .address(address("192.0.2.1"), port: .integer(8080)))),
            text: "dnat to 192.0.2.1:8080", family: .ip),
        Case(
            statement: .nat(NAT(.dnat, family: .ip6, to: .address(address("fd00::1"), port: .integer(8080)))),
            text: "dnat ip6 to [fd00::1]:8080"),
        Case(
            statement: .nat(
                NAT(
                    .dnat, family: .ip6,
                    to: .address(
                        .range(address("fd00::1"), address("fd00::5")), port: .range(.integer(80), .integer(90))))),
            text: "dnat ip6 to [fd00::1]-[fd00::5]:80-90"),
        Case(
            statement: .nat(
                NAT(.snat, family: .ip6, to: .address(.range(address("fd00::1"), address("fd00::5")), port: nil))),
            text: "snat ip6 to fd00::1-fd00::5"),
        Case(
            statement: .nat(
                NAT(
                    .snat, to: .address(.range(address("192.0.2.1"), address("192.0.2.9")), port: nil),
                    flags: [.persistent])),
            text: "snat to 192.0.2.1-192.0.2.9 persistent", family: .ip),
        Case(statement: .nat(NAT(.masquerade)), text: "masquerade"),
        Case(
            statement: .nat(
                NAT(
                    .masquerade, to: .address(nil, port: .range(.integer(1024), .integer(65535))),
                    flags: [.random, .fullyRandom])),
            text: "masquerade to :1024-65535 random,fully-random"),
        Case(statement: .nat(NAT(.redirect, to: .address(nil, port: .integer(8080)))), text: "redirect to :8080"),
        Case(
            statement: .nat(
                NAT(
                    .dnat, family: .ip,
                    to: .map(
                        key: .numgen(.inc, modulus: 2, offset: 0),
                        map: .anonymous([
                            SetElement(key: .integer(0), value: address("192.0.2.1")),
                            SetElement(key: .integer(1), value: address("192.0.2.2")),
                        ])))),
            text: "dnat ip to numgen inc mod 2 map { 0 : 192.0.2.1, 1 : 192.0.2.2 }"),
        Case(
            statement: .nat(
                NAT(
                    .dnat, family: .ip,
                    to: .map(key: .concat([selector("ip daddr"), selector("tcp dport")]), map: .named("forwards")))),
            text: "dnat ip to ip daddr . tcp dport map @forwards"),
        Case(
            statement: .nat(
                NAT(
                    .dnat, family: .ip,
                    to: .map(
                        key: selector("tcp dport"),
                        map: .anonymous([
                            SetElement(key: .integer(80), value: .concat([address("192.0.2.1"), .integer(8080)]))
                        ])))),
            text: "dnat ip to tcp dport map { 80 : 192.0.2.1 . 8080 }"),
        Case(
            statement: .nat(
                NAT(
                    .dnat, family: .ip,
                    to: .map(
                        key: .jhash(selector("ip saddr"), modulus: 2, seed: 1, offset: 0),
                        map: .anonymous([SetElement(key: .integer(0), value: address("192.0.2.1"))])))),
            text: "dnat ip to jhash ip saddr mod 2 seed 0x1 map { 0 : 192.0.2.1 }"),
    ]

    /// The rule line the statement renders to, inside a table of `family`.
    private static func renderedRule(_ statements: [Statement], family: TableFamily, comment: String? = nil) -> String {
        let table = Table(
            family: family, name: "t", chains: [Chain(name: "c", rules: [Rule(statements, comment: comment)])])
        let lines = table.nftText().split(separator: "\n", omittingEmptySubsequences: false)
        // table, chain, the rule, the chain's and the table's closing braces
        guard lines.count == 6 else { return "unexpected layout:\n" + table.nftText() }
        return String(lines[2].drop { $0 == "\t" })
    }

    @Test("matches render in nft syntax", arguments: matchCases)
    func matches(_ testCase: Case) {
        #expect(Self.renderedRule([testCase.statement], family: testCase.family) == testCase.text)
    }

    @Test("statements render in nft syntax", arguments: otherCases)
    func statements(_ testCase: Case) {
        #expect(Self.renderedRule([testCase.statement], family: testCase.family) == testCase.text)
    }

    @Test("NAT renders in nft syntax", arguments: natCases)
    func nat(_ testCase: Case) {
        #expect(Self.renderedRule([testCase.statement], family: testCase.family) == testCase.text)
    }

    @Test("statements of a rule are separated by spaces, the comment comes last")
    func ruleLayout() {
        let rule = Self.renderedRule(
            [Self.match("tcp dport", .integer(22)), .counter(), .verdict(.accept)], family: .inet, comment: "ssh")
        #expect(rule == "tcp dport 22 counter accept comment \"ssh\"")
    }

    @Test("a table renders its comment, then sets, then chains, each in model order")
    func tableLayout() {
        let table = Table(
            family: .inet, name: "filter", comment: "managed by vrc",
            sets: [
                NFTSet(
                    name: "blocked", keyType: [.ipv4Addr], flags: [.interval, .timeout], timeout: 1500, size: 1024,
                    autoMerge: true, comment: "bad hosts",
                    elements: [
                        SetElement(key: .prefix(IPAddress("192.0.2.0")!, 24), comment: "test net"),
                        SetElement(key: Self.address("198.51.100.7")),
                    ]),
                NFTSet(
                    name: "dispatch", keyType: [.ifname, .inetService], dataType: [.verdict],
                    elements: [SetElement(key: .concat([.string("lan0"), .integer(22)]), verdict: .jump("ssh"))]),
            ],
            chains: [
                Chain(
                    name: "input", hook: BaseChain(type: .filter, hook: .input, priority: -10, policy: .drop),
                    rules: [
                        Rule([
                            .verdictMap(
                                VerdictMap(
                                    key: .concat([Self.selector("meta iifname"), Self.selector("tcp dport")]),
                                    map: .named("dispatch")))
                        ])
                    ],
                    comment: "to the router"),
                Chain(name: "ssh", rules: [Rule([.verdict(.accept)])]),
            ])
        let expected = """
            table inet filter {
            \tcomment "managed by vrc"

            \tset blocked {
            \t\ttype ipv4_addr
            \t\tflags interval,timeout
            \t\ttimeout 1s500ms
            \t\tsize 1024
            \t\tauto-merge
            \t\tcomment "bad hosts"
            \t\telements = {
            \t\t\t192.0.2.0/24 comment "test net",
            \t\t\t198.51.100.7
            \t\t}
            \t}

            \tmap dispatch {
            \t\ttype ifname . inet_service : verdict
            \t\telements = { "lan0" . 22 : jump ssh }
            \t}

            \tchain input {
            \t\ttype filter hook input priority -10; policy drop;
            \t\tcomment "to the router"
            \t\tmeta iifname . tcp dport vmap @dispatch
            \t}

            \tchain ssh {
            \t\taccept
            \t}
            }

            """
        #expect(table.nftText() == expected)
        #expect(Ruleset(tables: [table]).nftText() == expected)
    }

    @Test("netdev chains name their device; maps with data render their data type and values")
    func deviceAndMaps() {
        let table = Table(
            family: .netdev, name: "edge",
            sets: [
                NFTSet(
                    name: "backends", keyType: [.ipv4Addr, .inetService], dataType: [.ipv4Addr, .inetService],
                    elements: [
                        SetElement(
                            key: .concat([Self.address("192.0.2.1"), .integer(80)]),
                            value: .concat([Self.address("10.0.0.1"), .integer(8080)]), comment: "web")
                    ])
            ],
            chains: [Chain(name: "in", hook: BaseChain(type: .filter, hook: .ingress, priority: -500, device: "lo"))])
        let text = table.nftText()
        #expect(text.contains("\t\ttype ipv4_addr . inet_service : ipv4_addr . inet_service\n"))
        #expect(text.contains("\t\telements = { 192.0.2.1 . 80 comment \"web\" : 10.0.0.1 . 8080 }\n"))
        #expect(text.contains("\t\ttype filter hook ingress device \"lo\" priority -500;\n"))
    }

    @Test("a map whose data are ranges declares them as intervals, and writes its single values as ranges")
    func intervalData() {
        let ranges = NFTSet(
            name: "pools", keyType: [.ipv4Addr], dataType: [.ipv4Addr], flags: [.interval],
            elements: [
                SetElement(
                    key: .prefix(IPAddress("10.0.0.0")!, 8),
                    value: .range(Self.address("192.0.2.1"), Self.address("192.0.2.9")))
            ])
        var single = ranges
        single.name = "hosts"
        single.elements = [SetElement(key: .prefix(IPAddress("10.0.0.0")!, 8), value: Self.address("192.0.2.1"))]
        var mixed = ranges
        mixed.name = "mixed"
        mixed.elements.append(SetElement(key: .prefix(IPAddress("11.0.0.0")!, 8), value: Self.address("192.0.2.1")))
        let text = Table(family: .ip, name: "nat", sets: [ranges, single, mixed]).nftText()
        #expect(text.contains("\tmap pools {\n\t\ttype ipv4_addr : interval ipv4_addr\n"), "\(text)")
        #expect(text.contains("\t\telements = { 10.0.0.0/8 : 192.0.2.1-192.0.2.9 }\n"), "\(text)")
        #expect(text.contains("\tmap hosts {\n\t\ttype ipv4_addr : ipv4_addr\n"), "\(text)")
        #expect(text.contains("\t\telements = { 10.0.0.0/8 : 192.0.2.1 }\n"), "\(text)")
        // nft refuses a lone address among intervals: it is written as a range of one.
        #expect(text.contains("\t\t\t11.0.0.0/8 : 192.0.2.1-192.0.2.1\n"), "\(text)")
    }

    @Test(
        "set timeouts render as nft durations",
        arguments: [
            (UInt64(1), "1ms"), (1500, "1s500ms"), (60_000, "1m"), (3_600_000, "1h"), (86_400_000, "1d"),
            (90_061_001, "1d1h1m1s1ms"),
        ])
    func durations(milliseconds: UInt64, text: String) {
        let set = NFTSet(name: "s", keyType: [.ipv4Addr], flags: [.timeout], timeout: milliseconds)
        #expect(Table(family: .ip, name: "t", sets: [set]).nftText().contains("\t\ttimeout \(text)\n"))
    }

    @Test("names are bare when nft reads them as names, quoted otherwise")
    func names() {
        let odd = Table(
            family: .inet, name: "vrc.edge-01",
            chains: [Chain(name: "in/eth0"), Chain(name: "_x", rules: [Rule([.verdict(.jump("in/eth0"))])])])
        let text = odd.nftText()
        #expect(text.hasPrefix("table inet vrc.edge-01 {\n"))
        #expect(text.contains("\tchain in/eth0 {\n"))
        #expect(text.contains("\t\tjump in/eth0\n"))
        #expect(Table(family: .ip, name: "my table").nftText().hasPrefix("table ip \"my table\" {"))
        #expect(Table(family: .ip, name: "counter").nftText().hasPrefix("table ip \"counter\" {"))
        #expect(Table(family: .ip, name: "filter").nftText().hasPrefix("table ip filter {"))
    }

    @Test("a ruleset renders each of its tables")
    func severalTables() {
        let ruleset = Ruleset(tables: [Table(family: .ip, name: "a"), Table(family: .ip6, name: "b")])
        #expect(ruleset.nftText() == "table ip a {\n}\n\ntable ip6 b {\n}\n")
    }

    @Test("a large set renders one element per line")
    func largeSet() {
        let count = 100_000
        let elements = (0..<count).map { SetElement(key: .address(.v4(0x0A00_0000 + UInt32($0)))) }
        let text = Table(family: .ip, name: "t", sets: [NFTSet(name: "s", keyType: [.ipv4Addr], elements: elements)])
            .nftText()
        let lines = text.split(separator: "\n")
        #expect(lines.count == count + 7)
        #expect(lines.contains("\t\t\t10.0.0.0,"))
        #expect(lines.contains("\t\t\t10.1.134.159"))
    }

    @Test("the numeric renderer writes every constant as a number")
    func numericRendering() {
        var renderer = NFTTextRenderer(symbolic: false)
        renderer.append(Self.match("icmp type", .integer(8)))
        renderer.output.append(" ")
        renderer.append(.reject(Reject(type: .icmpx, code: 3)))
        renderer.output.append(" ")
        renderer.append(Self.match("ct state", .integer(6)))
        #expect(renderer.output == "icmp type 8 reject with icmpx type 3 ct state 0x6")
    }

    // MARK: - Kernel

    /// Rules that use every named constant the renderer knows, in an inet input chain.
    static func symbolRules() -> [Rule] {
        var rules: [Rule] = []
        let tables: [(String, DataType)] = [
            ("meta l4proto", .inetProto), ("icmp type", .icmpType), ("icmp code", .icmpCode),
            ("icmpv6 type", .icmpv6Type), ("icmpv6 code", .icmpv6Code), ("meta nfproto", .nfProto),
            ("ct direction", .ctDir), ("meta pkttype", .pktType), ("ip dscp", .dscp),
        ]
        for (left, type) in tables {
            let values = NFTSymbols.table(for: type)!.map { Value.integer($0.value) }
            rules.append(Rule([.match(Match(selector(left), operand: .set(values))), .counter()]))
        }
        for (left, type) in [("ct state", DataType.ctState), ("ct status", .ctStatus), ("tcp flags", .tcpFlag)] {
            let flags = NFTSymbols.flagTable(for: type)!
            let all = flags.reduce(UInt64(0)) { $0 | $1.value }
            rules.append(Rule([match(left, .integer(all))]))
            rules.append(Rule([match(left, .integer(all), op: .neq)]))
            for flag in flags { rules.append(Rule([match(left, .integer(flag.value))])) }
            rules.append(Rule([match(left, .integer(flags[0].value), mask: all)]))
        }
        for code in NFTSymbols.table(for: .icmpCode)! {
            rules.append(Rule([.reject(Reject(type: .icmp, code: UInt8(code.value)))]))
        }
        for code in NFTSymbols.table(for: .icmpv6Code)! {
            rules.append(Rule([.reject(Reject(type: .icmpv6, code: UInt8(code.value)))]))
        }
        for code in NFTSymbols.icmpxCode {
            rules.append(Rule([.reject(Reject(type: .icmpx, code: UInt8(code.value)))]))
        }
        return rules
    }

    @Test("constants rendered by name load the same kernel state as their numbers", .kernel)
    func namesMatchNumbers() throws {
        try KernelTestGate.check()
        let chain = Chain(
            name: "c", hook: BaseChain(type: .filter, hook: .input, priority: 0), rules: Self.symbolRules())
        let ruleset = Ruleset(tables: [Table(family: .inet, name: "symbols", chains: [chain])])
        try ruleset.validate()
        var symbolic = NFTTextRenderer(symbolic: true)
        var numeric = NFTTextRenderer(symbolic: false)
        let named = symbolic.render(ruleset)
        let numbered = numeric.render(ruleset)
        #expect(named.contains("echo-request") && named.contains("admin-prohibited") && named.contains("cwr"))
        #expect(!numbered.contains("echo-request") && !numbered.contains("established"))

        func listing(of text: String) throws -> String {
            let result = try ProcessRunner.run(
                ["unshare", "-n", "sh", "-c", "nft -f - && nft list ruleset"], input: text)
            try #require(result.status == 0, "nft refused:\n\(result.stderr)\n\(text)")
            return result.stdout
        }
        let fromNames = try listing(of: named)
        let fromNumbers = try listing(of: numbered)
        #expect(fromNames == fromNumbers)
        #expect(fromNames.contains("chain c {"))
    }

    @Test("every statement case renders to text nft loads", .kernel)
    func statementCasesLoad() throws {
        try KernelTestGate.check()
        var rules: [Rule] = []
        for testCase in Self.matchCases + Self.otherCases where testCase.family == .inet {
            switch testCase.statement {
            case .reject, .nat:
                continue  // these need their own chains, below
            case .metaSet(let set) where set.key == .pkttype:
                continue  // settable at prerouting only
            default:
                rules.append(Rule([testCase.statement]))
            }
        }
        let sets = [
            NFTSet(name: "blocked", keyType: [.ipv4Addr]),
            NFTSet(name: "dispatch", keyType: [.ipv4Addr], dataType: [.verdict]),
            NFTSet(name: "forwards", keyType: [.ipv4Addr, .inetService], dataType: [.ipv4Addr, .inetService]),
        ]
        var natRules: [Rule] = []
        for testCase in Self.natCases where testCase.family == .inet {
            if case .nat(let nat) = testCase.statement, nat.kind == .dnat || nat.kind == .redirect {
                natRules.append(
                    Rule([.match(Match(Self.selector("tcp dport"), .eq, .integer(1))), testCase.statement]))
            }
        }
        var rejectRules: [Rule] = []
        for testCase in Self.otherCases {
            if case .reject = testCase.statement {
                rejectRules.append(
                    Rule([.match(Match(Self.selector("meta l4proto"), .eq, .integer(6))), testCase.statement]))
            }
        }
        let table = Table(
            family: .inet, name: "cases", sets: sets,
            chains: [
                Chain(name: "matches", hook: BaseChain(type: .filter, hook: .input, priority: 0), rules: rules),
                Chain(name: "rejects", hook: BaseChain(type: .filter, hook: .forward, priority: 0), rules: rejectRules),
                Chain(name: "nat", hook: BaseChain(type: .nat, hook: .prerouting, priority: -100), rules: natRules),
                Chain(name: "other"), Chain(name: "web"), Chain(name: "ssh"),
            ])
        let text = table.nftText()
        let result = try ProcessRunner.run(["unshare", "-n", "nft", "-f", "-"], input: text)
        #expect(result.status == 0, "nft refused:\n\(result.stderr)\n\(text)")
    }
}
