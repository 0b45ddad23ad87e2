/// The symbolic names `nft` gives to values of its typed constants (`echo-request`, `established`,
/// `af11`), so that rendered text reads the way `nft list` prints it.
///
/// Each table maps a value to the name nftables 1.0.6 parses back to exactly that value; a value
/// without a name renders as a number, which `nft` accepts for every one of these types.
internal enum NFTSymbols {
    /// The name of a single value of `type`, or `nil` when it has none (or the type has no names).
    static func name(of value: UInt64, as type: DataType) -> String? {
        guard let table = table(for: type) else { return nil }
        for entry in table where entry.value == value {
            return entry.name
        }
        return nil
    }

    /// The names of the flags set in `bits`, lowest bit first, or `nil` when a bit has no name.
    static func flagNames(of bits: UInt64, as type: DataType) -> [String]? {
        guard let table = flagTable(for: type) else { return nil }
        var names: [String] = []
        var rest = bits
        for entry in table where bits & entry.value != 0 {
            names.append(entry.name)
            rest &= ~entry.value
        }
        return rest == 0 && !names.isEmpty ? names : nil
    }

    /// The number a name (or several flag names joined by `,` or `|`, or a number written as text)
    /// stands for in `type`, as nft reads it; `nil` when the text is none of these. Port names are not
    /// read: they depend on `/etc/services`.
    static func number(of text: String, as type: DataType) -> UInt64? {
        if type == .hour { return secondsOfDay(text) }
        if let number = UInt64(text) { return number }
        if text.hasPrefix("0x"), let number = UInt64(text.dropFirst(2), radix: 16) { return number }
        if let flags = flagTable(for: type) {
            var bits: UInt64 = 0
            for part in text.split(whereSeparator: { $0 == "," || $0 == "|" }) {
                let name = part.filter { $0 != " " }
                guard let entry = flags.first(where: { $0.name == name }) else { return nil }
                bits |= entry.value
            }
            return bits == 0 ? nil : bits
        }
        if let entry = table(for: type)?.first(where: { $0.name == text }) { return entry.value }
        return aliases[type]?[text]
    }

    /// `HH:MM` or `HH:MM:SS` as seconds since midnight; `nil` for anything else.
    static func secondsOfDay(_ text: String) -> UInt64? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        let limits: [UInt64] = [23, 59, 59]
        var seconds: UInt64 = 0
        for (index, part) in parts.enumerated() {
            guard part.count == 2, let value = UInt64(part), value <= limits[index] else { return nil }
            seconds += value * [3600, 60, 1][index]
        }
        return seconds
    }

    /// Seconds since midnight as `HH:MM:SS`.
    static func timeOfDay(_ seconds: UInt64) -> String {
        func two(_ value: UInt64) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    }

    /// Names nft also reads, beyond the ones the renderer writes.
    private static let aliases: [DataType: [String: UInt64]] = [
        .inetProto: [
            "igmp": 2, "gre": 47, "esp": 50, "ah": 51, "ipv6-icmp": 58, "sctp": 132, "udplite": 136,
        ],
        .icmpv6Type: ["mld-listener-reduction": 132],
        .pktType: ["unicast": 0],
        .dscp: ["df": 0, "be": 0, "lephb": 1, "va": 44],
    ]

    /// The named values of a non-flag type.
    static func table(for type: DataType) -> [(value: UInt64, name: String)]? {
        switch type {
        case .inetProto: return inetProto
        case .icmpType: return icmpType
        case .icmpCode: return icmpCode
        case .icmpv6Type: return icmpv6Type
        case .icmpv6Code: return icmpv6Code
        case .nfProto: return [(2, "ipv4"), (10, "ipv6")]
        case .ctDir: return [(0, "original"), (1, "reply")]
        case .boolean: return [(0, "missing"), (1, "exists")]
        case .pktType: return [(0, "host"), (1, "broadcast"), (2, "multicast"), (3, "other")]
        case .dscp: return dscp
        default: return nil
        }
    }

    /// The named bits of a flag type, lowest first.
    static func flagTable(for type: DataType) -> [(value: UInt64, name: String)]? {
        switch type {
        case .ctState:
            return [(1, "invalid"), (2, "established"), (4, "related"), (8, "new"), (64, "untracked")]
        case .ctStatus:
            return [
                (1, "expected"), (2, "seen-reply"), (4, "assured"), (8, "confirmed"), (16, "snat"), (32, "dnat"),
                (512, "dying"),
            ]
        case .tcpFlag:
            return [
                (1, "fin"), (2, "syn"), (4, "rst"), (8, "psh"), (16, "ack"), (32, "urg"), (64, "ecn"), (128, "cwr"),
            ]
        default: return nil
        }
    }

    /// Only protocols the nft grammar knows as keywords: other names go through `/etc/protocols`,
    /// which a minimal system may lack, so they render as numbers.
    private static let inetProto: [(value: UInt64, name: String)] = [
        (1, "icmp"), (6, "tcp"), (17, "udp"), (58, "icmpv6"),
    ]

    private static let icmpType: [(value: UInt64, name: String)] = [
        (0, "echo-reply"), (3, "destination-unreachable"), (4, "source-quench"), (5, "redirect"),
        (8, "echo-request"), (9, "router-advertisement"), (10, "router-solicitation"), (11, "time-exceeded"),
        (12, "parameter-problem"), (13, "timestamp-request"), (14, "timestamp-reply"), (15, "info-request"),
        (16, "info-reply"), (17, "address-mask-request"), (18, "address-mask-reply"),
    ]

    private static let icmpCode: [(value: UInt64, name: String)] = [
        (0, "net-unreachable"), (1, "host-unreachable"), (2, "prot-unreachable"), (3, "port-unreachable"),
        (4, "frag-needed"), (9, "net-prohibited"), (10, "host-prohibited"), (13, "admin-prohibited"),
    ]

    private static let icmpv6Type: [(value: UInt64, name: String)] = [
        (1, "destination-unreachable"), (2, "packet-too-big"), (3, "time-exceeded"), (4, "parameter-problem"),
        (128, "echo-request"), (129, "echo-reply"), (130, "mld-listener-query"), (131, "mld-listener-report"),
        (132, "mld-listener-done"), (133, "nd-router-solicit"), (134, "nd-router-advert"),
        (135, "nd-neighbor-solicit"), (136, "nd-neighbor-advert"), (137, "nd-redirect"),
        (138, "router-renumbering"), (141, "ind-neighbor-solicit"), (142, "ind-neighbor-advert"),
        (143, "mld2-listener-report"),
    ]

    private static let icmpv6Code: [(value: UInt64, name: String)] = [
        (0, "no-route"), (1, "admin-prohibited"), (3, "addr-unreachable"), (4, "port-unreachable"),
        (5, "policy-fail"), (6, "reject-route"),
    ]

    /// The `reject with icmpx` codes (`NFT_REJECT_ICMPX_*`).
    static let icmpxCode: [(value: UInt64, name: String)] = [
        (0, "no-route"), (1, "port-unreachable"), (2, "host-unreachable"), (3, "admin-prohibited"),
    ]

    private static let dscp: [(value: UInt64, name: String)] = [
        (0, "cs0"), (8, "cs1"), (16, "cs2"), (24, "cs3"), (32, "cs4"), (40, "cs5"), (48, "cs6"), (56, "cs7"),
        (10, "af11"), (12, "af12"), (14, "af13"), (18, "af21"), (20, "af22"), (22, "af23"), (26, "af31"),
        (28, "af32"), (30, "af33"), (34, "af41"), (36, "af42"), (38, "af43"), (46, "ef"),
    ]
}
