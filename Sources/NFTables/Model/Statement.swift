/// One statement of a rule.
///
/// In JSON a statement is an object with one key naming its kind:
/// `{"match": {...}}`, `{"counter": {}}`, `{"verdict": "accept"}`, `{"nat": {...}}`.
public enum Statement: Hashable, Sendable {
    /// Compare part of the packet with a value, a set of values or a named set.
    case match(Match)
    /// Count packets and bytes.
    case counter(Counter)
    /// Log the packet, to the kernel log or to an nflog group.
    case log(Log)
    /// Match while under (or, with `over`, above) a rate.
    case limit(Limit)
    /// End the rule with a verdict.
    case verdict(Verdict)
    /// Look a key up in a verdict map and apply the verdict found (`ip daddr vmap @m`).
    case verdictMap(VerdictMap)
    /// Refuse the packet with an error sent back.
    case reject(Reject)
    /// Source or destination NAT, masquerade or redirect.
    case nat(NAT)
    /// Set packet metadata: `meta mark set 0x1`.
    case metaSet(MetaSet)
    /// Set connection-tracking state: `ct mark set 0x1`, `ct zone set 2`.
    case ctSet(CtSet)
    /// Do not track this packet's connection.
    case notrack
    /// Rewrite a header field: `ip dscp set cs1`.
    case payloadSet(PayloadSet)
    /// Send a copy of the packet to a gateway, routed by that address alone (`dup to 192.0.2.1`, iptables' TEE);
    /// the address is of the table's family (`ip` or `ip6` tables only).
    case dup(IPAddress)

    /// A rule that only does this.
    public static func counter() -> Statement { .counter(Counter()) }
}

/// A comparison: `left op right`, where `left` may first be masked (`meta mark & 0xff == 0x1`).
///
/// On flag types (`ct state`, `ct status`, `tcp flags`) without a mask, `==` means "any of
/// these flags is set" and `!=` "none is", as in `nft`'s `ct state established,related`.
public struct Match: Hashable, Sendable, Codable {
    /// What the packet is looked at.
    public var left: Expression
    /// How it is compared.
    public var op: MatchOperator
    /// The value, anonymous set or named set it is compared with.
    public var right: Operand
    /// A mask applied to `left` before the comparison.
    public var mask: UInt64?

    /// Creates a match against a value.
    public init(_ left: Expression, _ op: MatchOperator = .eq, _ right: Value, mask: UInt64? = nil) {
        self.init(left, op, operand: .value(right), mask: mask)
    }

    /// Creates a match against any operand.
    public init(_ left: Expression, _ op: MatchOperator = .eq, operand: Operand, mask: UInt64? = nil) {
        self.left = left
        self.op = op
        self.right = operand
        self.mask = mask
    }
}

/// A comparison operator.
public enum MatchOperator: String, Hashable, Sendable, Codable, CaseIterable {
    /// Equal (`==`).
    case eq = "=="
    /// Not equal (`!=`).
    case neq = "!="
    /// Less than (`<`).
    case lt = "<"
    /// Greater than (`>`).
    case gt = ">"
    /// Less than or equal (`<=`).
    case le = "<="
    /// Greater than or equal (`>=`).
    case ge = ">="
}

/// The right-hand side of a match.
///
/// In JSON: a value, `{"set": [V, ...]}` for an anonymous set, or `{"ref": "NAME"}` for a named one.
public enum Operand: Hashable, Sendable {
    /// One value (which may be a prefix or a range).
    case value(Value)
    /// An anonymous set, created with the rule: `tcp dport { 22, 80 }`.
    case set([Value])
    /// A named set of the same table: `ip saddr @blocked`.
    case named(String)
}

/// Packet and byte counts.
public struct Counter: Hashable, Sendable, Codable {
    /// The number of packets counted.
    public var packets: UInt64
    /// The number of bytes of those packets.
    public var bytes: UInt64

    /// Creates a counter; new ones start at zero.
    public init(packets: UInt64 = 0, bytes: UInt64 = 0) {
        self.packets = packets
        self.bytes = bytes
    }
}

/// Logging: to the kernel log (`level`) or to an nflog group (`group`).
public struct Log: Hashable, Sendable, Codable {
    /// Text put before each logged line.
    public var prefix: String?
    /// The syslog level, for the kernel log.
    public var level: LogLevel?
    /// The nflog group; when set, packets go to user space instead of the kernel log.
    public var group: UInt16?
    /// How many bytes of the packet to copy to user space (nflog).
    public var snaplen: UInt32?
    /// How many packets to queue in the kernel before sending them up (nflog).
    public var queueThreshold: UInt16?

