import NFTables

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Parsers for the values iptables options take: numbers, ports, addresses with masks, ranges, marks.
/// Each returns `nil` for text it does not accept; the caller names the argument.
internal enum ArgumentValues {
    /// A number as `strtoul` with base 0 reads it (`0x` hex, leading `0` octal, else decimal), at most `max`.
    static func number(_ text: String, max: UInt64 = UInt64(UInt32.max)) -> UInt64? {
        let lower = text.lowercased()
        let parsed: UInt64?
        if lower.hasPrefix("0x") {
            parsed = UInt64(lower.dropFirst(2), radix: 16)
        } else if lower.count > 1 && lower.hasPrefix("0") {
            parsed = UInt64(lower.dropFirst(), radix: 8)
        } else {
            parsed = UInt64(lower)
        }
        guard let parsed, parsed <= max else { return nil }
        return parsed
    }

    /// `VALUE[/MASK]`, as the mark matches and targets take it; the mask defaults to all ones.
    static func markAndMask(_ text: String) -> (value: UInt32, mask: UInt32)? {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let value = number(parts[0]) else { return nil }
        if parts.count == 1 { return (UInt32(value), UInt32.max) }
        guard let mask = number(parts[1]) else { return nil }
        return (UInt32(value), UInt32(mask))
    }

    /// A port number or a service name (looked up for `proto`).
    static func port(_ text: String, proto: String) -> UInt16? {
        if let value = number(text, max: 65535), text.first?.isNumber == true { return UInt16(value) }
        guard !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            return nil
        }
        guard let entry = getservbyname(text, proto) else { return nil }
        return UInt16(bigEndian: UInt16(truncatingIfNeeded: entry.pointee.s_port))
    }

    /// `PORT`, `LOW:HIGH`, `:HIGH` or `LOW:` (the separator may also be `-` where `allowDash`).
    static func portRange(_ text: String, proto: String, allowDash: Bool = false) -> (UInt16, UInt16)? {
        let separator: Character? = text.contains(":") ? ":" : (allowDash && text.contains("-") ? "-" : nil)
        guard let separator else {
            guard let single = port(text, proto: proto) else { return nil }
            return (single, single)
        }
        let parts = text.split(separator: separator, maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let low = parts[0].isEmpty ? 0 : port(parts[0], proto: proto)
        let high = parts[1].isEmpty ? 65535 : port(parts[1], proto: proto)
        guard let low, let high, low <= high else { return nil }
        return (low, high)
    }

    /// A port or a range as a value: one number, or an inclusive range.
    static func portValue(_ range: (UInt16, UInt16)) -> Value {
        range.0 == range.1 ? .integer(UInt64(range.0)) : .range(.integer(UInt64(range.0)), .integer(UInt64(range.1)))
    }

    /// `MIN[:MAX]` of plain numbers (`--length 86:0xffff`, `--length :400`).
    static func numberRange(_ text: String, max: UInt64) -> (UInt64, UInt64)? {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 {
            guard let value = number(parts[0], max: max) else { return nil }
            return (value, value)
        }
        let low = parts[0].isEmpty ? 0 : number(parts[0], max: max)
        let high = parts[1].isEmpty ? max : number(parts[1], max: max)
        guard let low, let high, low <= high else { return nil }
        return (low, high)
    }

    /// An address of the family, never a host name.
    static func address(_ text: String, family: IptablesFamily) -> IPAddress? {
        guard let address = IPAddress(text), address.isV4 == (family == .ipv4) else { return nil }
        return address
    }

    /// `ADDRESS[/PREFIX|/MASK]`: the address with its mask, the mask as bytes.
    static func addressWithMask(_ text: String, family: IptablesFamily) -> (address: IPAddress, mask: [UInt8])? {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let address = address(parts[0], family: family) else { return nil }
        let width = family == .ipv4 ? 4 : 16
        guard parts.count == 2 else { return (address, IPAddress.mask(prefix: width * 8, bytes: width)) }
        if let length = Int(parts[1]), parts[1].allSatisfy(\.isNumber) {
            guard length <= width * 8 else { return nil }
            return (address, IPAddress.mask(prefix: length, bytes: width))
        }
        guard let mask = self.address(parts[1], family: family) else { return nil }
        return (address, mask.bytes)
    }

    /// The length of a contiguous mask (`255.255.0.0` is 16), or `nil` for a mask with holes.
    static func prefixLength(_ mask: [UInt8]) -> Int? {
        let ones = mask.reduce(0) { $0 + $1.nonzeroBitCount }
        return IPAddress.mask(prefix: ones, bytes: mask.count) == mask ? ones : nil
    }

    /// `LOW-HIGH` addresses (`--src-range`).
    static func addressRange(_ text: String, family: IptablesFamily) -> (IPAddress, IPAddress)? {
        let parts = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let low = address(parts[0], family: family) else { return nil }
        if parts.count == 1 { return (low, low) }
        guard let high = address(parts[1], family: family), !(high < low) else { return nil }
        return (low, high)
    }

    /// An IP protocol by name or number (`tcp`, `TCP`, `6`); `0` for `all`.
    static func protocolNumber(_ text: String) -> UInt8? {
        let lower = text.lowercased()
        if let value = number(lower, max: 255), lower.first?.isNumber == true { return UInt8(value) }
        return protocolNames[lower]
    }

    /// Protocol names iptables knows (`/etc/protocols` and its own list), by lowercased name.
    private static let protocolNames: [String: UInt8] = [
        "all": 0, "tcp": 6, "udp": 17, "udplite": 136, "icmp": 1, "icmpv6": 58, "ipv6-icmp": 58, "icmp6": 58,
        "esp": 50, "ah": 51, "sctp": 132, "dccp": 33, "gre": 47, "igmp": 2, "ipip": 4, "ipv6": 41,
        "ospf": 89, "vrrp": 112, "pim": 103, "l2tp": 115, "mh": 135, "ipv6-mh": 135, "ipcomp": 108,
    ]

    /// `NAME[,NAME...]` flags from a table, combined.
    static func flags(_ text: String, _ table: [String: UInt64]) -> UInt64? {
        var combined: UInt64 = 0
        for name in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let bit = table[name.uppercased()] else { return nil }
            combined |= bit
        }
        return combined
    }
}
