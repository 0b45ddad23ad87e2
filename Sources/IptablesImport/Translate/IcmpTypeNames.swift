/// The ICMP and ICMPv6 type names iptables and ip6tables accept, with the code range each stands for.
internal enum IcmpTypeNames {
    /// A type with all its codes (`0...255`) or one code.
    struct Entry {
        var type: UInt8
        var code: UInt8?
    }

    static let icmp: [String: Entry] = [
        "echo-reply": Entry(type: 0), "pong": Entry(type: 0),
        "destination-unreachable": Entry(type: 3),
        "network-unreachable": Entry(type: 3, code: 0), "host-unreachable": Entry(type: 3, code: 1),
        "protocol-unreachable": Entry(type: 3, code: 2), "port-unreachable": Entry(type: 3, code: 3),
        "fragmentation-needed": Entry(type: 3, code: 4), "source-route-failed": Entry(type: 3, code: 5),
        "network-unknown": Entry(type: 3, code: 6), "host-unknown": Entry(type: 3, code: 7),
        "network-prohibited": Entry(type: 3, code: 9), "host-prohibited": Entry(type: 3, code: 10),
        "tos-network-unreachable": Entry(type: 3, code: 11), "tos-host-unreachable": Entry(type: 3, code: 12),
        "communication-prohibited": Entry(type: 3, code: 13), "host-precedence-violation": Entry(type: 3, code: 14),
        "precedence-cutoff": Entry(type: 3, code: 15),
        "source-quench": Entry(type: 4),
        "redirect": Entry(type: 5),
        "network-redirect": Entry(type: 5, code: 0), "host-redirect": Entry(type: 5, code: 1),
        "tos-network-redirect": Entry(type: 5, code: 2), "tos-host-redirect": Entry(type: 5, code: 3),
        "echo-request": Entry(type: 8), "ping": Entry(type: 8),
        "router-advertisement": Entry(type: 9), "router-solicitation": Entry(type: 10),
        "time-exceeded": Entry(type: 11), "ttl-exceeded": Entry(type: 11),
        "ttl-zero-during-transit": Entry(type: 11, code: 0), "ttl-zero-during-reassembly": Entry(type: 11, code: 1),
        "parameter-problem": Entry(type: 12),
        "ip-header-bad": Entry(type: 12, code: 0), "required-option-missing": Entry(type: 12, code: 1),
        "timestamp-request": Entry(type: 13), "timestamp-reply": Entry(type: 14),
        "address-mask-request": Entry(type: 17), "address-mask-reply": Entry(type: 18),
    ]

    static let icmpv6: [String: Entry] = [
        "destination-unreachable": Entry(type: 1),
        "no-route": Entry(type: 1, code: 0), "communication-prohibited": Entry(type: 1, code: 1),
        "beyond-scope": Entry(type: 1, code: 2), "address-unreachable": Entry(type: 1, code: 3),
        "port-unreachable": Entry(type: 1, code: 4), "failed-policy": Entry(type: 1, code: 5),
        "reject-route": Entry(type: 1, code: 6),
        "packet-too-big": Entry(type: 2),
        "time-exceeded": Entry(type: 3), "ttl-exceeded": Entry(type: 3),
        "ttl-zero-during-transit": Entry(type: 3, code: 0), "ttl-zero-during-reassembly": Entry(type: 3, code: 1),
        "parameter-problem": Entry(type: 4),
        "bad-header": Entry(type: 4, code: 0), "unknown-header-type": Entry(type: 4, code: 1),
        "unknown-option": Entry(type: 4, code: 2),
        "echo-request": Entry(type: 128), "ping": Entry(type: 128),
        "echo-reply": Entry(type: 129), "pong": Entry(type: 129),
        "router-solicitation": Entry(type: 133), "router-advertisement": Entry(type: 134),
        "neighbour-solicitation": Entry(type: 135), "neighbor-solicitation": Entry(type: 135),
        "neighbour-advertisement": Entry(type: 136), "neighbor-advertisement": Entry(type: 136),
        "redirect": Entry(type: 137),
    ]

    /// `NAME`, `TYPE` or `TYPE/CODE`; `nil` for `any` is handled by the caller.
    static func parse(_ text: String, v6: Bool) -> Entry? {
        if let entry = (v6 ? icmpv6 : icmp)[text.lowercased()] { return entry }
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let type = ArgumentValues.number(parts[0], max: 255), parts[0].first?.isNumber == true else {
            return nil
        }
        if parts.count == 1 { return Entry(type: UInt8(type)) }
        guard let code = ArgumentValues.number(parts[1], max: 255) else { return nil }
        return Entry(type: UInt8(type), code: UInt8(code))
    }
}
