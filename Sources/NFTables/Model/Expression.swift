/// What a rule looks at in a packet or its connection: the left-hand side of a match,
/// the key of a lookup, the source of a mangle.
///
/// Simple selectors code as their `nft` text (`"ip saddr"`, `"meta iifname"`,
/// `"ct original ip saddr"`); a concatenation codes as an array of them.
public indirect enum Expression: Hashable, Sendable {
    /// A field of a protocol header.
    case payload(PayloadField)
    /// Packet metadata.
    case meta(MetaKey)
    /// Connection-tracking state.
    case ct(CtKey)
    /// Several expressions joined into one key (`ip saddr . tcp dport`).
    case concat([Expression])
    /// A number generator: `numgen inc mod 2` or `numgen random mod 4 offset 1`.
    case numgen(NumgenMode, modulus: UInt32, offset: UInt32)
    /// A hash of other expressions: `jhash ip saddr . tcp sport mod 2 seed 0x1`.
    case jhash(Expression, modulus: UInt32, seed: UInt32?, offset: UInt32)
    /// A routing lookup: `fib daddr type`, `fib saddr . iif oif`.
    case fib(FibLookup)
    /// A field of a TCP option or of an IPv6 extension header; a packet without it does not match.
    case exthdr(ExthdrField)
}

/// A field of a TCP option or an IPv6 extension header, found wherever it is in the packet.
public enum ExthdrField: String, Hashable, Sendable, Codable, CaseIterable {
    /// The value of the TCP maximum segment size option.
    case tcpOptionMaxsegSize = "tcp option maxseg size"
    /// The identification of the IPv6 fragment header.
    case fragId = "frag id"
    /// The offset of an IPv6 fragment, in 8-byte units (0 for the first).
    case fragFragOff = "frag frag-off"
    /// The more-fragments flag of the IPv6 fragment header (0 for the last fragment).
    case fragMoreFragments = "frag more-fragments"
    /// The routing type of the IPv6 routing header.
    case rtType = "rt type"
    /// The segments left of the IPv6 routing header.
    case rtSegLeft = "rt seg-left"

    /// Where the field is: `NFT_EXTHDR_OP_*`, the option kind or header number, the offset in it and
    /// the length in bytes.
    public var location: (op: UInt32, type: UInt8, offset: UInt32, length: Int) {
        switch self {
        case .tcpOptionMaxsegSize: return (1, 2, 2, 2)
        case .fragId: return (0, 44, 4, 4)
        case .fragFragOff: return (0, 44, 2, 2)
        case .fragMoreFragments: return (0, 44, 3, 1)
        case .rtType: return (0, 43, 2, 1)
        case .rtSegLeft: return (0, 43, 3, 1)
        }
    }

    /// For a field that is not whole bytes: the mask of its bits in the loaded bytes, and how far it sits
    /// above bit 0.
    public var bits: (mask: [UInt8], shift: Int)? {
        switch self {
        case .fragFragOff: return ([0xFF, 0xF8], 3)
        case .fragMoreFragments: return ([0x01], 0)
        default: return nil
        }
    }
}

/// What a `fib` expression looks up in the routing tables, and what it yields.
///
/// As text: `fib ADDRESS[ . mark][ . iif| . oif] RESULT`, e.g. `fib daddr . iif type`.
public struct FibLookup: Hashable, Sendable, Codable {
    /// The address looked up.
    public enum Address: String, Hashable, Sendable, Codable, CaseIterable {
        /// The source address.
        case saddr
        /// The destination address.
        case daddr
    }

    /// What the lookup yields.
    public enum Result: String, Hashable, Sendable, Codable, CaseIterable {
        /// The address type, an `RTN_*` number (1 unicast, 2 local, 3 broadcast, 4 anycast, 5 multicast...).
        case type
        /// The index of the output interface, 0 when there is no route.
        case oif
    }

    /// Which interface, if any, the lookup is restricted to.
    public enum Interface: String, Hashable, Sendable, Codable, CaseIterable {
        /// The input interface.
        case iif
        /// The output interface.
        case oif
    }

    /// The address looked up.
    public var address: Address
    /// Whether the packet mark takes part in the lookup.
    public var mark: Bool
    /// The interface the lookup is restricted to, if any.
    public var interface: Interface?
    /// What the lookup yields.
    public var result: Result

    /// Creates a lookup.
    public init(_ address: Address, mark: Bool = false, interface: Interface? = nil, result: Result) {
        self.address = address
        self.mark = mark
        self.interface = interface
        self.result = result
    }

    /// `fib daddr . iif type`.
    public var text: String {
        "fib \(address.rawValue)" + (mark ? " . mark" : "") + (interface.map { " . \($0.rawValue)" } ?? "")
            + " \(result.rawValue)"
    }

