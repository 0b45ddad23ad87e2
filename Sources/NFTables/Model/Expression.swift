/// What a rule looks at in a packet or its connection: the left-hand side of a match,
/// the key of a lookup, the source of a mangle.
///
/// Simple selectors code as their `nft` text (`"ip saddr"`, `"meta iifname"`,
/// `"ct original ip saddr"`); a concatenation codes as an array of them.
public indirect enum Expression: Hashable, Sendable {
    /// A field of a protocol header.
    case payload(PayloadField)
    /// Packet metadata.
    case meta(MetaKey)
    /// Connection-tracking state.
    case ct(CtKey)
    /// Several expressions joined into one key (`ip saddr . tcp dport`).
    case concat([Expression])
    /// A number generator: `numgen inc mod 2` or `numgen random mod 4 offset 1`.
    case numgen(NumgenMode, modulus: UInt32, offset: UInt32)
    /// A hash of other expressions: `jhash ip saddr . tcp sport mod 2 seed 0x1`.
    case jhash(Expression, modulus: UInt32, seed: UInt32?, offset: UInt32)
}

/// How `numgen` produces numbers.
public enum NumgenMode: String, Hashable, Sendable, Codable, CaseIterable {
    /// Round robin.
    case inc
    /// Uniformly at random.
    case random
}

/// A header field that nftables knows by name.
public enum PayloadField: String, Hashable, Sendable, Codable, CaseIterable {
    case ipSaddr = "ip saddr"
    case ipDaddr = "ip daddr"
    case ipProtocol = "ip protocol"
    case ipLength = "ip length"
    case ipTtl = "ip ttl"
    case ipDscp = "ip dscp"
    case ip6Saddr = "ip6 saddr"
    case ip6Daddr = "ip6 daddr"
    case ip6Nexthdr = "ip6 nexthdr"
    case ip6Hoplimit = "ip6 hoplimit"
    case ip6Dscp = "ip6 dscp"
    case tcpSport = "tcp sport"
    case tcpDport = "tcp dport"
    case tcpFlags = "tcp flags"
    case udpSport = "udp sport"
    case udpDport = "udp dport"
    case thSport = "th sport"
    case thDport = "th dport"
    case icmpType = "icmp type"
    case icmpCode = "icmp code"
    case icmpv6Type = "icmpv6 type"
    case icmpv6Code = "icmpv6 code"
    case etherSaddr = "ether saddr"
}

/// A `meta` key.
public enum MetaKey: String, Hashable, Sendable, Codable, CaseIterable {
    case iifname, oifname, l4proto, nfproto, mark, length, pkttype, skuid, skgid
}

/// A `ct` key, with its direction where it has one.
public enum CtKey: String, Hashable, Sendable, Codable, CaseIterable {
    case state
    case status
    case mark
    case direction
    case zone
    case originalIpSaddr = "original ip saddr"
    case originalIpDaddr = "original ip daddr"
    case replyIpSaddr = "reply ip saddr"
    case replyIpDaddr = "reply ip daddr"
    case originalIp6Saddr = "original ip6 saddr"
    case originalIp6Daddr = "original ip6 daddr"
    case replyIp6Saddr = "reply ip6 saddr"
    case replyIp6Daddr = "reply ip6 daddr"
    case originalProtoSrc = "original proto-src"
    case originalProtoDst = "original proto-dst"
    case replyProtoSrc = "reply proto-src"
    case replyProtoDst = "reply proto-dst"
}
