import Testing

@testable import NFTables

/// One rule to encode, with the nft text that says the same thing.
struct EncoderCase: CustomTestStringConvertible, Sendable {
    /// Which chain of the fixture table the rule goes to.
    enum ChainKind: String, Sendable, CaseIterable {
        case filter, pre, post
    }

    var family: TableFamily
    var chain: ChainKind
    var nft: String
    var rule: Rule

    var testDescription: String { "\(family.rawValue) \(chain.rawValue): \(nft)" }
}

/// The fixture tables the rule cases run in, and the cases themselves.
enum EncoderFixtures {
    // MARK: Tables

    /// Named sets that rules refer to, and their nft declarations.
    static func sets(for family: TableFamily) -> [(NFTSet, String)] {
        var sets: [(NFTSet, String)] = [
            (NFTSet(name: "mk", keyType: [.mark], flags: [.interval]), "type mark; flags interval;"),
            (NFTSet(name: "ms", keyType: [.mark]), "type mark;"),
            (NFTSet(name: "ports", keyType: [.inetService]), "type inet_service;"),
            (NFTSet(name: "pvm", keyType: [.inetService], dataType: [.verdict]), "type inet_service : verdict;"),
        ]
        if family != .ip6 {
            sets += [
                (NFTSet(name: "s4", keyType: [.ipv4Addr]), "type ipv4_addr;"),
                (NFTSet(name: "n4", keyType: [.ipv4Addr], flags: [.interval]), "type ipv4_addr; flags interval;"),
                (NFTSet(name: "cs", keyType: [.ipv4Addr, .inetService]), "type ipv4_addr . inet_service;"),
                (
                    NFTSet(name: "ci", keyType: [.ipv4Addr, .inetService], flags: [.interval]),
                    "type ipv4_addr . inet_service; flags interval;"
                ),
                (NFTSet(name: "vm", keyType: [.ipv4Addr], dataType: [.verdict]), "type ipv4_addr : verdict;"),
                (NFTSet(name: "nm", keyType: [.ipv4Addr], dataType: [.ipv4Addr]), "type ipv4_addr : ipv4_addr;"),
                (
                    NFTSet(name: "npm", keyType: [.inetService], dataType: [.ipv4Addr, .inetService]),
                    "type inet_service : ipv4_addr . inet_service;"
                ),
            ]
        }
        if family != .ip {
            sets += [
                (NFTSet(name: "s6", keyType: [.ipv6Addr]), "type ipv6_addr;"),
                (NFTSet(name: "nm6", keyType: [.ipv6Addr], dataType: [.ipv6Addr]), "type ipv6_addr : ipv6_addr;"),
            ]
        }
        return sets
    }

    static let hooks: [EncoderCase.ChainKind: (BaseChain, String)] = [
        .filter: (
            BaseChain(type: .filter, hook: .forward, priority: 0, policy: .drop),
            "type filter hook forward priority 0; policy drop;"
        ),
        .pre: (BaseChain(type: .nat, hook: .prerouting, priority: -100), "type nat hook prerouting priority -100;"),
        .post: (BaseChain(type: .nat, hook: .postrouting, priority: 100), "type nat hook postrouting priority 100;"),
    ]

    /// The table of `family` holding every case of that family, and its nft text.
    static func table(_ family: TableFamily, cases: [EncoderCase]) -> (Table, String) {
        var table = Table(family: family, name: "t")
        var text = "table \(family.rawValue) t {\n"
        for (set, declaration) in sets(for: family) {
            table.sets.append(set)
            text += "  \(set.isMap ? "map" : "set") \(set.name) { \(declaration) }\n"
        }
        for kind in EncoderCase.ChainKind.allCases {
            let (hook, declaration) = hooks[kind]!
            let rules = cases.filter { $0.family == family && $0.chain == kind }
            table.chains.append(Chain(name: kind.rawValue, hook: hook, rules: rules.map(\.rule)))
            text += "  chain \(kind.rawValue) {\n    \(declaration)\n"
            for rule in rules {
                text += "    \(rule.nft)\n"
            }
            text += "  }\n"
        }
        table.chains.append(Chain(name: "other"))
        text += "  chain other {\n  }\n}\n"
        return (table, text)
    }

    // MARK: Shorthands

    static func match(_ left: Expression, _ op: MatchOperator, _ value: Value, mask: UInt64? = nil) -> Statement {
        .match(Match(left, op, value, mask: mask))
    }

    static func match(_ left: Expression, _ value: Value, mask: UInt64? = nil) -> Statement {
        .match(Match(left, .eq, value, mask: mask))
    }

    static func match(_ left: Expression, _ op: MatchOperator = .eq, set values: [Value]) -> Statement {
        .match(Match(left, op, operand: .set(values)))
    }

    static func match(_ left: Expression, _ op: MatchOperator = .eq, named name: String) -> Statement {
        .match(Match(left, op, operand: .named(name)))
    }

    static func v(_ text: String) -> Value { Value(parsing: text) }
    static func n(_ number: UInt64) -> Value { .integer(number) }
    static func r(_ low: Value, _ high: Value) -> Value { .range(low, high) }
    static func c(_ parts: Value...) -> Value { .concat(parts) }

    static let accept = Statement.verdict(.accept)
    static let drop = Statement.verdict(.drop)
    static let saddr = Expression.payload(.ipSaddr)
    static let daddr = Expression.payload(.ipDaddr)
    static let saddr6 = Expression.payload(.ip6Saddr)
    static let daddr6 = Expression.payload(.ip6Daddr)
    static let dport = Expression.payload(.tcpDport)
    static let mark = Expression.meta(.mark)

    static func rule(
        _ family: TableFamily, _ chain: EncoderCase.ChainKind = .filter, _ nft: String, _ statements: [Statement],
        comment: String? = nil
    )
        -> EncoderCase
    {
        EncoderCase(family: family, chain: chain, nft: nft, rule: Rule(statements, comment: comment))
    }

    // MARK: Cases

