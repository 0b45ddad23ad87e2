/// The type of a value as nftables knows it: how long it is, its byte order, and how
/// a set declares it (`type ipv4_addr . inet_service`).
public enum DataType: String, Hashable, Sendable, Codable, CaseIterable {
    /// A plain number (`integer`), in host byte order.
    case integer
    /// An IPv4 address (`ipv4_addr`), 4 bytes in network byte order.
    case ipv4Addr = "ipv4_addr"
    /// An IPv6 address (`ipv6_addr`), 16 bytes in network byte order.
    case ipv6Addr = "ipv6_addr"
    /// An Ethernet MAC address (`ether_addr`), 6 bytes.
    case etherAddr = "ether_addr"
    /// An IP protocol number (`inet_proto`): `tcp`, `udp`, `icmp`, ...
    case inetProto = "inet_proto"
    /// A TCP, UDP, SCTP or DCCP port (`inet_service`), 2 bytes in network byte order.
    case inetService = "inet_service"
    /// An ICMP message type (`icmp_type`): `echo-request`, `destination-unreachable`, ...
    case icmpType = "icmp_type"
    /// An ICMP message code (`icmp_code`): `port-unreachable`, `admin-prohibited`, ...
    case icmpCode = "icmp_code"
    /// An ICMPv6 message type (`icmpv6_type`): `nd-neighbor-solicit`, `echo-request`, ...
    case icmpv6Type = "icmpv6_type"
    /// An ICMPv6 message code (`icmpv6_code`): `no-route`, `admin-prohibited`, ...
    case icmpv6Code = "icmpv6_code"
    /// A packet or connection mark (`mark`), 32 bits in host byte order.
    case mark
    /// A network interface name (`ifname`), zero-padded to 16 bytes (`IFNAMSIZ`).
    case ifname
    /// A netfilter protocol family (`nf_proto`): `ipv4` or `ipv6`, as `meta nfproto` reads it.
    case nfProto = "nf_proto"
    /// Connection tracking state bits (`ct_state`): `new`, `established`, `related`, `invalid`, `untracked`.
    case ctState = "ct_state"
    /// Connection tracking status bits (`ct_status`): `expected`, `seen-reply`, `assured`, `confirmed`, `snat`,
    /// `dnat`, `dying`.
    case ctStatus = "ct_status"
    /// A connection tracking direction (`ct_dir`): `original` or `reply`.
    case ctDir = "ct_dir"
    /// TCP header flag bits (`tcp_flag`): `fin`, `syn`, `rst`, `psh`, `ack`, `urg`, `ecn`, `cwr`.
    case tcpFlag = "tcp_flag"
    /// The link-layer packet type (`pkt_type`): `host`, `broadcast`, `multicast` or `other`.
    case pktType = "pkt_type"
    /// A DiffServ code point (`dscp`), the upper 6 bits of the IPv4 TOS or IPv6 traffic class: `cs1`, `ef`, ...
    case dscp
    /// A verdict (`verdict`): the data type of verdict maps.
    case verdict
    /// A time of day, seconds since midnight UTC (`meta hour`); written `"HH:MM:SS"`.
    case hour
    /// Yes or no, written `exists` (1) or `missing` (0).
    case boolean

    /// nftables' numeric id for the type (`TYPE_*` in nftables' `datatype.h`), used in set
    /// key and data types; concatenations shift each id by 6 bits.
    public var nftTypeID: UInt32 {
        switch self {
        case .verdict: return 1
        case .integer: return 4
        case .ipv4Addr: return 7
        case .ipv6Addr: return 8
        case .etherAddr: return 9
        case .inetProto: return 12
        case .inetService: return 13
        case .icmpType: return 14
        case .tcpFlag: return 15
        case .mark: return 19
        case .ctDir: return 27
        case .ctStatus: return 28
        case .icmpv6Type: return 29
        case .ctState: return 26
        case .pktType: return 31
        case .icmpCode: return 32
        case .icmpv6Code: return 33
        case .ifname: return 41
        case .nfProto: return 2
        case .dscp: return 36
        case .hour: return 44
        case .boolean: return 39
        }
    }

    /// The length of a value of this type in bytes, as the kernel stores it.
    public var byteLength: Int {
        switch self {
        case .integer, .mark, .ctState, .ctStatus, .hour: return 4
        case .ipv4Addr: return 4
        case .ipv6Addr: return 16
        case .etherAddr: return 6
        case .inetProto, .icmpType, .icmpCode, .icmpv6Type, .icmpv6Code, .nfProto, .ctDir, .tcpFlag, .pktType, .dscp,
            .boolean:
            return 1
        case .inetService: return 2
        case .ifname: return 16
        case .verdict: return 4
        }
    }

    /// Whether a value is stored in network byte order (big endian) rather than the host's.
    public var isBigEndian: Bool {
        switch self {
        case .integer, .mark, .ctState, .ctStatus, .ctDir, .pktType, .nfProto, .verdict: return false
        default: return true
        }
    }

    /// Whether a value of this type is a set of flags (matches test bits, not equality).
    public var isBitmask: Bool {
        switch self {
        case .ctState, .ctStatus, .tcpFlag: return true
        default: return false
        }
    }

    /// The type for an nftables type id, if vrc knows it.
    public init?(nftTypeID: UInt32) {
        guard let type = DataType.allCases.first(where: { $0.nftTypeID == nftTypeID }) else { return nil }
        self = type
    }
}
