import NFTables
import RouterModel

/// What a rule needs to know about an address family: its header fields, key types and NAT family.
extension AddressFamily {
    /// `4` or `6`, the suffix of per-family set names.
    var suffix: String { self == .ipv4 ? "4" : "6" }

    /// `ipv4_addr` or `ipv6_addr`.
    var addressType: DataType { self == .ipv4 ? .ipv4Addr : .ipv6Addr }

    /// `ip saddr` or `ip6 saddr`.
    var sourceAddress: Expression { .payload(self == .ipv4 ? .ipSaddr : .ip6Saddr) }

    /// `ip daddr` or `ip6 daddr`.
    var destinationAddress: Expression { .payload(self == .ipv4 ? .ipDaddr : .ip6Daddr) }

    /// `ct original ip daddr` or `ct original ip6 daddr`: where a flow was sent before destination NAT.
    var originalDestination: Expression { .ct(self == .ipv4 ? .originalIpDaddr : .originalIp6Daddr) }

    /// `icmp type` or `icmpv6 type`.
    var icmpTypeField: Expression { .payload(self == .ipv4 ? .icmpType : .icmpv6Type) }

    /// `icmp code` or `icmpv6 code`.
    var icmpCodeField: Expression { .payload(self == .ipv4 ? .icmpCode : .icmpv6Code) }

    /// The key types of `icmp type . icmp code` (or the ICMPv6 pair).
    var icmpKeyTypes: [DataType] { self == .ipv4 ? [.icmpType, .icmpCode] : [.icmpv6Type, .icmpv6Code] }

    /// The IP protocol that carries this family's ICMP: 1 or 58.
    var icmpProtocol: UInt8 { self == .ipv4 ? 1 : 58 }

    /// The ICMP echo-request type: 8 or 128.
    var echoRequest: UInt64 { self == .ipv4 ? 8 : 128 }

    /// The family a NAT statement names in an `inet` table.
    var natFamily: NATFamily { self == .ipv4 ? .ip : .ip6 }
}
