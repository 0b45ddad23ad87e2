/// The type of a value as nftables knows it: how long it is, its byte order, and how
/// a set declares it (`type ipv4_addr . inet_service`).
public enum DataType: String, Hashable, Sendable, Codable, CaseIterable {
    case integer
    case ipv4Addr = "ipv4_addr"
    case ipv6Addr = "ipv6_addr"
    case etherAddr = "ether_addr"
    case inetProto = "inet_proto"
    case inetService = "inet_service"
    case icmpType = "icmp_type"
    case icmpCode = "icmp_code"
    case icmpv6Type = "icmpv6_type"
    case icmpv6Code = "icmpv6_code"
    case mark
    case ifname
    case nfProto = "nf_proto"
    case ctState = "ct_state"
    case ctStatus = "ct_status"
    case ctDir = "ct_dir"
    case tcpFlag = "tcp_flag"
    case pktType = "pkt_type"
    case dscp
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
