import NFTables

/// Which of the two legacy tools a dump comes from: `iptables-save` (IPv4) or `ip6tables-save` (IPv6).
public enum IptablesFamily: String, Sendable, Hashable, CaseIterable {
    /// `iptables`: tables go to the `ip` family.
    case ipv4
    /// `ip6tables`: tables go to the `ip6` family.
    case ipv6

    /// The nftables family `iptables-restore-translate` puts this tool's tables in.
    public var tableFamily: TableFamily {
        switch self {
        case .ipv4: return .ip
        case .ipv6: return .ip6
        }
    }
}
