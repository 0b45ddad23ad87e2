/// One entry of the public gate: flows from `cidrs` to `publicAddress` that match are allowed (before any
/// destination NAT).
///
/// ```json
/// { "publicAddress": "198.51.100.11", "protocol": "tcp", "ports": "22", "cidrs": ["203.0.113.0/24"] }
/// ```
public struct FirewallRule: Hashable, Sendable {
    /// The public address the rule opens; an address of a `public` interface.
    public var publicAddress: InternetAddress
    /// The protocol the rule matches.
    public var `protocol`: IPProtocolSpec
    /// The destination ports, for `tcp` and `udp` only; `nil` matches every port.
    public var ports: PortRange?
    /// The ICMP type 0-255, for `icmp` and `icmpv6` only; `nil` matches every type.
    public var icmpType: Int?
    /// The ICMP code 0-255, for `icmp` and `icmpv6` only; `nil` matches every code.
    public var icmpCode: Int?
    /// The allowed sources, at least one prefix, of the public address's family.
    public var cidrs: [CIDR]

    /// Creates a firewall rule.
    public init(
        publicAddress: InternetAddress, protocol: IPProtocolSpec, ports: PortRange? = nil, icmpType: Int? = nil,
        icmpCode: Int? = nil, cidrs: [CIDR]
    ) {
        self.publicAddress = publicAddress
        self.protocol = `protocol`
        self.ports = ports
        self.icmpType = icmpType
        self.icmpCode = icmpCode
        self.cidrs = cidrs
    }
}

extension FirewallRule: Codable, JSONRepresentable {
    /// Decodes and checks the rule on its own (that the address is public is checked by
    /// `RouterDocument.decode(from:source:)`).
    public init(from decoder: any Decoder) throws {
        self = try JSONNode.decodeModel(from: decoder, Self.read)
    }

    /// Encodes the fields that are set.
    public func encode(to encoder: any Encoder) throws {
        try jsonNode.encode(to: encoder)
    }

    var jsonNode: JSONNode {
        let match = TrafficMatch(
            protocolSpec: `protocol`, ports: ports, icmpType: icmpType, icmpCode: icmpCode, cidrs: cidrs)
        return JSONNode(.object([JSONMember(key: "publicAddress", value: publicAddress.jsonNode)] + match.members))
    }

    /// The JSON keys of the object; any other is reported as unknown.
    static let fieldNames = ["publicAddress"] + TrafficMatch.fieldNames

    static func read(_ reader: inout ModelReader, _ node: JSONNode) -> FirewallRule? {
        let start = reader.problems.count
        guard let object = reader.object(node, expected: "a firewall rule object", fields: Self.fieldNames) else {
            return nil
        }
        let publicAddress = reader.required(object, "publicAddress", InternetAddress.read)
        let match = TrafficMatch.read(&reader, object)
        if let publicAddress, let match, match.protocolSpec.family == nil {
            for (index, cidr) in match.cidrs.enumerated() where cidr.family != publicAddress.family {
                reader.descend(into: .key("cidrs")) {
                    $0.report(
                        "\(cidr) is \(cidr.family) but publicAddress \(publicAddress) is \(publicAddress.family)",
                        at: .index(index))
                }
            }
        }
        guard reader.problems.count == start, let publicAddress, let match else { return nil }
        return FirewallRule(
            publicAddress: publicAddress, protocol: match.protocolSpec, ports: match.ports, icmpType: match.icmpType,
            icmpCode: match.icmpCode, cidrs: match.cidrs)
    }
}
