/// The tables of `iptables` and `ip6tables`, as `*filter` ... `COMMIT` sections name them.
public enum IptablesTable: String, Hashable, Sendable, CaseIterable {
    /// `*filter`: accepting and dropping packets (`INPUT`, `FORWARD`, `OUTPUT`).
    case filter
    /// `*nat`: address and port translation, seen by the first packet of each connection only.
    case nat
    /// `*mangle`: changing packets and their marks (TOS, TTL, `MARK`).
    case mangle
    /// `*raw`: rules before connection tracking, such as `-j NOTRACK`/`CT --notrack`.
    case raw
    /// `*security`: setting SELinux security marks (`SECMARK`, `CONNSECMARK`).
    case security

    /// The built-in chains of the table, in the order `iptables-save` prints them.
    public var builtinChains: [String] {
        switch self {
        case .filter, .security: return ["INPUT", "FORWARD", "OUTPUT"]
        case .nat: return ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"]
        case .mangle: return ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"]
        case .raw: return ["PREROUTING", "OUTPUT"]
        }
    }

    /// Whether `chain` is one of the table's built-in chains.
    public func isBuiltin(_ chain: String) -> Bool {
        builtinChains.contains(chain)
    }
}
