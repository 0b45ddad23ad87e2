/// A guest network's access control list: ordered rules for each direction and a default for flows no rule
/// matches.
///
/// ```json
/// { "ingress": [ { "number": 10, "action": "allow", "protocol": "tcp", "ports": "80-443", "cidrs": ["0.0.0.0/0"] } ],
///   "egress": [], "defaultIngress": "deny", "defaultEgress": "allow" }
/// ```
public struct NetworkACL: Hashable, Sendable {
    /// Rules for flows into the network; the lowest `number` that matches decides. Decoding sorts them by
    /// number. Absent in JSON means none.
    public var ingress: [ACLRule]
    /// Rules for flows out of the network, in the same way.
    public var egress: [ACLRule]
    /// What happens to a flow into the network that no ingress rule matches.
    public var defaultIngress: ACLAction
    /// What happens to a flow out of the network that no egress rule matches.
    public var defaultEgress: ACLAction

    /// Creates an ACL.
    public init(ingress: [ACLRule], egress: [ACLRule], defaultIngress: ACLAction, defaultEgress: ACLAction) {
        self.ingress = ingress
        self.egress = egress
        self.defaultIngress = defaultIngress
        self.defaultEgress = defaultEgress
    }
}

extension NetworkACL: Codable, JSONRepresentable {
    /// Decodes, checks and sorts the rules by number.
    public init(from decoder: any Decoder) throws {
        self = try JSONNode.decodeModel(from: decoder, Self.read)
    }

    /// Encodes every field.
    public func encode(to encoder: any Encoder) throws {
        try jsonNode.encode(to: encoder)
    }

    var jsonNode: JSONNode {
        .object([
            "ingress": .array(ingress.map(\.jsonNode)), "egress": .array(egress.map(\.jsonNode)),
            "defaultIngress": defaultIngress.jsonNode, "defaultEgress": defaultEgress.jsonNode,
        ])
    }

    /// The JSON keys of the object; any other is reported as unknown.
    static let fieldNames = ["ingress", "egress", "defaultIngress", "defaultEgress"]

    static func read(_ reader: inout ModelReader, _ node: JSONNode) -> NetworkACL? {
        let start = reader.problems.count
        guard let object = reader.object(node, expected: "an ACL object", fields: Self.fieldNames) else { return nil }
        let ingress = reader.optional(object, "ingress") { readRules(&$0, $1, list: "ingress") }
        let egress = reader.optional(object, "egress") { readRules(&$0, $1, list: "egress") }
        let defaultIngress = reader.required(object, "defaultIngress", ACLAction.read)
        let defaultEgress = reader.required(object, "defaultEgress", ACLAction.read)
        guard reader.problems.count == start, let defaultIngress, let defaultEgress else { return nil }
        return NetworkACL(
            ingress: ingress.value ?? [], egress: egress.value ?? [], defaultIngress: defaultIngress,
            defaultEgress: defaultEgress)
    }

    /// Reads one list, reports a number used twice at its later use, and sorts by number.
    private static func readRules(_ reader: inout ModelReader, _ node: JSONNode, list: String) -> [ACLRule]? {
        guard let rules = reader.array(node, expected: "an array of ACL rules", ACLRule.read),
            case .array(let items) = node.value
        else { return nil }
        // Numbers are compared as written, so that a rule with another problem still shows a clash.
        var firstUse: [Int: Int] = [:]
        var unique = true
        for (index, item) in items.enumerated() {
            guard let members = item.members,
                case .integer(let number)? = JSONObjectView(members: members)["number"]?.value
            else { continue }
            if let earlier = firstUse[number] {
                unique = false
                reader.descend(into: .index(index)) {
                    $0.report("\(number) is already the number of \(list)[\(earlier)]", at: .key("number"))
                }
            } else {
                firstUse[number] = index
            }
        }
        let valid = rules.compactMap { $0 }
        guard valid.count == rules.count, unique else { return nil }
        return valid.sorted { $0.number < $1.number }
    }
}
