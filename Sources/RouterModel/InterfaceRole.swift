/// What an interface connects the router to.
public enum InterfaceRole: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// The public side: carries the public addresses, source NAT, port forwards, static NAT and load balancers.
    case `public`
    /// A guest network, named by the interface's `network`.
    case guest
    /// The management link: only ssh (tcp 3922) reaches the router through it.
    case control

    /// `public`, `guest` or `control`.
    public var description: String { rawValue }
}

extension InterfaceRole: Codable, JSONRepresentable {
    /// Decodes from `"public"`, `"guest"` or `"control"`.
    public init(from decoder: any Decoder) throws {
        self = try JSONNode.decodeModel(from: decoder, Self.read)
    }

    /// Encodes as its name.
    public func encode(to encoder: any Encoder) throws {
        try jsonNode.encode(to: encoder)
    }

    var jsonNode: JSONNode { .string(rawValue) }

    static func read(_ reader: inout ModelReader, _ node: JSONNode) -> InterfaceRole? {
        reader.keyword(node, Self.self)
    }
}
