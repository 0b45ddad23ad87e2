import Foundation
import NFTables

/// One hand-written read-back case: rules in `nft` syntax and the statements they must read back as.
///
/// The table is `table FAMILY t { SETS chain other { } chain c { HOOK; policy accept; RULES } }`, so rules
/// can jump to `other`.
struct ReaderCase: Sendable, CustomStringConvertible {
    /// One rule: its `nft` text and its statements in the object model's JSON.
    struct RuleText: Sendable {
        var text: String
        var statements: String
    }

    var name: String
    var family: TableFamily
    var hook = BaseChain(type: .filter, hook: .input, priority: 0, policy: .accept)
    /// Set and map declarations, in `nft` syntax.
    var setsText = ""
    /// The same sets in the object model's JSON (an array).
    var setsJSON = "[]"
    var tableComment: String?
    var chainComment: String?
    var rules: [RuleText]

    var description: String { "\(name) (\(family.rawValue))" }

    /// The table text `nft -f` applies.
    var text: String {
        var lines = ["table \(family.rawValue) t {"]
        if let tableComment { lines.append("  comment \"\(tableComment)\"") }
        if !setsText.isEmpty { lines.append(setsText) }
        lines.append("  chain other {\n  }")
        lines.append("  chain c {")
        if let chainComment { lines.append("    comment \"\(chainComment)\"") }
        let device = hook.device.map { " device \"\($0)\"" } ?? ""
        lines.append(
            "    type \(hook.type.rawValue) hook \(hook.hook.rawValue)\(device) priority \(hook.priority); policy accept;"
        )
        lines += rules.map { "    " + $0.text }
        lines.append("  }")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The table the text must read back as.
    func expectedTable() throws -> Table {
        let decoder = JSONDecoder()
        let sets = try decoder.decode([NFTSet].self, from: Data(setsJSON.utf8))
        var rules: [Rule] = []
        for rule in self.rules {
            let statements = try decoder.decode([Statement].self, from: Data(rule.statements.utf8))
            var comment: String?
            // A trailing `comment "..."` in the text is the rule's comment, not a statement.
            if let range = rule.text.range(of: " comment \"") {
                comment = String(rule.text[range.upperBound...].dropLast())
            }
            rules.append(Rule(statements, comment: comment))
        }
        return Table(
            family: family, name: "t", comment: tableComment, sets: sets,
            chains: [Chain(name: "other"), Chain(name: "c", hook: hook, rules: rules, comment: chainComment)])
    }
}

extension ReaderCase.RuleText {
    static func rule(_ text: String, _ statements: String) -> Self {
        Self(text: text, statements: statements)
    }
}

extension ReaderCase {
    /// A case for each of `families`.
    static func each(
        _ families: [TableFamily], _ name: String, hook: BaseChain? = nil, setsText: String = "",
        setsJSON: String = "[]",
        _ rules: [RuleText]
    ) -> [ReaderCase] {
        families.map { family in
            var value = ReaderCase(name: name, family: family, setsText: setsText, setsJSON: setsJSON, rules: rules)
            if let hook { value.hook = hook }
            return value
        }
    }
}

/// The hand-written cases: each statement kind, in each family where nft allows it.
enum ReaderCases {
    static let inetFamilies: [TableFamily] = [.ip, .ip6, .inet]
    static let ipv4Families: [TableFamily] = [.ip, .inet]
    static let ipv6Families: [TableFamily] = [.ip6, .inet]

    static let prerouting = BaseChain(type: .filter, hook: .prerouting, priority: -300, policy: .accept)
    static let dstnat = BaseChain(type: .nat, hook: .prerouting, priority: -100, policy: .accept)
    static let srcnat = BaseChain(type: .nat, hook: .postrouting, priority: 100, policy: .accept)

    static var all: [ReaderCase] {
        transport + flags + meta + ipv4 + ipv6 + sets + statements + nat + comments + layer2
    }

