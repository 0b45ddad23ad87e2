import RouterModel

/// One connection attempt a behaviour test makes, with the model's verdict on it.
internal struct Probe: Sendable, CustomStringConvertible {
    /// The bullets of MODEL.md's Semantics section, one category each.
    enum Category: String, CaseIterable, Sendable, CustomStringConvertible {
        case guestInput = "guest input services"
        case publicInput = "public input (firewall, ipsec)"
        case vrrp = "vrrp on guest interfaces"
        case control = "control ssh only"
        case loopback = "loopback"
        case neighbourDiscovery = "icmpv6 neighbour discovery"
        case publicToGuest = "public to guest (port forward, static NAT, gates)"
        case publicToGuestUntranslated = "public to guest without destination NAT"
        case loadBalancer = "load balancer"
        case guestToPublic = "guest to public (egress, source NAT)"
        case guestToGuest = "guest to guest (egress and ingress)"
        case invalidState = "conntrack state invalid"

        var description: String { rawValue }
    }

    /// How the client tries: a TCP connection, a UDP datagram (answered), an ICMP echo, one raw IP packet, or one
    /// TCP segment that conntrack finds invalid (SYN and FIN together).
    enum Kind: String, Sendable {
        case tcp, udp, icmp, raw
        case invalidTCP = "tcpinvalid"

        /// Whether the client only sends, so that only the listeners' logs tell whether the packet arrived.
        var sendsOnly: Bool { self == .raw || self == .invalidTCP }
    }

    var id: Int
    var category: Category
    var kind: Kind
    /// The flow as the model sees it (origin, addresses, protocol, port).
    var flow: ModelSemantics.Flow
    /// How many connections to make (a load balancer gets many).
    var count: Int
    /// What the model says must happen.
    var verdict: ModelSemantics.Verdict

    /// The port the client sends to: the destination port, or the IP protocol of a raw packet.
    var wirePort: Int {
        switch kind {
        case .tcp, .udp, .invalidTCP: return flow.port ?? 0
        case .icmp: return 0
        case .raw: return Int(flow.proto)
        }
    }

    var description: String {
        let shape = kind == .invalidTCP ? " (SYN+FIN segment)" : count > 1 ? " x\(count)" : ""
        return "[\(category)] \(flow.origin): \(flow)\(shape) must be \(verdict)"
    }
}