    /// Matches that read the same in every family that has IPv4.
    static func ipv4Matches(_ family: TableFamily) -> [EncoderCase] {
        var cases: [EncoderCase] = []
        cases.append(
            rule(family, .filter, "ip saddr 10.0.0.0/8 accept", [match(saddr, v("10.0.0.0/8")), accept]))
        cases.append(
            rule(family, .filter, "ip saddr 10.1.2.0/23 drop", [match(saddr, v("10.1.2.0/23")), drop]))
        cases.append(
            rule(family, .filter, "ip saddr != 192.0.2.0/24 drop", [match(saddr, .neq, v("192.0.2.0/24")), drop]))
        cases.append(
            rule(family, .filter, "ip saddr 0.0.0.0/0 accept", [match(saddr, v("0.0.0.0/0")), accept]))
        cases.append(
            rule(family, .filter, "ip daddr 192.0.2.1 accept", [match(daddr, v("192.0.2.1")), accept]))
        cases.append(
            rule(
                family, .filter, "ip saddr 192.0.2.1-192.0.2.9 drop",
                [match(saddr, r(v("192.0.2.1"), v("192.0.2.9"))), drop]))
        cases.append(
            rule(
                family, .filter, "ip saddr != 192.0.2.1-192.0.2.9 drop",
                [match(saddr, .neq, r(v("192.0.2.1"), v("192.0.2.9"))), drop]))
        cases.append(
            rule(family, .filter, "ip saddr >= 192.0.2.1 drop", [match(saddr, .ge, v("192.0.2.1")), drop]))
        cases.append(
            rule(
                family, .filter, "ip saddr 192.0.2.1 ip daddr 198.51.100.0/24 udp dport 53 accept",
                [
                    match(saddr, v("192.0.2.1")), match(daddr, v("198.51.100.0/24")),
                    match(.payload(.udpDport), n(53)), accept,
                ]))
        cases.append(
            rule(
                family, .filter, "ip protocol tcp tcp dport 22 accept",
                [match(.payload(.ipProtocol), n(6)), match(dport, n(22)), accept]))
        cases.append(
            rule(
                family, .filter, "ip protocol { 6, 17 } accept",
                [match(.payload(.ipProtocol), set: [n(6), n(17)]), accept]))
        cases.append(
            rule(family, .filter, "ip ttl 1 drop", [match(.payload(.ipTtl), n(1)), drop]))
        cases.append(
            rule(family, .filter, "ip length < 100 drop", [match(.payload(.ipLength), .lt, n(100)), drop]))
        cases.append(
            rule(family, .filter, "ip length 100-200 drop", [match(.payload(.ipLength), r(n(100), n(200))), drop]))
        cases.append(
            rule(family, .filter, "ip dscp cs1 accept", [match(.payload(.ipDscp), n(8)), accept]))
        cases.append(
            rule(family, .filter, "ip dscp != 0x2e accept", [match(.payload(.ipDscp), .neq, n(46)), accept]))
        cases.append(
            rule(
                family, .filter, "ip dscp { cs1, cs2 } accept", [match(.payload(.ipDscp), set: [n(8), n(16)]), accept]))
        cases.append(
            rule(family, .filter, "icmp type echo-request accept", [match(.payload(.icmpType), n(8)), accept]))
        cases.append(
            rule(family, .filter, "icmp code 3 accept", [match(.payload(.icmpCode), n(3)), accept]))
        cases.append(
            rule(
                family, .filter, "icmp type { echo-request, echo-reply } accept",
                [match(.payload(.icmpType), set: [v("echo-request"), v("echo-reply")]), accept]))
        cases.append(
            rule(
                family, .filter, "ip saddr { 10.0.0.1, 10.0.0.2 } accept",
                [match(saddr, set: [v("10.0.0.1"), v("10.0.0.2")]), accept]))
        cases.append(
            rule(
                family, .filter, "ip saddr != { 10.0.0.1, 10.0.0.2 } accept",
                [match(saddr, .neq, set: [v("10.0.0.1"), v("10.0.0.2")]), accept]))
        cases.append(
            rule(
                family, .filter, "ip saddr { 10.0.0.0/8, 192.0.2.0/24 } drop",
                [match(saddr, set: [v("10.0.0.0/8"), v("192.0.2.0/24")]), drop]))
        cases.append(
            rule(
                family, .filter, "ip saddr { 10.0.0.0/8, 10.1.0.0/16, 11.0.0.0/8, 200.0.0.0-255.255.255.255 } drop",
                [
                    match(
                        saddr,
                        set: [
                            v("10.0.0.0/8"), v("10.1.0.0/16"), v("11.0.0.0/8"), r(v("200.0.0.0"), v("255.255.255.255")),
                        ]),
                    drop,
                ]))
        cases.append(
            rule(family, .filter, "ip saddr { 10.0.0.0/8 } accept", [match(saddr, set: [v("10.0.0.0/8")]), accept]))
        cases.append(
            rule(
                family, .filter, "ip saddr != { 10.0.0.0/8 } accept",
                [match(saddr, .neq, set: [v("10.0.0.0/8")]), accept]))
        cases.append(
            rule(
                family, .filter, "ip daddr . tcp dport { 192.0.2.1 . 22, 192.0.2.2 . 80 } accept",
                [match(.concat([daddr, dport]), set: [c(v("192.0.2.1"), n(22)), c(v("192.0.2.2"), n(80))]), accept]))
        cases.append(
            rule(
                family, .filter, "ip saddr . tcp dport { 10.0.0.0/8 . 22-25, 192.0.2.1 . 80 } accept",
                [
                    match(
                        .concat([saddr, dport]), set: [c(v("10.0.0.0/8"), r(n(22), n(25))), c(v("192.0.2.1"), n(80))]),
                    accept,
                ]))
        cases.append(
            rule(
                family, .filter, "ip saddr . meta mark { 10.0.0.1 . 1-2, 10.0.0.2 . 3 } accept",
                [
                    match(.concat([saddr, mark]), set: [c(v("10.0.0.1"), r(n(1), n(2))), c(v("10.0.0.2"), n(3))]),
                    accept,
                ]))
        cases.append(
            rule(
                family, .filter, "ip saddr . meta mark { 10.0.0.1 . 1, 10.0.0.2 . 3 } accept",
                [match(.concat([saddr, mark]), set: [c(v("10.0.0.1"), n(1)), c(v("10.0.0.2"), n(3))]), accept]))
        cases.append(
            rule(
                family, .filter, "meta iifname . ip saddr { \"eth0\" . 10.0.0.1, \"eth1\" . 10.0.0.2 } accept",
                [
                    match(
                        .concat([.meta(.iifname), saddr]),
                        set: [c(.string("eth0"), v("10.0.0.1")), c(.string("eth1"), v("10.0.0.2"))]),
                    accept,
                ]))
        cases.append(
            rule(
                family, .filter, "ip dscp . tcp dport { cs1 . 22, cs2 . 23 } accept",
                [match(.concat([.payload(.ipDscp), dport]), set: [c(n(8), n(22)), c(n(16), n(23))]), accept]))
        cases.append(
            rule(
                family, .filter, "ip saddr . ip dscp { 10.0.0.1 . cs1, 10.0.0.2 . cs2 } accept",
                [
                    match(
                        .concat([saddr, .payload(.ipDscp)]), set: [c(v("10.0.0.1"), n(8)), c(v("10.0.0.2"), n(16))]),
                    accept,
                ]))
        cases.append(
            rule(family, .filter, "ip saddr @s4 drop", [match(saddr, named: "s4"), drop]))
        cases.append(
            rule(family, .filter, "ip saddr != @s4 drop", [match(saddr, .neq, named: "s4"), drop]))
        cases.append(
            rule(family, .filter, "ip saddr @n4 drop", [match(saddr, named: "n4"), drop]))
        cases.append(
            rule(
                family, .filter, "ip saddr . tcp dport @cs drop", [match(.concat([saddr, dport]), named: "cs"), drop]))
        cases.append(
            rule(
                family, .filter, "ip saddr . tcp dport @ci drop", [match(.concat([saddr, dport]), named: "ci"), drop]))
        cases.append(
            rule(family, .filter, "ip daddr vmap @vm", [.verdictMap(VerdictMap(key: daddr, map: .named("vm")))]))
        cases.append(
            rule(
                family, .filter, "ip saddr vmap { 10.0.0.1 : accept, 10.0.0.2 : drop }",
                [
                    .verdictMap(
                        VerdictMap(
                            key: saddr,
                            map: .anonymous([
                                SetElement(key: v("10.0.0.1"), verdict: .accept),
                                SetElement(key: v("10.0.0.2"), verdict: .drop),
                            ])))
                ]))
        cases.append(
            rule(
                family, .filter, "ip saddr vmap { 10.0.0.0/8 : accept, 11.0.0.1 : jump other }",
                [
                    .verdictMap(
                        VerdictMap(
                            key: saddr,
                            map: .anonymous([
                                SetElement(key: v("10.0.0.0/8"), verdict: .accept),
                                SetElement(key: v("11.0.0.1"), verdict: .jump("other")),
                            ])))
                ]))
        cases.append(
            rule(
                family, .filter, "ip saddr . tcp dport vmap { 10.0.0.1 . 22 : accept }",
                [
                    .verdictMap(
                        VerdictMap(
                            key: .concat([saddr, dport]),
                            map: .anonymous([
                                SetElement(key: c(v("10.0.0.1"), n(22)), verdict: .accept)
                            ])))
                ]))
        cases.append(
            rule(
                family, .filter, "ct original ip saddr 10.0.0.1 accept",
                [match(.ct(.originalIpSaddr), v("10.0.0.1")), accept]))
        cases.append(
            rule(
                family, .filter, "ct original ip saddr 10.0.0.0/8 accept",
                [match(.ct(.originalIpSaddr), v("10.0.0.0/8")), accept]))
        cases.append(
            rule(
                family, .filter, "ct reply ip daddr { 10.0.0.1, 10.0.0.2 } accept",
                [match(.ct(.replyIpDaddr), set: [v("10.0.0.1"), v("10.0.0.2")]), accept]))
        cases.append(
            rule(
                family, .filter, "ether saddr 02:00:00:00:00:01 accept",
                [match(.payload(.etherSaddr), v("02:00:00:00:00:01")), accept]))
        cases.append(
            rule(family, .filter, "reject with icmp type host-unreachable", [.reject(Reject(type: .icmp, code: 1))]))
        cases.append(
            rule(
                family, .filter, "jhash ip saddr mod 2 == 1 accept",
                [match(.jhash(saddr, modulus: 2, seed: nil, offset: 0), n(1)), accept]))
        cases.append(
            rule(
                family, .filter, "jhash ip saddr mod 2 seed 0x5 offset 3 { 3, 4 } accept",
                [match(.jhash(saddr, modulus: 2, seed: 5, offset: 3), set: [n(3), n(4)]), accept]))
        cases.append(
            rule(
                family, .pre, "dnat ip to 192.0.2.1",
                [.nat(NAT(.dnat, family: .ip, to: .address(v("192.0.2.1"), port: nil)))]))
        cases.append(
            rule(
                family, .pre, "meta l4proto tcp dnat ip to 192.0.2.1:80",
                [
                    match(.meta(.l4proto), n(6)),
                    .nat(NAT(.dnat, family: .ip, to: .address(v("192.0.2.1"), port: n(80)))),
                ]))
        cases.append(
            rule(
                family, .pre, "tcp dport 8080 dnat ip to 192.0.2.1-192.0.2.9:80-90",
                [
                    match(dport, n(8080)),
                    .nat(
                        NAT(
                            .dnat, family: .ip,
                            to: .address(r(v("192.0.2.1"), v("192.0.2.9")), port: r(n(80), n(90))))),
                ]))
        cases.append(
            rule(
                family, .pre, "tcp dport 8080 dnat to :80",
                [match(dport, n(8080)), .nat(NAT(.dnat, to: .address(nil, port: n(80))))]))
        cases.append(
            rule(
                family, .pre, "dnat ip to 192.0.2.1 persistent,random",
                [.nat(NAT(.dnat, family: .ip, to: .address(v("192.0.2.1"), port: nil), flags: [.persistent, .random]))])
        )
        cases.append(
            rule(
                family, .pre, "dnat ip to tcp dport map { 80 : 192.0.2.1, 81 : 192.0.2.2 }",
                [
                    .nat(
                        NAT(
                            .dnat, family: .ip,
                            to: .map(
                                key: dport,
                                map: .anonymous([
                                    SetElement(key: n(80), value: v("192.0.2.1")),
                                    SetElement(key: n(81), value: v("192.0.2.2")),
                                ]))))
                ]))
        cases.append(
            rule(
                family, .pre, "dnat ip to tcp dport map { 80 : 192.0.2.1 . 8080, 81 : 192.0.2.2 . 8081 }",
                [
                    .nat(
                        NAT(
                            .dnat, family: .ip,
                            to: .map(
                                key: dport,
                                map: .anonymous([
                                    SetElement(key: n(80), value: c(v("192.0.2.1"), n(8080))),
                                    SetElement(key: n(81), value: c(v("192.0.2.2"), n(8081))),
                                ]))))
                ]))
        // A prefix as data is an interval too: nft sends its two ends and loads addr_max.
        cases.append(
            rule(
                family, .pre, "dnat ip to ip saddr map { 10.0.0.0/8 : 192.0.2.0/28 }",
                [
                    .nat(
                        NAT(
                            .dnat, family: .ip,
                            to: .map(
                                key: saddr,
                                map: .anonymous([SetElement(key: v("10.0.0.0/8"), value: v("192.0.2.0/28"))]))))
                ]))
        cases.append(
            rule(
                family, .pre, "dnat ip to ip saddr map { 10.0.0.0/8 : 192.0.2.1-192.0.2.9 }",
                [
                    .nat(
                        NAT(
                            .dnat, family: .ip,
                            to: .map(
                                key: saddr,
                                map: .anonymous([
                                    SetElement(key: v("10.0.0.0/8"), value: r(v("192.0.2.1"), v("192.0.2.9")))
                                ]))))
                ]))
        cases.append(
            rule(
                family, .pre, "dnat ip to ip saddr map @nm",
                [.nat(NAT(.dnat, family: .ip, to: .map(key: saddr, map: .named("nm"))))]))
        cases.append(
            rule(
                family, .pre, "dnat ip to tcp dport map @npm",
                [.nat(NAT(.dnat, family: .ip, to: .map(key: dport, map: .named("npm"))))]))
        cases.append(
            rule(
                family, .pre, "dnat ip to numgen inc mod 2 map { 0 : 192.0.2.1, 1 : 192.0.2.2 }",
                [
                    .nat(
                        NAT(
                            .dnat, family: .ip,
                            to: .map(
                                key: .numgen(.inc, modulus: 2, offset: 0),
                                map: .anonymous([
                                    SetElement(key: n(0), value: v("192.0.2.1")),
                                    SetElement(key: n(1), value: v("192.0.2.2")),
                                ]))))
                ]))
        cases.append(
            rule(
                family, .pre,
                "dnat ip to jhash ip saddr . tcp sport mod 2 seed 0x1 map { 0 : 192.0.2.1, 1 : 192.0.2.2 }",
                [
                    .nat(
                        NAT(
                            .dnat, family: .ip,
                            to: .map(
                                key: .jhash(.concat([saddr, .payload(.tcpSport)]), modulus: 2, seed: 1, offset: 0),
                                map: .anonymous([
                                    SetElement(key: n(0), value: v("192.0.2.1")),
                                    SetElement(key: n(1), value: v("192.0.2.2")),
                                ]))))
                ]))
        // The inputs of the hash bring their own dependencies: `tcp dport` stands for `tcp sport`, not for
        // `ip saddr`, which still needs `meta nfproto ipv4` in inet tables.
        cases.append(
            rule(
                family, .pre,
                "tcp dport 80 dnat ip to jhash ip saddr . tcp sport mod 2 seed 0x1 map { 0 : 192.0.2.1, 1 : 192.0.2.2 }",
                [
                    match(dport, n(80)),
                    .nat(
                        NAT(
                            .dnat, family: .ip,
                            to: .map(
                                key: .jhash(.concat([saddr, .payload(.tcpSport)]), modulus: 2, seed: 1, offset: 0),
                                map: .anonymous([
                                    SetElement(key: n(0), value: v("192.0.2.1")),
                                    SetElement(key: n(1), value: v("192.0.2.2")),
                                ])))),
                ]))
        cases.append(
            rule(
                family, .post, "oifname \"eth0\" snat ip to 198.51.100.1",
                [
                    match(.meta(.oifname), .string("eth0")),
                    .nat(NAT(.snat, family: .ip, to: .address(v("198.51.100.1"), port: nil))),
                ]))
        cases.append(
            rule(
                family, .post, "snat ip to 198.51.100.1-198.51.100.3 fully-random",
                [
                    .nat(
                        NAT(
                            .snat, family: .ip, to: .address(r(v("198.51.100.1"), v("198.51.100.3")), port: nil),
                            flags: [.fullyRandom]))
                ]))
        cases.append(
            rule(
                family, .pre, "meta l4proto { tcp, udp } dnat ip to 10.0.0.1:80",
                [
                    match(.meta(.l4proto), set: [n(6), n(17)]),
                    .nat(NAT(.dnat, family: .ip, to: .address(v("10.0.0.1"), port: n(80)))),
                ]))
        cases.append(
            rule(
                family, .post, "snat ip to 198.51.100.0/30",
                [.nat(NAT(.snat, family: .ip, to: .address(v("198.51.100.0/30"), port: nil)))]))
        cases.append(
            rule(
                family, .pre, "dnat ip to ip daddr map { 192.0.2.0/24 : 10.0.0.1, 198.51.100.0/24 : 10.0.0.2 }",
                [
                    .nat(
                        NAT(
                            .dnat, family: .ip,
                            to: .map(
                                key: daddr,
                                map: .anonymous([
                                    SetElement(key: v("192.0.2.0/24"), value: v("10.0.0.1")),
                                    SetElement(key: v("198.51.100.0/24"), value: v("10.0.0.2")),
                                ]))))
                ]))
        cases.append(
            rule(
                family, .filter, "ip saddr vmap { 10.0.0.1 : accept }",
                [
                    .verdictMap(
                        VerdictMap(key: saddr, map: .anonymous([SetElement(key: v("10.0.0.1"), verdict: .accept)])))
                ]))
        cases.append(
            rule(
                family, .filter, "ip saddr . ip daddr { 10.0.0.1 . 10.0.0.2 } accept",
                [match(.concat([saddr, daddr]), set: [c(v("10.0.0.1"), v("10.0.0.2"))]), accept]))
        cases.append(
            rule(
                family, .filter, "ip saddr & 255.255.255.0 == 10.0.0.0 accept",
                [match(saddr, v("10.0.0.0"), mask: 0xFFFF_FF00), accept]))
        return cases.map { family == .ip ? $0.withoutNATFamily : $0 }
    }

