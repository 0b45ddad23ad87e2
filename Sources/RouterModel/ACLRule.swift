/// One rule of an ACL list: when a flow matches, `action` decides it.
///
/// ```json
/// { "number": 10, "action": "allow", "protocol": "tcp", "ports": "80-443", "cidrs": ["0.0.0.0/0"] }
/// ```
public struct ACLRule: Hashable, Sendable {
    /// The rule's position: unique within its list, lower numbers are tried first. 1 to 2147483647.
    public var number: Int
    /// What a matching flow gets.
    public var action: ACLAction
    /// The protocol the rule matches.
    public var `protocol`: IPProtocolSpec
    /// The destination ports, for `tcp` and `udp` only; `nil` matches every port.
    public var ports: PortRange?
    /// The ICMP type 0-255, for `icmp` and `icmpv6` only; `nil` matches every type.
    public var icmpType: Int?
    /// The ICMP code 0-255, for `icmp` and `icmpv6` only; `nil` matches every code.
    public var icmpCode: Int?
    /// The remote side, at least one prefix: the source for ingress, the destination for egress.
    public var cidrs: [CIDR]

    /// Creates a rule.
    public init(
        number: Int, action: ACLAction, protocol: IPProtocolSpec, ports: PortRange? = nil, icmpType: Int? = nil,
        icmpCode: Int? = nil, cidrs: [CIDR]
    ) {
        self.number = number
        self.action = action
        self.protocol = `protocol`
        self.ports = ports
        self.icmpType = icmpType
        self.icmpCode = icmpCode
        self.cidrs = cidrs
    }
}

extension ACLRule: Codable, JSONRepresentable {
    /// Decodes and checks the rule.
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
        return JSONNode(
            .object(
                [JSONMember(key: "number", value: .integer(number)), JSONMember(key: "action", value: action.jsonNode)]
                    + match.members))
    }

    /// The JSON keys of the object; any other is reported as unknown.
    static let fieldNames = ["number", "action"] + TrafficMatch.fieldNames

    static func read(_ reader: inout ModelReader, _ node: JSONNode) -> ACLRule? {
        let start = reader.problems.count
        guard let object = reader.object(node, expected: "an ACL rule object", fields: Self.fieldNames) else {
            return nil
        }
        let number = reader.required(object, "number") { $0.integer($1, in: 1...Int(Int32.max)) }
        let action = reader.required(object, "action", ACLAction.read)
        let match = TrafficMatch.read(&reader, object)
        guard reader.problems.count == start, let number, let action, let match else { return nil }
        return ACLRule(
            number: number, action: action, protocol: match.protocolSpec, ports: match.ports,
            icmpType: match.icmpType, icmpCode: match.icmpCode, cidrs: match.cidrs)
    }
}