    /// Creates a log statement.
    public init(
        prefix: String? = nil,
        level: LogLevel? = nil,
        group: UInt16? = nil,
        snaplen: UInt32? = nil,
        queueThreshold: UInt16? = nil
    ) {
        self.prefix = prefix
        self.level = level
        self.group = group
        self.snaplen = snaplen
        self.queueThreshold = queueThreshold
    }
}

/// A syslog level, or `audit`: a record to the audit subsystem instead of the kernel log.
public enum LogLevel: String, Hashable, Sendable, Codable, CaseIterable {
    /// The system is unusable (0).
    case emerg
    /// Action must be taken at once (1).
    case alert
    /// Critical conditions (2).
    case crit
    /// Error conditions (3).
    case err
    /// Warning conditions (4); the level of a `log` statement that names none.
    case warn
    /// Normal but significant conditions (5).
    case notice
    /// Informational messages (6).
    case info
    /// Debug messages (7).
    case debug
    /// A record to the audit subsystem instead of the kernel log (8).
    case audit

    /// The syslog number, 0 (emerg) to 7 (debug); 8 for audit (`NFT_LOGLEVEL_AUDIT`).
    public var number: UInt32 { UInt32(LogLevel.allCases.firstIndex(of: self)!) }
}

/// A rate limit.
public struct Limit: Hashable, Sendable, Codable {
    /// Packets (or bytes, with `bytes`) per `unit`.
    public var rate: UInt64
    /// The time unit of the rate.
    public var unit: TimeUnit
    /// How many packets (or bytes) may pass at once above the rate.
    public var burst: UInt32?
    /// Count bytes rather than packets.
    public var bytes: Bool
    /// Match when the rate is exceeded rather than while under it.
    public var over: Bool

    /// Creates a limit.
    public init(rate: UInt64, unit: TimeUnit, burst: UInt32? = nil, bytes: Bool = false, over: Bool = false) {
        self.rate = rate
        self.unit = unit
        self.burst = burst
        self.bytes = bytes
        self.over = over
    }
}

/// A unit of time, for rates.
public enum TimeUnit: String, Hashable, Sendable, Codable, CaseIterable {
    /// Per second.
    case second
    /// Per minute.
    case minute
    /// Per hour.
    case hour
    /// Per day.
    case day
    /// Per week.
    case week

    /// The length of the unit in seconds.
    public var seconds: UInt64 {
        switch self {
        case .second: return 1
        case .minute: return 60
        case .hour: return 3600
        case .day: return 86400
        case .week: return 604800
        }
    }
}

/// A verdict map lookup: `ip daddr vmap @dispatch` or `tcp dport vmap { 22 : accept }`.
public struct VerdictMap: Hashable, Sendable, Codable {
    /// The key looked up.
    public var key: Expression
    /// The map: named, or anonymous with its elements.
    public var map: MapSource

    /// Creates a verdict map lookup.
    public init(key: Expression, map: MapSource) {
        self.key = key
        self.map = map
    }
}

/// A map used by a statement: a named one of the table, or an anonymous one made with the rule.
///
/// In JSON: `{"ref": "NAME"}` or `{"elements": [...]}`.
public enum MapSource: Hashable, Sendable {
    /// A named map of the same table: `@NAME`.
    case named(String)
    /// An anonymous map, created with the rule from its elements: `{ 22 : accept }`.
    case anonymous([SetElement])
}

/// How a packet is rejected.
public struct Reject: Hashable, Sendable, Codable {
    /// The kind of reply; `nil` lets the family choose (ICMP port unreachable, or its ICMPv6 form).
    public var type: RejectType?
    /// The ICMP, ICMPv6 or ICMPx code; `nil` for the type's default.
    public var code: UInt8?

    /// Creates a reject statement.
    public init(type: RejectType? = nil, code: UInt8? = nil) {
        self.type = type
        self.code = code
    }
}

/// The kind of reply a reject sends.
public enum RejectType: String, Hashable, Sendable, Codable, CaseIterable {
    /// A TCP reset (for TCP packets only).
    case tcpReset = "tcp reset"
    /// An ICMP error (IPv4).
    case icmp
    /// An ICMPv6 error.
    case icmpv6
    /// An ICMP or ICMPv6 error, whichever fits the packet (`inet` tables).
    case icmpx
}

/// Network address translation.
public struct NAT: Hashable, Sendable, Codable {
    /// Which translation.
    public var kind: NATKind
    /// The address family of the target, required in `inet` tables when an address is given.
    public var family: NATFamily?
    /// Where to translate to; `nil` for a plain `masquerade`.
    public var to: NATTarget?
    /// Port and address selection flags.
    public var flags: [NATFlag]