    /// Matches and statements that read the same in every family.
    static func common(_ family: TableFamily) -> [EncoderCase] {
        var cases: [EncoderCase] = []
        cases.append(
            rule(family, .filter, "tcp dport 22 accept comment \"ssh\"", [match(dport, n(22)), accept], comment: "ssh"))
        cases.append(
            rule(
                family, .filter, "tcp dport 22 tcp sport 1024-65535 accept",
                [match(dport, n(22)), match(.payload(.tcpSport), r(n(1024), n(65535))), accept]))
        cases.append(
            rule(family, .filter, "tcp dport != 1000-2000 drop", [match(dport, .neq, r(n(1000), n(2000))), drop]))
        cases.append(
            rule(family, .filter, "tcp dport < 1024 accept", [match(dport, .lt, n(1024)), accept]))
        cases.append(
            rule(family, .filter, "tcp dport { 22, 80 } accept", [match(dport, set: [n(22), n(80)]), accept]))
        cases.append(
            rule(
                family, .filter, "tcp dport { 80, 22, 443 } accept",
                [match(dport, set: [n(80), n(22), n(443)]), accept]))
        cases.append(
            rule(family, .filter, "tcp dport != { 22, 23 } accept", [match(dport, .neq, set: [n(22), n(23)]), accept]))
        cases.append(
            rule(family, .filter, "tcp dport { 22 } accept", [match(dport, set: [n(22)]), accept]))
        cases.append(
            rule(
                family, .filter, "tcp dport { 1-100, 200, 65535 } accept",
                [match(dport, set: [r(n(1), n(100)), n(200), n(65535)]), accept]))
        cases.append(
            rule(
                family, .filter, "tcp dport { 10-20, 20-30 } accept",
                [match(dport, set: [r(n(10), n(20)), r(n(20), n(30))]), accept]))
        cases.append(
            rule(family, .filter, "tcp dport @ports accept", [match(dport, named: "ports"), accept]))
        cases.append(
            rule(family, .filter, "tcp dport vmap @pvm", [.verdictMap(VerdictMap(key: dport, map: .named("pvm")))]))
        cases.append(
            rule(
                family, .filter,
                "tcp dport vmap { 22 : accept, 80 : jump other, 81 : goto other, 82 : return, 83 : continue, "
                    + "84 : drop }",
                [
                    .verdictMap(
                        VerdictMap(
                            key: dport,
                            map: .anonymous([
                                SetElement(key: n(22), verdict: .accept),
                                SetElement(key: n(80), verdict: .jump("other")),
                                SetElement(key: n(81), verdict: .goto("other")),
                                SetElement(key: n(82), verdict: .return),
                                SetElement(key: n(83), verdict: .continue), SetElement(key: n(84), verdict: .drop),
                            ])))
                ]))
        cases.append(
            rule(family, .filter, "udp sport 53 accept", [match(.payload(.udpSport), n(53)), accept]))
        cases.append(
            rule(family, .filter, "th dport 53 accept", [match(.payload(.thDport), n(53)), accept]))
        cases.append(
            rule(
                family, .filter, "meta l4proto { tcp, udp } th dport 53 accept",
                [match(.meta(.l4proto), set: [n(6), n(17)]), match(.payload(.thDport), n(53)), accept]))
        cases.append(
            rule(
                family, .filter, "meta l4proto tcp tcp dport 22 accept",
                [match(.meta(.l4proto), v("tcp")), match(dport, n(22)), accept]))
        cases.append(
            rule(family, .filter, "meta l4proto 6-17 accept", [match(.meta(.l4proto), r(n(6), n(17))), accept]))
        cases.append(
            rule(
                family, .filter, "meta l4proto . tcp dport { tcp . 22 } accept",
                [match(.concat([.meta(.l4proto), dport]), set: [c(n(6), n(22))]), accept]))
        cases.append(
            rule(family, .filter, "tcp flags syn drop", [match(.payload(.tcpFlags), n(2)), drop]))
        cases.append(
            rule(family, .filter, "tcp flags syn,ack accept", [match(.payload(.tcpFlags), n(0x12)), accept]))
        cases.append(
            rule(
                family, .filter, "tcp flags & (syn|ack) == syn accept",
                [match(.payload(.tcpFlags), n(2), mask: 0x12), accept]))
        cases.append(
            rule(family, .filter, "tcp flags & syn == 0 accept", [match(.payload(.tcpFlags), .neq, n(2)), accept]))
        cases.append(
            rule(
                family, .filter, "tcp flags { syn, syn|ack } accept",
                [match(.payload(.tcpFlags), set: [n(2), n(0x12)]), accept]))
        cases.append(
            rule(family, .filter, "ct state established,related accept", [match(.ct(.state), n(6)), accept]))
        cases.append(
            rule(family, .filter, "ct state established accept", [match(.ct(.state), v("established")), accept]))
        cases.append(
            rule(family, .filter, "ct state & (established|related) == 0 drop", [match(.ct(.state), .neq, n(6)), drop]))
        cases.append(
            rule(
                family, .filter, "ct state { new, established } accept",
                [match(.ct(.state), set: [n(8), n(2)]), accept]))
        cases.append(
            rule(family, .filter, "ct state { new } accept", [match(.ct(.state), set: [n(8)]), accept]))
        cases.append(
            rule(family, .filter, "ct state != { established } drop", [match(.ct(.state), .neq, set: [n(2)]), drop]))
        cases.append(
            rule(family, .filter, "ct status dnat accept", [match(.ct(.status), n(32)), accept]))
        cases.append(
            rule(family, .filter, "ct mark 0x5 accept", [match(.ct(.mark), n(5)), accept]))
        cases.append(
            rule(family, .filter, "ct mark & 0xf == 0x5 accept", [match(.ct(.mark), n(5), mask: 0xF), accept]))
        cases.append(
            rule(family, .filter, "ct mark & 0x3 > 0x1 accept", [match(.ct(.mark), .gt, n(1), mask: 0x3), accept]))
        cases.append(
            rule(family, .filter, "ct direction reply accept", [match(.ct(.direction), n(1)), accept]))
        cases.append(
            rule(family, .filter, "ct zone 2 accept", [match(.ct(.zone), n(2)), accept]))
        cases.append(
            rule(family, .filter, "ct zone > 2 accept", [match(.ct(.zone), .gt, n(2)), accept]))
        cases.append(
            rule(
                family, .filter, "meta l4proto tcp ct reply proto-dst 80 accept",
                [match(.meta(.l4proto), n(6)), match(.ct(.replyProtoDst), n(80)), accept]))
        cases.append(
            rule(family, .filter, "meta mark 0x1 accept", [match(mark, n(1)), accept]))
        cases.append(
            rule(family, .filter, "meta mark != 0x1 accept", [match(mark, .neq, n(1)), accept]))
        cases.append(
            rule(family, .filter, "meta mark & 0xff00 == 0x100 accept", [match(mark, n(0x100), mask: 0xFF00), accept]))
        cases.append(
            rule(family, .filter, "meta mark 0x10-0x20 accept", [match(mark, r(n(0x10), n(0x20))), accept]))
        cases.append(
            rule(family, .filter, "meta mark != 0x10-0x20 accept", [match(mark, .neq, r(n(0x10), n(0x20))), accept]))
        cases.append(
            rule(family, .filter, "meta mark { 0x1, 0x2 } accept", [match(mark, set: [n(1), n(2)]), accept]))
        cases.append(
            rule(
                family, .filter, "meta mark { 0x1-0x5, 0xa } accept",
                [match(mark, set: [r(n(1), n(5)), n(10)]), accept]))
        cases.append(
            rule(family, .filter, "meta mark @mk accept", [match(mark, named: "mk"), accept]))
        cases.append(
            rule(family, .filter, "meta mark != @mk accept", [match(mark, .neq, named: "mk"), accept]))
        cases.append(
            rule(family, .filter, "meta mark @ms accept", [match(mark, named: "ms"), accept]))
        cases.append(
            rule(family, .filter, "meta length > 1000 accept", [match(.meta(.length), .gt, n(1000)), accept]))
        cases.append(
            rule(family, .filter, "meta skuid 0-100 accept", [match(.meta(.skuid), r(n(0), n(100))), accept]))
        cases.append(
            rule(family, .filter, "meta pkttype broadcast drop", [match(.meta(.pkttype), n(1)), drop]))
        cases.append(
            rule(family, .filter, "meta pkttype < 2 drop", [match(.meta(.pkttype), .lt, n(2)), drop]))
        cases.append(
            rule(family, .filter, "iifname \"eth0\" drop", [match(.meta(.iifname), .string("eth0")), drop]))
        cases.append(
            rule(family, .filter, "iifname \"eth*\" drop", [match(.meta(.iifname), .string("eth*")), drop]))
        cases.append(
            rule(family, .filter, "oifname != \"eth*\" drop", [match(.meta(.oifname), .neq, .string("eth*")), drop]))
        cases.append(
            rule(
                family, .filter, "iifname { \"eth*\", \"lo\" } accept",
                [match(.meta(.iifname), set: [.string("eth*"), .string("lo")]), accept]))
        cases.append(
            rule(
                family, .filter, "iifname { \"eth0\", \"lo\" } accept",
                [match(.meta(.iifname), set: [.string("eth0"), .string("lo")]), accept]))
        cases.append(
            rule(
                family, .filter, "numgen random mod 4 offset 1 == 2 accept",
                [match(.numgen(.random, modulus: 4, offset: 1), n(2)), accept]))
        cases.append(
            rule(
                family, .filter, "numgen inc mod 2 { 0, 1 } accept",
                [match(.numgen(.inc, modulus: 2, offset: 0), set: [n(0), n(1)]), accept]))
        cases.append(
            rule(family, .filter, "counter", [.counter()]))
        cases.append(
            rule(family, .filter, "counter packets 5 bytes 100", [.counter(Counter(packets: 5, bytes: 100))]))
        cases.append(
            rule(family, .filter, "log", [.log(Log())]))
        cases.append(
            rule(family, .filter, "log prefix \"x: \" level warn", [.log(Log(prefix: "x: ", level: .warn))]))
        cases.append(
            rule(
                family, .filter, "log group 2 snaplen 64 queue-threshold 10",
                [.log(Log(group: 2, snaplen: 64, queueThreshold: 10))]))
        cases.append(
            rule(family, .filter, "log prefix \"y\" group 1", [.log(Log(prefix: "y", group: 1))]))
        cases.append(
            rule(family, .filter, "limit rate 10/second", [.limit(Limit(rate: 10, unit: .second))]))
        cases.append(
            rule(
                family, .filter, "limit rate 10/minute burst 7 packets accept",
                [.limit(Limit(rate: 10, unit: .minute, burst: 7)), accept]))
        cases.append(
            rule(
                family, .filter, "limit rate over 1000 bytes/second drop",
                [.limit(Limit(rate: 1000, unit: .second, bytes: true, over: true)), drop]))
        cases.append(
            rule(
                family, .filter, "limit rate 1048576 bytes/hour burst 10240 bytes",
                [.limit(Limit(rate: 1_048_576, unit: .hour, burst: 10240, bytes: true))]))
        cases.append(
            rule(family, .filter, "reject", [.reject(Reject())]))
        cases.append(
            rule(family, .filter, "reject with tcp reset", [.reject(Reject(type: .tcpReset))]))
        cases.append(
            rule(
                family, .filter, "tcp dport 22 reject with tcp reset",
                [match(dport, n(22)), .reject(Reject(type: .tcpReset))]))
        cases.append(
            rule(family, .filter, "meta mark set 0x1", [.metaSet(MetaSet(.mark, value: n(1)))]))
        cases.append(
            rule(family, .filter, "meta mark set ct mark", [.metaSet(MetaSet(.mark, from: .ct(.mark)))]))
        cases.append(
            rule(family, .filter, "ct mark set 0x5", [.ctSet(CtSet(.mark, value: n(5)))]))
        cases.append(
            rule(family, .filter, "ct mark set meta mark", [.ctSet(CtSet(.mark, from: .meta(.mark)))]))
        cases.append(
            rule(family, .filter, "ct zone set 2", [.ctSet(CtSet(.zone, value: n(2)))]))
        cases.append(
            rule(family, .filter, "notrack", [.notrack]))
        cases.append(
            rule(family, .filter, "return", [.verdict(.return)]))
        cases.append(
            rule(family, .filter, "jump other", [.verdict(.jump("other"))]))
        cases.append(
            rule(family, .filter, "goto other", [.verdict(.goto("other"))]))
        cases.append(
            rule(family, .filter, "continue", [.verdict(.continue)]))
        cases.append(
            rule(family, .filter, "counter drop comment \"a comment\"", [.counter(), drop], comment: "a comment"))
        cases.append(
            rule(family, .post, "masquerade", [.nat(NAT(.masquerade))]))
        cases.append(
            rule(
                family, .post, "masquerade random,fully-random",
                [.nat(NAT(.masquerade, flags: [.random, .fullyRandom]))]))
        cases.append(
            rule(
                family, .post, "tcp dport 80 masquerade to :1024-2000",
                [match(dport, n(80)), .nat(NAT(.masquerade, to: .address(nil, port: r(n(1024), n(2000)))))]))
        cases.append(
            rule(
                family, .post, "meta l4proto { tcp, udp } masquerade to :1024-65535",
                [
                    match(.meta(.l4proto), set: [n(6), n(17)]),
                    .nat(NAT(.masquerade, to: .address(nil, port: r(n(1024), n(65535))))),
                ]))
        cases.append(
            rule(family, .pre, "redirect", [.nat(NAT(.redirect))]))
        cases.append(
            rule(
                family, .pre, "tcp dport 80 redirect to :8080",
                [match(dport, n(80)), .nat(NAT(.redirect, to: .address(nil, port: n(8080))))]))
        cases.append(
            rule(
                family, .filter, "numgen inc mod 2 vmap { 0 : jump other, 1 : drop }",
                [
                    .verdictMap(
                        VerdictMap(
                            key: .numgen(.inc, modulus: 2, offset: 0),
                            map: .anonymous([
                                SetElement(key: n(0), verdict: .jump("other")), SetElement(key: n(1), verdict: .drop),
                            ])))
                ]))
        cases.append(
            rule(
                family, .filter, "udp dport { 53, 123 } udp sport 1024-65535 accept",
                [
                    match(.payload(.udpDport), set: [n(53), n(123)]), match(.payload(.udpSport), r(n(1024), n(65535))),
                    accept,
                ]))
        cases.append(
            rule(
                family, .filter, "iifname \"eth0\" oifname \"eth1\" accept",
                [match(.meta(.iifname), .string("eth0")), match(.meta(.oifname), .string("eth1")), accept]))
        cases.append(
            rule(
                family, .filter, "tcp flags & (fin|syn|rst|ack) == syn accept",
                [match(.payload(.tcpFlags), n(2), mask: 0x17), accept]))
        cases.append(
            rule(
                family, .filter, "ct state new,established,related counter accept",
                [match(.ct(.state), v("new,established,related")), .counter(), accept]))
        cases.append(
            rule(family, .filter, "meta mark set 0xffffffff", [.metaSet(MetaSet(.mark, value: n(0xFFFF_FFFF)))]))
        return cases
    }