    /// Parses ``text``.
    public init?(text: String) {
        var words = text.split(separator: " ").map(String.init)
        guard words.count >= 3, words.removeFirst() == "fib", let address = Address(rawValue: words.removeFirst()),
            let result = Result(rawValue: words.removeLast())
        else { return nil }
        var mark = false
        var interface: Interface?
        while !words.isEmpty {
            guard words.count >= 2, words.removeFirst() == "." else { return nil }
            let word = words.removeFirst()
            if word == "mark" && !mark && interface == nil {
                mark = true
            } else if let found = Interface(rawValue: word), interface == nil {
                interface = found
            } else {
                return nil
            }
        }
        self.init(address, mark: mark, interface: interface, result: result)
    }
}

/// How `numgen` produces numbers.
public enum NumgenMode: String, Hashable, Sendable, Codable, CaseIterable {
    /// Round robin.
    case inc
    /// Uniformly at random.
    case random
}

/// A header field that nftables knows by name.
public enum PayloadField: String, Hashable, Sendable, Codable, CaseIterable {
    /// The IPv4 source address (`ip saddr`).
    case ipSaddr = "ip saddr"
    /// The IPv4 destination address (`ip daddr`).
    case ipDaddr = "ip daddr"
    /// The protocol of the IPv4 payload (`ip protocol`): `tcp`, `udp`, `icmp`, ...
    case ipProtocol = "ip protocol"
    /// The total length of the IPv4 packet, header included, in bytes (`ip length`).
    case ipLength = "ip length"
    /// The IPv4 time to live (`ip ttl`).
    case ipTtl = "ip ttl"
    /// The flags and fragment offset of IPv4 (`ip frag-off & 0x1fff != 0` is a later fragment).
    case ipFragOff = "ip frag-off"
    /// The DiffServ code point of IPv4, the upper 6 bits of the TOS byte (`ip dscp`).
    case ipDscp = "ip dscp"
    /// The two ECN bits of IPv4 (0 not-ect, 1 ect1, 2 ect0, 3 ce).
    case ipEcn = "ip ecn"
    /// The IPv6 source address (`ip6 saddr`).
    case ip6Saddr = "ip6 saddr"
    /// The IPv6 destination address (`ip6 daddr`).
    case ip6Daddr = "ip6 daddr"
    /// The next header of the fixed IPv6 header (`ip6 nexthdr`); it may name an extension header rather than the
    /// transport protocol (`meta l4proto` skips extension headers).
    case ip6Nexthdr = "ip6 nexthdr"
    /// The IPv6 hop limit (`ip6 hoplimit`).
    case ip6Hoplimit = "ip6 hoplimit"
    /// The DiffServ code point of IPv6, the upper 6 bits of the traffic class (`ip6 dscp`).
    case ip6Dscp = "ip6 dscp"
    /// The TCP source port (`tcp sport`).
    case tcpSport = "tcp sport"
    /// The TCP destination port (`tcp dport`).
    case tcpDport = "tcp dport"
    /// The TCP flags byte (`tcp flags`): `fin`, `syn`, `rst`, `psh`, `ack`, `urg`, `ecn`, `cwr`.
    case tcpFlags = "tcp flags"
    /// The UDP source port (`udp sport`).
    case udpSport = "udp sport"
    /// The UDP destination port (`udp dport`).
    case udpDport = "udp dport"
    /// The SCTP source port (`sctp sport`).
    case sctpSport = "sctp sport"
    /// The SCTP destination port (`sctp dport`).
    case sctpDport = "sctp dport"
    /// The DCCP source port (`dccp sport`).
    case dccpSport = "dccp sport"
    /// The DCCP destination port (`dccp dport`).
    case dccpDport = "dccp dport"
    /// The security parameters index of an ESP header.
    case espSpi = "esp spi"
    /// The security parameters index of an AH header.
    case ahSpi = "ah spi"
    /// The compression parameter index of an IPComp header.
    case compCpi = "comp cpi"
    /// The source port of whatever transport header follows (`th sport`): the first two bytes of a TCP, UDP, SCTP or
    /// DCCP header.
    case thSport = "th sport"
    /// The destination port of whatever transport header follows (`th dport`): bytes 2 and 3 of a TCP, UDP, SCTP or
    /// DCCP header.
    case thDport = "th dport"
    /// The ICMP message type (`icmp type`).
    case icmpType = "icmp type"
    /// The ICMP message code (`icmp code`).
    case icmpCode = "icmp code"
    /// The ICMPv6 message type (`icmpv6 type`).
    case icmpv6Type = "icmpv6 type"
    /// The ICMPv6 message code (`icmpv6 code`).
    case icmpv6Code = "icmpv6 code"
    /// The Ethernet source address (`ether saddr`).
    case etherSaddr = "ether saddr"
}

