/// The layer-4 protocols that carry ports and can be translated port by port: `tcp` or `udp`.
public enum TransportProtocol: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// TCP, IP protocol 6.
    case tcp
    /// UDP, IP protocol 17.
    case udp

    /// The IP protocol number.
    public var number: UInt8 { self == .tcp ? 6 : 17 }

    /// `tcp` or `udp`.
    public var description: String { rawValue }
}

extension TransportProtocol: Codable, JSONRepresentable {
    /// Decodes from `"tcp"` or `"udp"`.
    public init(from decoder: any Decoder) throws {
        self = try JSONNode.decodeModel(from: decoder, Self.read)
    }

    /// Encodes as its name.
    public func encode(to encoder: any Encoder) throws {
        try jsonNode.encode(to: encoder)
    }

    var jsonNode: JSONNode { .string(rawValue) }

    static func read(_ reader: inout ModelReader, _ node: JSONNode) -> TransportProtocol? {
        reader.keyword(node, Self.self)
    }
}
