import NFTables
import RouterModel

/// The form of key an ACL or firewall entry is looked up by, after the address part(s).
///
/// One key cannot serve every entry exactly: `th dport` reads bytes 2-3 of any transport header (for ICMP that is
/// the checksum, and a packet too short to hold them matches nothing), so ports, bare protocols and ICMP types
/// each get their own key. Entries of one run of an ACL may land in several shapes; the run then takes one lookup
/// per shape, all with the run's verdict, which decides exactly as the run does.
internal enum TrafficShape: String, CaseIterable, Hashable, Sendable {
    /// `address . meta l4proto . th dport`: tcp and udp entries that name ports.
    case ports
    /// `address . meta l4proto`: entries that name only a protocol (or `all`, every protocol).
    case protocols
    /// `address . icmp type . icmp code`: icmp and icmpv6 entries that name a type or a code.
    case icmp

    /// The key types after the address parts.
    func trailingKeyTypes(_ family: AddressFamily) -> [DataType] {
        switch self {
        case .ports: return [.inetProto, .inetService]
        case .protocols: return [.inetProto]
        case .icmp: return family.icmpKeyTypes
        }
    }

    /// The key expressions after the address parts, reading the packet as it is (after any destination NAT).
    func trailingKey(_ family: AddressFamily) -> [Expression] {
        switch self {
        case .ports: return [.meta(.l4proto), .payload(.thDport)]
        case .protocols: return [.meta(.l4proto)]
        case .icmp: return [family.icmpTypeField, family.icmpCodeField]
        }
    }

    /// The key expressions after the address parts, reading the port as the flow's first packet carried it before
    /// destination NAT (`ct original proto-dst`); ICMP types are never translated.
    func trailingOriginalKey(_ family: AddressFamily) -> [Expression] {
        switch self {
        case .ports: return [.meta(.l4proto), .ct(.originalProtoDst)]
        default: return trailingKey(family)
        }
    }
}
