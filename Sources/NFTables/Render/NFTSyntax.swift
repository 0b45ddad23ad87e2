/// The lexical rules of `nft` text that the renderer and the validator share: which names can be
/// written bare, and which strings fit between double quotes.
///
/// Checked against nftables 1.0.6, whose grammar takes a table, chain or set name only as a bare
/// identifier: a quoted name (`table inet "my table"`) is a syntax error there, and so is a name
/// that the scanner reads as a keyword (`chain counter`), in every context where a name appears.
internal enum NFTSyntax {
    /// The longest table, chain or set name the kernel takes, in bytes (`NFT_NAME_MAXLEN` less the NUL).
    static let maxNameBytes = 255
    /// The longest comment `nft` takes, in bytes (`NFTNL_UDATA_COMMENT_MAXLEN`).
    static let maxCommentBytes = 128
    /// The longest log prefix the kernel takes, in bytes (`NF_LOG_PREFIXLEN` less the NUL).
    static let maxLogPrefixBytes = 127
    /// The longest interface name, in bytes (`IFNAMSIZ` less the NUL).
    static let maxInterfaceNameBytes = 15

    /// Words the nftables 1.0.6 scanner turns into keywords wherever a name may stand, so that a table,
    /// chain or set with that name cannot be written in `nft` text at all. Found by loading each keyword
    /// of nftables' scanner as a table, set and chain name, and as the target of `@`, `jump` and `goto`;
    /// the last line holds words that load but that `nft list table|chain|set` then cannot name.
    static let reservedWords: Set<String> = [
        "accept", "add", "ah", "all", "and", "arp", "auto-merge", "bridge", "cgroup", "chain", "comment", "comp",
        "constant", "continue", "counter", "cpu", "create", "ct", "day", "dccp", "define", "delete", "describe",
        "device", "devices", "dnat", "drop", "dst", "dup", "dynamic", "ecn", "element", "elements", "eq", "esp",
        "ether", "exists", "expires", "export", "exthdr", "fib", "flags", "flow", "flowtable", "flush", "frag",
        "fwd", "gc-interval", "ge", "get", "goto", "gt", "handle", "hbh", "hook", "hour", "ibriport", "ibrname",
        "icmp", "icmpv6", "igmp", "iif", "iifgroup", "iifname", "iiftype", "import", "include", "index", "inet",
        "insert", "interval", "ip", "ip6", "ipsec", "jhash", "jump", "le", "limit", "list", "ll", "log", "lshift",
        "lt", "map", "mark", "masquerade", "meta", "meter", "mh", "missing", "monitor", "ne", "netdev", "nftrace",
        "nh", "not", "notrack", "numgen", "obriport", "obrname", "offload", "oif", "oifgroup", "oifname",
        "oiftype", "or", "osf", "pkttype", "policy", "position", "priority", "queue", "quota", "random",
        "redefine", "redirect", "reject", "rename", "replace", "reset", "return", "rshift", "rt", "rt0", "rt2",
        "rtclassid", "rule", "ruleset", "sctp", "secmark", "set", "size", "skgid", "skuid", "snat", "socket",
        "srh", "symhash", "synproxy", "table", "tcp", "th", "time", "timeout", "tproxy", "type", "typeof", "udp",
        "udplite", "undefine", "update", "vlan", "vmap", "xor", "xt",
        "chains", "counters", "flowtables", "hooks", "limits", "maps", "meters", "quotas", "secmarks", "sets",
        "synproxys", "tables",
    ]

    /// Whether `name` matches the scanner's identifier pattern, `[a-zA-Z_.][a-zA-Z0-9/_.-]*`.
    static func isIdentifier(_ name: String) -> Bool {
        var first = true
        for byte in name.utf8 {
            let isLetter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            let isDigit = byte >= 0x30 && byte <= 0x39
            let allowed: Bool
            if first {
                allowed = isLetter || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            } else {
                allowed =
                    isLetter || isDigit || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
            }
            if !allowed { return false }
            first = false
        }
        return !first
    }

    /// Whether `name` can be written bare as a table, chain or set name.
    static func isBareName(_ name: String) -> Bool {
        isIdentifier(name) && !reservedWords.contains(name)
    }

    /// Why `name` cannot be written as a table, chain or set name in `nft` text, or `nil` when it can.
    static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "the name is empty" }
        let length = name.utf8.count
        if length > maxNameBytes {
            return "the name is \(length) bytes long, nftables allows at most \(maxNameBytes)"
        }
        if !isIdentifier(name) {
            return "'\(name)' is not an nft identifier (a letter, '_' or '.' followed by letters, digits, "
                + "'/', '_', '.' or '-'); nft 1.0.6 cannot read such a name, not even quoted"
        }
        if reservedWords.contains(name) {
            return "'\(name)' is an nft keyword; nft 1.0.6 cannot read it as a name, not even quoted"
        }
        return nil
    }

    /// Why `text` cannot stand between double quotes in `nft` text, or `nil` when it can: `nft` has no
    /// escape for `"`, and a line break or control character would end or corrupt the statement.
    static func quotedStringProblem(_ text: String) -> String? {
        for scalar in text.unicodeScalars {
            if scalar == "\"" {
                return "contains a double quote, which nft strings cannot hold (nft has no escape for it)"
            }
            if scalar.value < 0x20 || scalar.value == 0x7F {
                return "contains the control character U+\(String(scalar.value, radix: 16, uppercase: true)),"
                    + " which nft strings cannot hold"
            }
        }
        return nil
    }
}
