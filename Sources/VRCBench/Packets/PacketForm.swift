/// How the router's rules are loaded in a packet measurement.
public enum PacketForm: String, Codable, CaseIterable, Hashable, Sendable {
    /// No rules at all: the router only forwards (no conntrack, no NAT). The reference rate.
    case empty
    /// vrc's compiled ruleset (set and map lookups), applied over netlink.
    case compiled = "vrc-compiled"
    /// vrc's compiled ruleset of the router with one more entry, first in the list, that names the receiver's
    /// prefix (tcp port 1, which the UDP flow does not match): the flow's address is one the list names, so it
    /// walks every run of the list rather than leaving it at the first lookup. vrc's worst case.
    case compiledNamed = "vrc-compiled-named"
    /// The router's linear `iptables-save` dump imported by vrc without optimization: one nftables rule per
    /// iptables rule.
    case nftLinear = "nft-linear"
    /// The same dump loaded with `iptables-legacy-restore`: one x_tables rule per line.
    case iptablesLegacy = "iptables-legacy"

    /// The name in tables and pictures.
    public var title: String {
        switch self {
        case .empty: "empty ruleset"
        case .compiled: "vrc compiled"
        case .compiledNamed: "vrc compiled, flow named"
        case .nftLinear: "nft linear"
        case .iptablesLegacy: "iptables-legacy linear"
        }
    }

    /// Whether the form loads the linear dump.
    var usesLinearDump: Bool { self == .nftLinear || self == .iptablesLegacy }
}
