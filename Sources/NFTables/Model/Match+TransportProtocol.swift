extension Match {
    /// Whether nft takes this match as naming the packet's transport protocol, which it requires before a
    /// statement maps ports (`meta l4proto { tcp, udp } masquerade to :1024-65535`).
    ///
    /// As nft 1.0.6 does: `==` without a mask on `meta l4proto`, `ip protocol` or `ip6 nexthdr`, against one
    /// protocol or an anonymous set that holds at least one single protocol, whichever protocols they are. A
    /// range, a named set, another operator, or the protocol as part of a concatenation does not count.
    var namesTransportProtocol: Bool {
        guard op == .eq, mask == nil else { return false }
        switch left {
        case .meta(.l4proto), .payload(.ipProtocol), .payload(.ip6Nexthdr):
            break
        default:
            return false
        }
        switch right {
        case .value(let value): return !value.isInterval
        case .set(let values): return values.contains { !$0.isInterval }
        case .named: return false
        }
    }
}