    static func ipv6Matches(_ family: TableFamily) -> [EncoderCase] {
        var cases: [EncoderCase] = []
        cases.append(
            rule(family, .filter, "ip6 saddr fd00::/8 accept", [match(saddr6, v("fd00::/8")), accept]))
        cases.append(
            rule(
                family, .filter, "ip6 saddr fd00::1 ip6 daddr fd00::/64 accept",
                [match(saddr6, v("fd00::1")), match(daddr6, v("fd00::/64")), accept]))
        cases.append(
            rule(family, .filter, "ip6 daddr fd00::/61 accept", [match(daddr6, v("fd00::/61")), accept]))
        cases.append(
            rule(family, .filter, "ip6 dscp cs1 accept", [match(.payload(.ip6Dscp), n(8)), accept]))
        cases.append(
            rule(
                family, .filter, "ip6 dscp { cs1, ef } accept",
                [match(.payload(.ip6Dscp), set: [n(8), n(46)]), accept]))
        cases.append(
            rule(
                family, .filter, "ip6 nexthdr tcp tcp dport 22 accept",
                [match(.payload(.ip6Nexthdr), n(6)), match(dport, n(22)), accept]))
        cases.append(
            rule(family, .filter, "ip6 hoplimit 1 drop", [match(.payload(.ip6Hoplimit), n(1)), drop]))
        cases.append(
            rule(family, .filter, "icmpv6 type echo-request accept", [match(.payload(.icmpv6Type), n(128)), accept]))
        cases.append(
            rule(family, .filter, "icmpv6 code 3 accept", [match(.payload(.icmpv6Code), n(3)), accept]))
        cases.append(
            rule(
                family, .filter, "ip6 saddr { fd00::1, fd00::2 } accept",
                [match(saddr6, set: [v("fd00::1"), v("fd00::2")]), accept]))
        cases.append(
            rule(
                family, .filter, "ip6 saddr { fd00::/8, fe80::/10 } accept",
                [match(saddr6, set: [v("fd00::/8"), v("fe80::/10")]), accept]))
        cases.append(
            rule(
                family, .filter, "ip6 saddr . tcp dport { fd00::1 . 22 } accept",
                [match(.concat([saddr6, dport]), set: [c(v("fd00::1"), n(22))]), accept]))
        cases.append(
            rule(
                family, .filter, "ip6 saddr . ip6 daddr . tcp dport { fd00::1 . fd00::2 . 22 } accept",
                [match(.concat([saddr6, daddr6, dport]), set: [c(v("fd00::1"), v("fd00::2"), n(22))]), accept]))
        cases.append(
            rule(
                family, .filter, "ip6 saddr . tcp dport { fd00::/64 . 22-25 } accept",
                [match(.concat([saddr6, dport]), set: [c(v("fd00::/64"), r(n(22), n(25)))]), accept]))
        cases.append(
            rule(family, .filter, "ip6 saddr @s6 drop", [match(saddr6, named: "s6"), drop]))
        cases.append(
            rule(
                family, .filter, "ct original ip6 saddr fd00::1 accept",
                [match(.ct(.originalIp6Saddr), v("fd00::1")), accept]))
        cases.append(
            rule(family, .filter, "reject with icmpv6 type admin-prohibited", [.reject(Reject(type: .icmpv6, code: 1))])
        )
        cases.append(
            rule(
                family, .pre, "dnat ip6 to fd00::1",
                [.nat(NAT(.dnat, family: .ip6, to: .address(v("fd00::1"), port: nil)))]))
        cases.append(
            rule(
                family, .pre, "meta l4proto tcp dnat ip6 to [fd00::1]:80",
                [match(.meta(.l4proto), n(6)), .nat(NAT(.dnat, family: .ip6, to: .address(v("fd00::1"), port: n(80))))])
        )
        cases.append(
            rule(
                family, .pre, "dnat ip6 to tcp dport map { 80 : fd00::1 . 8080 }",
                [
                    .nat(
                        NAT(
                            .dnat, family: .ip6,
                            to: .map(
                                key: dport,
                                map: .anonymous([
                                    SetElement(key: n(80), value: c(v("fd00::1"), n(8080)))
                                ]))))
                ]))
        cases.append(
            rule(
                family, .pre, "dnat ip6 to ip6 saddr map @nm6",
                [.nat(NAT(.dnat, family: .ip6, to: .map(key: saddr6, map: .named("nm6"))))]))
        cases.append(
            rule(
                family, .filter, "ip6 dscp . tcp dport { cs1 . 22, ef . 23 } accept",
                [match(.concat([.payload(.ip6Dscp), dport]), set: [c(n(8), n(22)), c(n(46), n(23))]), accept]))
        cases.append(
            rule(
                family, .filter, "icmpv6 type { echo-request, nd-neighbor-solicit } accept",
                [match(.payload(.icmpv6Type), set: [v("echo-request"), v("nd-neighbor-solicit")]), accept]))
        cases.append(
            rule(family, .filter, "ip6 saddr fd00::/32 accept", [match(saddr6, v("fd00::/32")), accept]))
        return cases.map { family == .ip6 ? $0.withoutNATFamily : $0 }
    }

