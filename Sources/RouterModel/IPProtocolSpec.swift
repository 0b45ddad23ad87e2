/// The protocol an ACL or firewall rule matches: `"tcp"`, `"udp"`, `"icmp"`, `"icmpv6"`, `"all"` or an IP
/// protocol number 0-255.
///
/// The numbers of the named protocols (6, 17, 1, 58) read as their names, so that a rule has one form:
/// `IPProtocolSpec(number: 6)` is `.tcp`.
public enum IPProtocolSpec: Hashable, Sendable, CustomStringConvertible {
    /// TCP (6); rules may name ports.
    case tcp
    /// UDP (17); rules may name ports.
    case udp
    /// ICMP for IPv4 (1); rules may name a type and code.
    case icmp
    /// ICMPv6 (58); rules may name a type and code.
    case icmpv6
    /// Every protocol.
    case all
    /// Any other IP protocol, by number (`112` is VRRP, `50` ESP).
    case number(UInt8)

    /// The protocol with this number, named when it has a name.
    public init(number: UInt8) {
        switch number {
        case 6: self = .tcp
        case 17: self = .udp
        case 1: self = .icmp
        case 58: self = .icmpv6
        default: self = .number(number)
        }
    }

    /// The IP protocol number; `nil` for `all`.
    public var protocolNumber: UInt8? {
        switch self {
        case .tcp: return 6
        case .udp: return 17
        case .icmp: return 1
        case .icmpv6: return 58
        case .all: return nil
        case .number(let number): return number
        }
    }

    /// Whether rules with this protocol may name `ports` (tcp and udp).
    public var carriesPorts: Bool { self == .tcp || self == .udp }

    /// Whether rules with this protocol may name `icmpType` and `icmpCode` (icmp and icmpv6).
    public var carriesICMPType: Bool { self == .icmp || self == .icmpv6 }

    /// The only address family the protocol runs over: IPv4 for `icmp`, IPv6 for `icmpv6`, otherwise `nil`.
    public var family: AddressFamily? {
        switch self {
        case .icmp: return .ipv4
        case .icmpv6: return .ipv6
        default: return nil
        }
    }

    /// The name, or the number for other protocols.
    public var description: String {
        switch self {
        case .tcp: return "tcp"
        case .udp: return "udp"
        case .icmp: return "icmp"
        case .icmpv6: return "icmpv6"
        case .all: return "all"
        case .number(let number): return String(number)
        }
    }
}

extension IPProtocolSpec: Codable, JSONRepresentable {
    /// Decodes from a name or a number.
    public init(from decoder: any Decoder) throws {
        self = try JSONNode.decodeModel(from: decoder, Self.read)
    }

    /// Encodes as a name, or as a number for other protocols.
    public func encode(to encoder: any Encoder) throws {
        try jsonNode.encode(to: encoder)
    }

    var jsonNode: JSONNode {
        if case .number(let number) = self { return .integer(Int(number)) }
        return .string(description)
    }

    static func read(_ reader: inout ModelReader, _ node: JSONNode) -> IPProtocolSpec? {
        let expected = "expected \"tcp\", \"udp\", \"icmp\", \"icmpv6\", \"all\" or a protocol number 0-255"
        switch node.value {
        case .integer(let number):
            guard let byte = UInt8(exactly: number) else {
                reader.report("protocol number \(number) is out of range 0-255")
                return nil
            }
            return IPProtocolSpec(number: byte)
        case .string("tcp"): return .tcp
        case .string("udp"): return .udp
        case .string("icmp"): return .icmp
        case .string("icmpv6"): return .icmpv6
        case .string("all"): return .all
        case .string(let text):
            reader.report("\(expected), found \(text.quotedForMessage)")
            return nil
        default:
            reader.report("\(expected), found \(node.kindDescription)")
            return nil
        }
    }
}