    static let transport: [ReaderCase] = ReaderCase.each(
        inetFamilies, "transport fields",
        [
            .rule(
                "tcp dport 22 accept",
                #"[{"match": {"left": "tcp dport", "op": "==", "right": 22}}, {"verdict": "accept"}]"#),
            .rule(
                "udp sport 53 udp dport 1024-65535 accept",
                #"""
                [{"match": {"left": "udp sport", "op": "==", "right": 53}},
                 {"match": {"left": "udp dport", "op": "==", "right": {"range": [1024, 65535]}}},
                 {"verdict": "accept"}]
                """#
            ),
            .rule(
                "tcp sport 80 tcp dport 8080 drop",
                #"""
                [{"match": {"left": "tcp sport", "op": "==", "right": 80}},
                 {"match": {"left": "tcp dport", "op": "==", "right": 8080}},
                 {"verdict": "drop"}]
                """#
            ),
            .rule(
                "th dport 53 accept",
                #"[{"match": {"left": "th dport", "op": "==", "right": 53}}, {"verdict": "accept"}]"#),
            .rule(
                "tcp dport != 23 drop",
                #"[{"match": {"left": "tcp dport", "op": "!=", "right": 23}}, {"verdict": "drop"}]"#),
            .rule(
                "tcp dport != 6000-6100 drop",
                #"""
                [{"match": {"left": "tcp dport", "op": "!=", "right": {"range": [6000, 6100]}}},
                 {"verdict": "drop"}]
                """#
            ),
            .rule(
                "tcp dport < 1024 drop",
                #"[{"match": {"left": "tcp dport", "op": "<", "right": 1024}}, {"verdict": "drop"}]"#),
            .rule(
                "udp dport >= 60000 accept",
                #"[{"match": {"left": "udp dport", "op": ">=", "right": 60000}}, {"verdict": "accept"}]"#),
            .rule(
                "tcp dport { 22, 80, 443 } accept",
                #"""
                [{"match": {"left": "tcp dport", "op": "==", "right": {"set": [22, 80, 443]}}},
                 {"verdict": "accept"}]
                """#
            ),
            .rule(
                "tcp dport != { 1000-2000, 3000 } accept",
                #"""
                [{"match": {"left": "tcp dport", "op": "!=", "right": {"set": [{"range": [1000, 2000]}, 3000]}}},
                 {"verdict": "accept"}]
                """#
            ),
            .rule(
                "meta l4proto tcp accept",
                #"[{"match": {"left": "meta l4proto", "op": "==", "right": 6}}, {"verdict": "accept"}]"#),
            .rule(
                "meta l4proto { tcp, udp } th dport 53 accept",
                #"""
                [{"match": {"left": "meta l4proto", "op": "==", "right": {"set": [6, 17]}}},
                 {"match": {"left": "th dport", "op": "==", "right": 53}},
                 {"verdict": "accept"}]
                """#
            ),
        ])

    static let flags: [ReaderCase] = ReaderCase.each(
        inetFamilies, "flag types",
        [
            .rule(
                "ct state established,related accept",
                #"[{"match": {"left": "ct state", "op": "==", "right": 6}}, {"verdict": "accept"}]"#),
            .rule(
                "ct state & invalid == 0 accept",
                #"[{"match": {"left": "ct state", "op": "!=", "right": 1}}, {"verdict": "accept"}]"#),
            .rule(
                "ct state != established drop",
                #"[{"match": {"left": "ct state", "op": "!=", "right": 2, "mask": 4294967295}}, {"verdict": "drop"}]"#
            ),
            .rule(
                "ct status dnat accept",
                #"[{"match": {"left": "ct status", "op": "==", "right": 32}}, {"verdict": "accept"}]"#),
            .rule(
                "tcp flags syn counter", #"[{"match": {"left": "tcp flags", "op": "==", "right": 2}}, {"counter": {}}]"#
            ),
            .rule(
                "tcp flags & (syn | ack) == syn counter",
                #"[{"match": {"left": "tcp flags", "op": "==", "right": 2, "mask": 18}}, {"counter": {}}]"#
            ),
            .rule(
                "tcp flags == syn counter",
                #"[{"match": {"left": "tcp flags", "op": "==", "right": 2, "mask": 255}}, {"counter": {}}]"#),
            .rule(
                "ct state { established, related } accept",
                #"[{"match": {"left": "ct state", "op": "==", "right": {"set": [2, 4]}}}, {"verdict": "accept"}]"#
            ),
        ])

    static let meta: [ReaderCase] = ReaderCase.each(
        inetFamilies, "meta and ct matches",
        [
            .rule(
                "meta mark 0x10 accept",
                #"[{"match": {"left": "meta mark", "op": "==", "right": 16}}, {"verdict": "accept"}]"#),
            .rule(
                "meta mark & 0xff == 0x1 accept",
                #"[{"match": {"left": "meta mark", "op": "==", "right": 1, "mask": 255}}, {"verdict": "accept"}]"#),
            .rule(
                "meta mark & 0xf0 > 0x10 accept",
                #"[{"match": {"left": "meta mark", "op": ">", "right": 16, "mask": 240}}, {"verdict": "accept"}]"#),
            .rule(
                "meta mark 0x10-0x20 accept",
                #"""
                [{"match": {"left": "meta mark", "op": "==", "right": {"range": [16, 32]}}},
                 {"verdict": "accept"}]
                """#),
            .rule(
                "meta mark { 0x1, 0x2 } accept",
                #"[{"match": {"left": "meta mark", "op": "==", "right": {"set": [1, 2]}}}, {"verdict": "accept"}]"#),
            .rule(
                "meta iifname \"eth0\" accept",
                #"[{"match": {"left": "meta iifname", "op": "==", "right": "eth0"}}, {"verdict": "accept"}]"#),
            .rule(
                "meta oifname != \"veth*\" accept",
                #"[{"match": {"left": "meta oifname", "op": "!=", "right": "veth*"}}, {"verdict": "accept"}]"#),
            .rule(
                "meta iifname { \"eth0\", \"lo\", \"wg*\" } accept",
                #"""
                [{"match": {"left": "meta iifname", "op": "==", "right": {"set": ["eth0", "lo", "wg*"]}}},
                 {"verdict": "accept"}]
                """#
            ),
            // A '*' before the end is part of the name, not a wildcard (a fuzz finding: validation refused it).
            .rule(
                "meta iifname { \"e*h1\", \"lo\" } accept",
                #"""
                [{"match": {"left": "meta iifname", "op": "==", "right": {"set": ["e*h1", "lo"]}}},
                 {"verdict": "accept"}]
                """#
            ),
            .rule(
                "meta pkttype broadcast drop",
                #"[{"match": {"left": "meta pkttype", "op": "==", "right": 1}}, {"verdict": "drop"}]"#),
            .rule(
                "meta length > 1000 drop",
                #"[{"match": {"left": "meta length", "op": ">", "right": 1000}}, {"verdict": "drop"}]"#),
            .rule(
                "ct mark 0x5 accept",
                #"[{"match": {"left": "ct mark", "op": "==", "right": 5}}, {"verdict": "accept"}]"#),
            .rule(
                "ct mark & 0xff00 != 0x0 counter",
                #"[{"match": {"left": "ct mark", "op": "!=", "right": 0, "mask": 65280}}, {"counter": {}}]"#),
            .rule(
                "ct direction reply accept",
                #"[{"match": {"left": "ct direction", "op": "==", "right": 1}}, {"verdict": "accept"}]"#),
            .rule(
                "ct zone 3 accept",
                #"""
                [{"match": {"left": "ct zone", "op": "==", "right": 3}},
                 {"verdict": "accept"}]
                """#),
            .rule(
                "meta l4proto tcp ct original proto-dst 22 accept",
                #"""
                [{"match": {"left": "meta l4proto", "op": "==", "right": 6}},
                 {"match": {"left": "ct original proto-dst", "op": "==", "right": 22}},
                 {"verdict": "accept"}]
                """#
            ),
        ])

    static let ipv4: [ReaderCase] = ReaderCase.each(
        ipv4Families, "IPv4 header",
        [
            .rule(
                "ip saddr 192.0.2.0/24 accept",
                #"[{"match": {"left": "ip saddr", "op": "==", "right": "192.0.2.0/24"}}, {"verdict": "accept"}]"#),
            .rule(
                "ip saddr 10.0.0.0/12 accept",
                #"[{"match": {"left": "ip saddr", "op": "==", "right": "10.0.0.0/12"}}, {"verdict": "accept"}]"#),
            .rule(
                "ip daddr != 198.51.100.7 drop",
                #"[{"match": {"left": "ip daddr", "op": "!=", "right": "198.51.100.7"}}, {"verdict": "drop"}]"#),
            .rule(
                "ip saddr 192.0.2.1 ip daddr 198.51.100.1 accept",
                #"""
                [{"match": {"left": "ip saddr", "op": "==", "right": "192.0.2.1"}},
                 {"match": {"left": "ip daddr", "op": "==", "right": "198.51.100.1"}},
                 {"verdict": "accept"}]
                """#
            ),
            .rule(
                "ip saddr 192.0.2.1-192.0.2.9 drop",
                #"""
                [{"match": {"left": "ip saddr", "op": "==", "right": {"range": ["192.0.2.1", "192.0.2.9"]}}},
                 {"verdict": "drop"}]
                """#
            ),
            .rule(
                "ip saddr { 192.0.2.0/24, 198.51.100.7, 203.0.113.1-203.0.113.9 } accept",
                #"""
                [{"match": {"left": "ip saddr", "op": "==", "right": {"set": ["192.0.2.0/24", "198.51.100.7", {"range": ["203.0.113.1", "203.0.113.9"]}]}}},
                 {"verdict": "accept"}]
                """#
            ),
            .rule(
                "ip protocol udp accept",
                #"[{"match": {"left": "ip protocol", "op": "==", "right": 17}}, {"verdict": "accept"}]"#),
            .rule(
                "ip ttl 64 accept",
                #"""
                [{"match": {"left": "ip ttl", "op": "==", "right": 64}},
                 {"verdict": "accept"}]
                """#),
            .rule(
                "ip length > 1000 drop",
                #"[{"match": {"left": "ip length", "op": ">", "right": 1000}}, {"verdict": "drop"}]"#),
            .rule(
                "ip dscp 46 accept",
                #"[{"match": {"left": "ip dscp", "op": "==", "right": 46}}, {"verdict": "accept"}]"#),
            .rule(
                "ip dscp != 0 accept",
                #"[{"match": {"left": "ip dscp", "op": "!=", "right": 0}}, {"verdict": "accept"}]"#),
            .rule(
                "ip dscp { 10, 46 } accept",
                #"[{"match": {"left": "ip dscp", "op": "==", "right": {"set": [10, 46]}}}, {"verdict": "accept"}]"#),
            .rule(
                "icmp type echo-request icmp code 0 accept",
                #"""
                [{"match": {"left": "icmp type", "op": "==", "right": 8}},
                 {"match": {"left": "icmp code", "op": "==", "right": 0}},
                 {"verdict": "accept"}]
                """#
            ),
            .rule(
                "icmp type { 0, 8 } accept",
                #"[{"match": {"left": "icmp type", "op": "==", "right": {"set": [0, 8]}}}, {"verdict": "accept"}]"#),
            .rule(
                "ct original ip saddr 192.0.2.0/24 accept",
                #"""
                [{"match": {"left": "ct original ip saddr", "op": "==", "right": "192.0.2.0/24"}},
                 {"verdict": "accept"}]
                """#
            ),
            .rule(
                "ct reply ip daddr 198.51.100.1 accept",
                #"""
                [{"match": {"left": "ct reply ip daddr", "op": "==", "right": "198.51.100.1"}},
                 {"verdict": "accept"}]
                """#
            ),
            .rule(
                "ether saddr 02:00:00:00:00:01 accept",
                #"""
                [{"match": {"left": "ether saddr", "op": "==", "right": "02:00:00:00:00:01"}},
                 {"verdict": "accept"}]
                """#
            ),
        ])

    static let ipv6: [ReaderCase] = ReaderCase.each(
        ipv6Families, "IPv6 header",
        [
            .rule(
                "ip6 saddr fd00::/8 accept",
                #"[{"match": {"left": "ip6 saddr", "op": "==", "right": "fd00::/8"}}, {"verdict": "accept"}]"#),
            .rule(
                "ip6 daddr fd00:1::/65 accept",
                #"[{"match": {"left": "ip6 daddr", "op": "==", "right": "fd00:1::/65"}}, {"verdict": "accept"}]"#),
            .rule(
                "ip6 daddr != fd00::1 drop",
                #"[{"match": {"left": "ip6 daddr", "op": "!=", "right": "fd00::1"}}, {"verdict": "drop"}]"#),
            .rule(
                "ip6 nexthdr tcp accept",
                #"[{"match": {"left": "ip6 nexthdr", "op": "==", "right": 6}}, {"verdict": "accept"}]"#),
            .rule(
                "ip6 hoplimit 255 accept",
                #"[{"match": {"left": "ip6 hoplimit", "op": "==", "right": 255}}, {"verdict": "accept"}]"#),
            .rule(
                "ip6 dscp 46 accept",
                #"[{"match": {"left": "ip6 dscp", "op": "==", "right": 46}}, {"verdict": "accept"}]"#),
            .rule(
                "icmpv6 type echo-request accept",
                #"[{"match": {"left": "icmpv6 type", "op": "==", "right": 128}}, {"verdict": "accept"}]"#),
            .rule(
                "icmpv6 type nd-neighbor-solicit icmpv6 code 0 accept",
                #"""
                [{"match": {"left": "icmpv6 type", "op": "==", "right": 135}},
                 {"match": {"left": "icmpv6 code", "op": "==", "right": 0}},
                 {"verdict": "accept"}]
                """#
            ),
            .rule(
                "ip6 saddr { fd00::1, fd00:2::/64 } accept",
                #"""
                [{"match": {"left": "ip6 saddr", "op": "==", "right": {"set": ["fd00::1", "fd00:2::/64"]}}},
                 {"verdict": "accept"}]
                """#
            ),
            .rule(
                "ct original ip6 saddr fd00::1 accept",
                #"""
                [{"match": {"left": "ct original ip6 saddr", "op": "==", "right": "fd00::1"}},
                 {"verdict": "accept"}]
                """#
            ),
        ])

    static let sets: [ReaderCase] = ReaderCase.each(
        ipv4Families, "named sets and maps",
        setsText: """
              set allowed {
                type ipv4_addr; flags interval; auto-merge; comment "allowed sources"
                elements = { 192.0.2.0/24, 198.51.100.7 comment "one host", 203.0.113.1-203.0.113.9 }
              }
              set pairs {
                type ipv4_addr . inet_service
                elements = { 192.0.2.1 . 22, 192.0.2.2 . 80 }
              }
              set ranges {
                type ipv4_addr . inet_service; flags interval
                elements = { 192.0.2.0/24 . 1000-2000, 198.51.100.1 . 53 }
              }
              set marks { type mark; flags interval; elements = { 0x10-0x20, 0x100 } }
              set recent { type ipv4_addr; flags dynamic,timeout; timeout 30s; size 1024; }
              map ports {
                type inet_service : verdict
                elements = { 22 : accept, 23 : drop, 80 : jump other, 443 : goto other }
              }
              map marking { type ipv4_addr : mark; elements = { 192.0.2.1 : 0x1, 192.0.2.2 : 0x2 } }
            """,
        setsJSON: #"""
            [
              {"name": "allowed", "keyType": ["ipv4_addr"], "flags": ["interval"], "autoMerge": true,
               "comment": "allowed sources",
               "elements": [{"key": "192.0.2.0/24"}, {"key": "198.51.100.7", "comment": "one host"},
                            {"key": {"range": ["203.0.113.1", "203.0.113.9"]}}]},
              {"name": "pairs", "keyType": ["ipv4_addr", "inet_service"],
               "elements": [{"key": {"concat": ["192.0.2.1", 22]}}, {"key": {"concat": ["192.0.2.2", 80]}}]},
              {"name": "ranges", "keyType": ["ipv4_addr", "inet_service"], "flags": ["interval"],
               "elements": [{"key": {"concat": ["192.0.2.0/24", {"range": [1000, 2000]}]}},
                            {"key": {"concat": ["198.51.100.1", 53]}}]},
              {"name": "marks", "keyType": ["mark"], "flags": ["interval"],
               "elements": [{"key": {"range": [16, 32]}}, {"key": 256}]},
              {"name": "recent", "keyType": ["ipv4_addr"], "flags": ["timeout", "dynamic"], "timeout": 30000, "size": 1024},
              {"name": "ports", "keyType": ["inet_service"], "dataType": ["verdict"],
               "elements": [{"key": 22, "verdict": "accept"}, {"key": 23, "verdict": "drop"},
                            {"key": 80, "verdict": "jump other"}, {"key": 443, "verdict": "goto other"}]},
              {"name": "marking", "keyType": ["ipv4_addr"], "dataType": ["mark"],
               "elements": [{"key": "192.0.2.1", "value": 1}, {"key": "192.0.2.2", "value": 2}]}
            ]
            """#,
        [
            .rule(
                "ip saddr @allowed accept",
                #"[{"match": {"left": "ip saddr", "op": "==", "right": {"ref": "allowed"}}}, {"verdict": "accept"}]"#),
            .rule(
                "ip saddr != @allowed drop",
                #"[{"match": {"left": "ip saddr", "op": "!=", "right": {"ref": "allowed"}}}, {"verdict": "drop"}]"#),
            .rule(
                "ip saddr . tcp dport @pairs accept",
                #"""
                [{"match": {"left": ["ip saddr", "tcp dport"], "op": "==", "right": {"ref": "pairs"}}},
                 {"verdict": "accept"}]
                """#
            ),
            .rule(
                "ip daddr . tcp dport @ranges accept",
                #"""
                [{"match": {"left": ["ip daddr", "tcp dport"], "op": "==", "right": {"ref": "ranges"}}},
                 {"verdict": "accept"}]
                """#
            ),
            .rule(
                "meta mark @marks accept",
                #"[{"match": {"left": "meta mark", "op": "==", "right": {"ref": "marks"}}}, {"verdict": "accept"}]"#),
            .rule("tcp dport vmap @ports", #"[{"vmap": {"key": "tcp dport", "map": {"ref": "ports"}}}]"#),
            .rule(
                "udp dport vmap { 53 : accept, 123 : jump other }",
                #"""
                [{"vmap": {"key": "udp dport", "map": {"elements": [{"key": 53, "verdict": "accept"}, {"key": 123, "verdict": "jump other"}]}}}]
                """#
            ),
            .rule(
                "ip saddr . ip daddr { 192.0.2.1 . 198.51.100.1, 192.0.2.2 . 198.51.100.2 } accept",
                #"""
                [{"match": {"left": ["ip saddr", "ip daddr"], "op": "==", "right": {"set": [{"concat": ["192.0.2.1", "198.51.100.1"]}, {"concat": ["192.0.2.2", "198.51.100.2"]}]}}},
                 {"verdict": "accept"}]
                """#
            ),
        ])

    static let statements: [ReaderCase] =
        ReaderCase.each(
            inetFamilies, "statements",
            [
                .rule("counter", #"[{"counter": {}}]"#),
                .rule("log", #"[{"log": {}}]"#),
                .rule("log prefix \"in: \" level info", #"[{"log": {"prefix": "in: ", "level": "info"}}]"#),
                .rule(
                    "log group 3 snaplen 128 queue-threshold 2",
                    #"[{"log": {"group": 3, "snaplen": 128, "queueThreshold": 2}}]"#),
                .rule(
                    "limit rate 10/second accept",
                    #"[{"limit": {"rate": 10, "unit": "second"}}, {"verdict": "accept"}]"#),
                .rule(
                    "limit rate over 5/minute burst 10 packets drop",
                    #"[{"limit": {"rate": 5, "unit": "minute", "burst": 10, "over": true}}, {"verdict": "drop"}]"#
                ),
                .rule(
                    "limit rate 1 mbytes/second accept",
                    #"[{"limit": {"rate": 1048576, "unit": "second", "bytes": true}}, {"verdict": "accept"}]"#),
                .rule("reject", #"[{"reject": {}}]"#),
                .rule(
                    "tcp dport 113 reject with tcp reset",
                    #"""
                    [{"match": {"left": "tcp dport", "op": "==", "right": 113}},
                     {"reject": {"type": "tcp reset"}}]
                    """#),
                .rule("jump other", #"[{"verdict": "jump other"}]"#),
                .rule("goto other", #"[{"verdict": "goto other"}]"#),
                .rule("return", #"[{"verdict": "return"}]"#),
                .rule("continue", #"[{"verdict": "continue"}]"#),
                .rule("drop", #"[{"verdict": "drop"}]"#),
                .rule("meta mark set 0x10", #"[{"meta": {"key": "mark", "value": 16}}]"#),
                .rule("meta mark set ct mark", #"[{"meta": {"key": "mark", "from": "ct mark"}}]"#),
                .rule("ct mark set meta mark", #"[{"ct": {"key": "mark", "from": "meta mark"}}]"#),
                .rule("ct mark set 0x5", #"[{"ct": {"key": "mark", "value": 5}}]"#),
            ])
        + ReaderCase.each(
            [.ip], "reject kinds",
            [
                .rule("reject with icmp type host-unreachable", #"[{"reject": {"type": "icmp", "code": 1}}]"#)
            ])
        + ReaderCase.each(
            [.ip6], "reject kinds",
            [
                .rule("reject with icmpv6 type admin-prohibited", #"[{"reject": {"type": "icmpv6", "code": 1}}]"#)
            ])
        + ReaderCase.each(
            [.inet], "reject kinds",
            [
                .rule("reject with icmpx type admin-prohibited", #"[{"reject": {"type": "icmpx", "code": 3}}]"#),
                .rule("reject with icmp type host-unreachable", #"[{"reject": {"type": "icmp", "code": 1}}]"#),
                .rule("reject with icmpv6 type no-route", #"[{"reject": {"type": "icmpv6", "code": 0}}]"#),
            ])
        + ReaderCase.each(
            inetFamilies, "prerouting statements", hook: prerouting,
            [
                .rule("notrack", #"[{"notrack": {}}]"#),
                .rule(
                    "udp dport 53 notrack",
                    #"[{"match": {"left": "udp dport", "op": "==", "right": 53}}, {"notrack": {}}]"#),
                .rule("ct zone set 2", #"[{"ct": {"key": "zone", "value": 2}}]"#),
            ])

    static let nat: [ReaderCase] =
        ReaderCase.each(
            [.ip], "destination NAT", hook: dstnat,
            setsText: "  map backends { type ipv4_addr : ipv4_addr; elements = { 192.0.2.1 : 198.51.100.1 } }",
            setsJSON:
                #"""
                [{"name": "backends", "keyType": ["ipv4_addr"], "dataType": ["ipv4_addr"], "elements": [{"key": "192.0.2.1", "value": "198.51.100.1"}]}]
                """#,
            [
                .rule(
                    "tcp dport 80 dnat to 192.0.2.10:8080",
                    #"""
                    [{"match": {"left": "tcp dport", "op": "==", "right": 80}},
                     {"nat": {"kind": "dnat", "to": {"address": "192.0.2.10", "port": 8080}}}]
                    """#
                ),
                .rule(
                    "tcp dport 81 dnat to 192.0.2.10-192.0.2.20:8000-8010",
                    #"""
                    [{"match": {"left": "tcp dport", "op": "==", "right": 81}},
                     {"nat": {"kind": "dnat", "to": {"address": {"range": ["192.0.2.10", "192.0.2.20"]}, "port": {"range": [8000, 8010]}}}}]
                    """#
                ),
                .rule(
                    "tcp dport 82 redirect to :8080",
                    #"""
                    [{"match": {"left": "tcp dport", "op": "==", "right": 82}},
                     {"nat": {"kind": "redirect", "to": {"port": 8080}}}]
                    """#
                ),
                .rule("redirect", #"[{"nat": {"kind": "redirect"}}]"#),
                .rule(
                    "dnat to numgen inc mod 2 map { 0 : 192.0.2.1, 1 : 192.0.2.2 }",
                    #"""
                    [{"nat": {"kind": "dnat", "to": {"map": {"key": {"numgen": "inc", "mod": 2}, "elements": [{"key": 0, "value": "192.0.2.1"}, {"key": 1, "value": "192.0.2.2"}]}}}}]
                    """#
                ),
                .rule(
                    "dnat to numgen random mod 2 offset 5 map { 5 : 192.0.2.1, 6 : 192.0.2.2 }",
                    #"""
                    [{"nat": {"kind": "dnat", "to": {"map": {"key": {"numgen": "random", "mod": 2, "offset": 5}, "elements": [{"key": 5, "value": "192.0.2.1"}, {"key": 6, "value": "192.0.2.2"}]}}}}]
                    """#
                ),
                .rule(
                    "dnat to jhash ip saddr . tcp sport mod 2 seed 0x1 map { 0 : 192.0.2.1, 1 : 192.0.2.2 }",
                    #"""
                    [{"nat": {"kind": "dnat", "to": {"map": {"key": {"jhash": ["ip saddr", "tcp sport"], "mod": 2, "seed": 1}, "elements": [{"key": 0, "value": "192.0.2.1"}, {"key": 1, "value": "192.0.2.2"}]}}}}]
                    """#
                ),
                .rule(
                    "dnat to jhash ip saddr mod 4 map { 0-1 : 192.0.2.1, 2-3 : 192.0.2.2 }",
                    #"""
                    [{"nat": {"kind": "dnat", "to": {"map": {"key": {"jhash": "ip saddr", "mod": 4}, "elements": [{"key": {"range": [0, 1]}, "value": "192.0.2.1"}, {"key": {"range": [2, 3]}, "value": "192.0.2.2"}]}}}}]
                    """#
                ),
                .rule(
                    "dnat to ip daddr map @backends",
                    #"[{"nat": {"kind": "dnat", "to": {"map": {"key": "ip daddr", "ref": "backends"}}}}]"#
                ),
                .rule(
                    "meta l4proto tcp dnat to ip daddr . tcp dport map { 192.0.2.1 . 80 : 198.51.100.1 . 8080 }",
                    // The port in the key makes `meta l4proto tcp` the dependency nft adds anyway: it is dropped.
                    #"""
                    [{"nat": {"kind": "dnat", "to": {"map": {"key": ["ip daddr", "tcp dport"], "elements": [{"key": {"concat": ["192.0.2.1", 80]}, "value": {"concat": ["198.51.100.1", 8080]}}]}}}}]
                    """#
                ),
            ])
        + ReaderCase.each(
            [.ip], "source NAT", hook: srcnat,
            [
                .rule("snat to 198.51.100.1", #"[{"nat": {"kind": "snat", "to": {"address": "198.51.100.1"}}}]"#),
                .rule("snat to 198.51.100.0/28", #"[{"nat": {"kind": "snat", "to": {"address": "198.51.100.0/28"}}}]"#),
                .rule(
                    "snat to 198.51.100.1 fully-random",
                    #"[{"nat": {"kind": "snat", "to": {"address": "198.51.100.1"}, "flags": ["fully-random"]}}]"#),
                .rule("masquerade", #"[{"nat": {"kind": "masquerade"}}]"#),
                .rule(
                    "masquerade random,persistent",
                    #"[{"nat": {"kind": "masquerade", "flags": ["random", "persistent"]}}]"#),
                .rule(
                    "meta l4proto tcp masquerade to :1024-2000",
                    #"""
                    [{"match": {"left": "meta l4proto", "op": "==", "right": 6}},
                     {"nat": {"kind": "masquerade", "to": {"port": {"range": [1024, 2000]}}}}]
                    """#
                ),
            ])
        + ReaderCase.each(
            [.ip6], "IPv6 NAT", hook: srcnat,
            [
                .rule("snat to fd00::1", #"[{"nat": {"kind": "snat", "to": {"address": "fd00::1"}}}]"#),
                .rule("masquerade", #"[{"nat": {"kind": "masquerade"}}]"#),
            ])
        + ReaderCase.each(
            [.inet], "inet NAT", hook: srcnat,
            [
                .rule(
                    "snat ip to 198.51.100.1",
                    #"[{"nat": {"kind": "snat", "family": "ip", "to": {"address": "198.51.100.1"}}}]"#),
                .rule(
                    "snat ip6 to fd00::1",
                    #"[{"nat": {"kind": "snat", "family": "ip6", "to": {"address": "fd00::1"}}}]"#),
                .rule(
                    "ip saddr 192.0.2.0/24 snat ip to 198.51.100.1-198.51.100.9",
                    #"""
                    [{"match": {"left": "ip saddr", "op": "==", "right": "192.0.2.0/24"}},
                     {"nat": {"kind": "snat", "family": "ip", "to": {"address": {"range": ["198.51.100.1", "198.51.100.9"]}}}}]
                    """#
                ),
                .rule("masquerade", #"[{"nat": {"kind": "masquerade"}}]"#),
            ])

    /// Bridge and netdev tables, where `meta protocol` is the network header's hidden dependency.
    static let layer2: [ReaderCase] =
        ReaderCase.each(
            [.bridge], "bridge", hook: BaseChain(type: .filter, hook: .forward, priority: 0, policy: .accept),
            [
                .rule(
                    "ip saddr 192.0.2.1 accept",
                    #"[{"match": {"left": "ip saddr", "op": "==", "right": "192.0.2.1"}}, {"verdict": "accept"}]"#),
                .rule(
                    "ip6 daddr fd00::1 tcp dport 22 accept",
                    #"""
                    [{"match": {"left": "ip6 daddr", "op": "==", "right": "fd00::1"}},
                     {"match": {"left": "tcp dport", "op": "==", "right": 22}},
                     {"verdict": "accept"}]
                    """#
                ),
                .rule(
                    "ether saddr 02:00:00:00:00:01 drop",
                    #"[{"match": {"left": "ether saddr", "op": "==", "right": "02:00:00:00:00:01"}}, {"verdict": "drop"}]"#
                ),
            ])
        + ReaderCase.each(
            [.netdev], "netdev",
            hook: BaseChain(type: .filter, hook: .ingress, priority: 0, policy: .accept, device: "lo"),
            [
                .rule(
                    "ip daddr 198.51.100.0/24 udp dport 53 counter",
                    #"""
                    [{"match": {"left": "ip daddr", "op": "==", "right": "198.51.100.0/24"}},
                     {"match": {"left": "udp dport", "op": "==", "right": 53}},
                     {"counter": {}}]
                    """#
                ),
                .rule(
                    "meta mark 0x1 drop",
                    #"[{"match": {"left": "meta mark", "op": "==", "right": 1}}, {"verdict": "drop"}]"#),
            ])

    static let comments: [ReaderCase] = [
        ReaderCase(
            name: "comments", family: .inet, tableComment: "table note", chainComment: "chain note",
            rules: [
                .rule(
                    "tcp dport 22 accept comment \"ssh\"",
                    #"[{"match": {"left": "tcp dport", "op": "==", "right": 22}}, {"verdict": "accept"}]"#),
                .rule("counter comment \"note: kept as-is\"", #"[{"counter": {}}]"#),
            ])
    ]
}