    /// Creates a NAT statement.
    public init(_ kind: NATKind, family: NATFamily? = nil, to: NATTarget? = nil, flags: [NATFlag] = []) {
        self.kind = kind
        self.family = family
        self.to = to
        self.flags = flags
    }
}

/// The kind of NAT.
public enum NATKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Source NAT: rewrite the source address (and port) to the target (`postrouting` or `input`).
    case snat
    /// Destination NAT: rewrite the destination address (and port) to the target (`prerouting` or `output`).
    case dnat
    /// Source NAT to the address of the interface the packet goes out on, chosen per packet (`postrouting`).
    case masquerade
    /// Destination NAT to this host itself (the address of the input interface, or loopback for local packets),
    /// optionally to another port.
    case redirect
}

/// The family of a NAT target address.
public enum NATFamily: String, Hashable, Sendable, Codable, CaseIterable {
    /// An IPv4 address (`ip`).
    case ip
    /// An IPv6 address (`ip6`).
    case ip6

    /// The `NFPROTO_*` value.
    public var nfproto: UInt8 { self == .ip ? 2 : 10 }
}

/// A NAT flag.
public enum NATFlag: String, Hashable, Sendable, Codable, CaseIterable {
    /// Choose the mapped port at random (`random`).
    case random
    /// Choose the mapped port with a fully random function rather than a hash of the flow (`fully-random`).
    case fullyRandom = "fully-random"
    /// Give a client the same mapped address for each of its connections (`persistent`).
    case persistent
}

/// The target of a NAT statement.
///
/// In JSON: `{"address": V, "port": V}` (either may be absent; ranges allowed), or
/// `{"map": {"key": EXPR, "ref": "NAME"}}` / `{"map": {"key": EXPR, "elements": [...]}}`
/// where each element's value is an address, or `{"concat": [address, port]}` for both.
public enum NATTarget: Hashable, Sendable {
    /// A fixed address (or range) and optionally a port (or range).
    case address(Value?, port: Value?)
    /// An address (and port) looked up in a map by a key.
    case map(key: Expression, map: MapSource)
}

/// Sets a `meta` key: `meta mark set 0x1`, or `meta mark set ct mark`.
public struct MetaSet: Hashable, Sendable, Codable {
    /// The key written.
    public var key: MetaKey
    /// A constant to write.
    public var value: Value?
    /// An expression whose value is written, instead of a constant.
    public var from: Expression?
    /// A change applied to `from` before it is written (`meta mark set meta mark and 0xff00 xor 0x1`).
    public var bitwise: Bitwise?

    /// Creates a meta statement.
    public init(_ key: MetaKey, value: Value? = nil, from: Expression? = nil, bitwise: Bitwise? = nil) {
        self.key = key
        self.value = value
        self.from = from
        self.bitwise = bitwise
    }
}

/// Sets a `ct` key: `ct mark set 0x1`, or `ct mark set meta mark`.
public struct CtSet: Hashable, Sendable, Codable {
    /// The key written.
    public var key: CtKey
    /// A constant to write.
    public var value: Value?
    /// An expression whose value is written, instead of a constant.
    public var from: Expression?
    /// A change applied to `from` before it is written (`meta mark set meta mark and 0xff00 xor 0x1`).
    public var bitwise: Bitwise?

    /// Creates a ct statement.
    public init(_ key: CtKey, value: Value? = nil, from: Expression? = nil, bitwise: Bitwise? = nil) {
        self.key = key
        self.value = value
        self.from = from
        self.bitwise = bitwise
    }
}

/// The kernel's `bitwise` operation on a number: `(value & mask) ^ xor`.
///
/// It expresses nft's `and`, `or` and `xor` on marks: `mark or 0x40` is mask `0xffffffbf`, xor `0x40`.
/// In JSON: `{"mask": 4294967231, "xor": 64}`.
public struct Bitwise: Hashable, Sendable, Codable {
    /// The bits kept.
    public var mask: UInt64
    /// The bits flipped after the mask.
    public var xor: UInt64

    /// Creates `(value & mask) ^ xor`.
    public init(mask: UInt64, xor: UInt64) {
        self.mask = mask
        self.xor = xor
    }
}

/// Writes a header field, fixing the checksum that covers it: `ip dscp set 0x01`.
///
/// vrc writes the DSCP fields (`ip dscp`, `ip6 dscp`). In JSON: `{"payload": {"field": "ip dscp", "value": 1}}`.
public struct PayloadSet: Hashable, Sendable, Codable {
    /// The field written.
    public var field: PayloadField
    /// The new value.
    public var value: Value

    /// Creates a payload statement.
    public init(_ field: PayloadField, value: Value) {
        self.field = field
        self.value = value
    }
}
