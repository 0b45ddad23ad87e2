/// An nftables chain: an ordered list of rules, attached to a hook when it is a base chain.
public struct Chain: Hashable, Sendable, Codable {
    /// The chain's name, unique within its table.
    public var name: String
    /// Where the chain is attached; `nil` for a regular chain, reached only by `jump` or `goto`.
    public var hook: BaseChain?
    /// The rules, in evaluation order.
    public var rules: [Rule]
    /// A free-text comment stored with the chain.
    public var comment: String?
    /// The kernel's handle, present on chains read back from the kernel.
    public var handle: UInt64?

    /// Creates a chain.
    public init(
        name: String,
        hook: BaseChain? = nil,
        rules: [Rule] = [],
        comment: String? = nil,
        handle: UInt64? = nil
    ) {
        self.name = name
        self.hook = hook
        self.rules = rules
        self.comment = comment
        self.handle = handle
    }
}

/// The attachment of a base chain: its type, hook, priority and policy.
public struct BaseChain: Hashable, Sendable, Codable {
    /// The chain type.
    public var type: ChainType
    /// The netfilter hook the chain runs at.
    public var hook: Hook
    /// The priority among chains on the same hook; lower runs first.
    public var priority: Int32
    /// The verdict for packets that reach the end of the chain; `nil` leaves the kernel default (accept).
    public var policy: ChainPolicy?
    /// The device, for `ingress` and `egress` hooks of the `netdev` family.
    public var device: String?

    /// Creates a base-chain attachment.
    public init(type: ChainType, hook: Hook, priority: Int32, policy: ChainPolicy? = nil, device: String? = nil) {
        self.type = type
        self.hook = hook
        self.priority = priority
        self.policy = policy
        self.device = device
    }
}

/// The type of a base chain.
public enum ChainType: String, Hashable, Sendable, Codable, CaseIterable {
    /// Filtering.
    case filter
    /// Network address translation; sees the first packet of each flow only.
    case nat
    /// Rerouting after a mangle on output.
    case route
}

/// A netfilter hook.
public enum Hook: String, Hashable, Sendable, Codable, CaseIterable {
    /// Every packet that arrives, before the routing decision.
    case prerouting
    /// Packets addressed to this host, after routing.
    case input
    /// Packets that this host routes on to another one.
    case forward
    /// Packets that local processes send, before they are routed.
    case output
    /// Every packet that leaves, after routing.
    case postrouting
    /// Packets as they arrive at one device, before `prerouting` (`netdev` family, or `inet` on Linux 5.10 and later).
    case ingress
    /// Packets as they leave one device, after `postrouting` (`netdev` family, Linux 5.16 and later).
    case egress
}

/// The policy of a base chain.
public enum ChainPolicy: String, Hashable, Sendable, Codable, CaseIterable {
    /// Packets that reach the end of the chain without a verdict are accepted.
    case accept
    /// Packets that reach the end of the chain without a verdict are dropped.
    case drop
}
