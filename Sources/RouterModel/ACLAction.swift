/// What an ACL rule or an ACL default does with a flow: `allow` or `deny`.
public enum ACLAction: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// The flow is accepted.
    case allow
    /// The flow is dropped.
    case deny

    /// `allow` or `deny`.
    public var description: String { rawValue }
}

extension ACLAction: Codable, JSONRepresentable {
    /// Decodes from `"allow"` or `"deny"`.
    public init(from decoder: any Decoder) throws {
        self = try JSONNode.decodeModel(from: decoder, Self.read)
    }

    /// Encodes as its name.
    public func encode(to encoder: any Encoder) throws {
        try jsonNode.encode(to: encoder)
    }

    var jsonNode: JSONNode { .string(rawValue) }

    static func read(_ reader: inout ModelReader, _ node: JSONNode) -> ACLAction? {
        reader.keyword(node, Self.self)
    }
}