/// A `meta` key.
public enum MetaKey: String, Hashable, Sendable, Codable, CaseIterable {
    /// The name of the interface the packet came in on (`meta iifname`).
    case iifname
    /// The name of the interface the packet goes out on (`meta oifname`).
    case oifname
    /// The transport protocol of the packet, after any IPv6 extension headers (`meta l4proto`).
    case l4proto
    /// The network protocol family of the packet, `ipv4` or `ipv6` (`meta nfproto`); useful in `inet` tables.
    case nfproto
    /// The packet mark (`meta mark`).
    case mark
    /// The length of the packet in bytes (`meta length`).
    case length
    /// The link-layer packet type, `host`, `broadcast`, `multicast` or `other` (`meta pkttype`).
    case pkttype
    /// The user id of the socket that sent the packet, for locally sent packets (`meta skuid`).
    case skuid
    /// The group id of the socket that sent the packet, for locally sent packets (`meta skgid`).
    case skgid
    /// The group of the input or output device (`ip link set DEV group N`).
    case iifgroup, oifgroup
    /// The routing realm of the packet's route.
    case rtclassid
    /// The CPU handling the packet.
    case cpu
    /// The cgroup (v1 net_cls class id) of the sending socket.
    case cgroup
    /// Whether the packet is traced (`meta nftrace set 1`).
    case nftrace
    /// A pseudo-random 32-bit number, new for each evaluation.
    case random
    /// The packet's queueing priority, a tc class handle `major:minor` as `major << 16 | minor`.
    case priority
    /// The time of day the packet is seen, in seconds since midnight UTC.
    case hour
    /// Whether the packet came through IPsec (has a security path): `meta secpath exists`.
    case secpath
}

/// A `ct` key, with its direction where it has one.
public enum CtKey: String, Hashable, Sendable, Codable, CaseIterable {
    /// The connection's tracking state bits (`ct state`): `new`, `established`, `related`, `invalid`, `untracked`.
    case state
    /// The connection's status bits (`ct status`): `assured`, `confirmed`, `snat`, `dnat`, ...
    case status
    /// The connection mark (`ct mark`).
    case mark
    /// The direction of the packet in its connection, `original` or `reply` (`ct direction`).
    case direction
    /// The conntrack zone of the connection (`ct zone`).
    case zone
    /// The IPv4 source address of the original direction's tuple.
    case originalIpSaddr = "original ip saddr"
    /// The IPv4 destination address of the original direction's tuple.
    case originalIpDaddr = "original ip daddr"
    /// The IPv4 source address of the reply direction's tuple.
    case replyIpSaddr = "reply ip saddr"
    /// The IPv4 destination address of the reply direction's tuple.
    case replyIpDaddr = "reply ip daddr"
    /// The IPv6 source address of the original direction's tuple.
    case originalIp6Saddr = "original ip6 saddr"
    /// The IPv6 destination address of the original direction's tuple.
    case originalIp6Daddr = "original ip6 daddr"
    /// The IPv6 source address of the reply direction's tuple.
    case replyIp6Saddr = "reply ip6 saddr"
    /// The IPv6 destination address of the reply direction's tuple.
    case replyIp6Daddr = "reply ip6 daddr"
    /// The layer 4 source port (or ICMP id) of the original direction's tuple.
    case originalProtoSrc = "original proto-src"
    /// The layer 4 destination port of the original direction's tuple.
    case originalProtoDst = "original proto-dst"
    /// The layer 4 source port of the reply direction's tuple.
    case replyProtoSrc = "reply proto-src"
    /// The layer 4 destination port of the reply direction's tuple.
    case replyProtoDst = "reply proto-dst"
    /// The layer 4 protocol of the original direction's tuple.
    case originalProtocol = "original protocol"
    /// The connection's packet count, both directions together (needs conntrack accounting, which the kernel
    /// turns on when a rule reads it).
    case packets
    /// The packet count of the original direction.
    case originalPackets = "original packets"
    /// The packet count of the reply direction.
    case replyPackets = "reply packets"
    /// The connection's byte count, both directions together.
    case bytes
    /// The byte count of the original direction.
    case originalBytes = "original bytes"
    /// The byte count of the reply direction.
    case replyBytes = "reply bytes"
    /// The average packet size of the connection (bytes / packets, 0 before the first packet).
    case avgpkt
    /// The average packet size of the original direction.
    case originalAvgpkt = "original avgpkt"
    /// The average packet size of the reply direction.
    case replyAvgpkt = "reply avgpkt"
}
