/// The address family of a table, as nftables names it.
public enum TableFamily: String, Hashable, Sendable, Codable, CaseIterable {
    /// IPv4 only.
    case ip
    /// IPv6 only.
    case ip6
    /// IPv4 and IPv6 together.
    case inet
    /// ARP.
    case arp
    /// Bridged frames.
    case bridge
    /// Ingress and egress of one device.
    case netdev

    /// The `NFPROTO_*` value the kernel uses for this family.
    public var nfproto: UInt8 {
        switch self {
        case .ip: return 2
        case .ip6: return 10
        case .inet: return 1
        case .arp: return 3
        case .bridge: return 7
        case .netdev: return 5
        }
    }

    /// The family for an `NFPROTO_*` value, or `nil` when nftables has none.
    public init?(nfproto: UInt8) {
        guard let family = TableFamily.allCases.first(where: { $0.nfproto == nfproto }) else { return nil }
        self = family
    }
}