    static func inetOnly() -> [EncoderCase] {
        var cases: [EncoderCase] = []
        cases.append(
            rule(.inet, .filter, "meta nfproto ipv6 accept", [match(.meta(.nfproto), n(10)), accept]))
        cases.append(
            rule(
                .inet, .filter, "meta nfproto ipv4 ip saddr 10.0.0.1 accept",
                [match(.meta(.nfproto), v("ipv4")), match(saddr, v("10.0.0.1")), accept]))
        cases.append(
            rule(.inet, .filter, "reject with icmpx type admin-prohibited", [.reject(Reject(type: .icmpx, code: 3))]))
        cases.append(
            rule(
                .inet, .filter, "meta l4proto icmp icmp type echo-request accept",
                [match(.meta(.l4proto), n(1)), match(.payload(.icmpType), n(8)), accept]))
        return cases
    }

    /// Tables of the families without NAT chains: a base chain each (with a device for netdev), and rules
    /// whose dependencies differ there (`meta protocol` instead of `meta nfproto`).
    static let otherFamilies: [String: (Table, String)] = {
        let rules: [(String, [Statement])] = [
            ("ip saddr 10.0.0.1 accept", [match(saddr, v("10.0.0.1")), accept]),
            ("tcp dport 22 accept", [match(dport, n(22)), accept]),
            ("ip6 daddr fd00::1 tcp dport 22 accept", [match(daddr6, v("fd00::1")), match(dport, n(22)), accept]),
            ("icmp type echo-request accept", [match(.payload(.icmpType), n(8)), accept]),
            ("ether saddr 02:00:00:00:00:01 accept", [match(.payload(.etherSaddr), v("02:00:00:00:00:01")), accept]),
            (
                "ip saddr { 10.0.0.0/8, 192.0.2.1 } counter accept",
                [match(saddr, set: [v("10.0.0.0/8"), v("192.0.2.1")]), .counter(), accept]
            ),
            ("meta mark 0x1 accept", [match(mark, n(1)), accept]),
        ]
        func table(_ family: TableFamily, _ hook: BaseChain, _ declaration: String, _ chosen: [(String, [Statement])])
            -> (Table, String)
        {
            let chain = Chain(name: "c", hook: hook, rules: chosen.map { Rule($0.1) })
            let text =
                "table \(family.rawValue) t {\n  chain c {\n    \(declaration)\n"
                + chosen.map { "    \($0.0)\n" }.joined() + "  }\n}\n"
            return (Table(family: family, name: "t", chains: [chain]), text)
        }
        return [
            "netdev": table(
                .netdev, BaseChain(type: .filter, hook: .ingress, priority: 0, device: "lo"),
                "type filter hook ingress device \"lo\" priority 0;", rules),
            "bridge": table(
                .bridge, BaseChain(type: .filter, hook: .forward, priority: -200, policy: .accept),
                "type filter hook forward priority -200; policy accept;", rules + [("reject", [.reject(Reject())])]),
            "arp": table(
                .arp, BaseChain(type: .filter, hook: .input, priority: 0),
                "type filter hook input priority 0;", [rules.last!]),
        ]
    }()

    static let all: [EncoderCase] =
        ipv4Matches(.inet) + ipv6Matches(.inet) + common(.inet) + inetOnly()
        + ipv4Matches(.ip) + common(.ip)
        + ipv6Matches(.ip6) + common(.ip6)
}

extension EncoderCase {
    /// In ip and ip6 tables nft writes NAT without a family (`dnat to ...`).
    var withoutNATFamily: EncoderCase {
        var copy = self
        copy.nft = nft.replacingOccurrences(of: "nat ip to ", with: "nat to ").replacingOccurrences(
            of: "nat ip6 to ", with: "nat to ")
        return copy
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
