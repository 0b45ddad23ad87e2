/// A service the router offers on a guest network.
public enum NetworkService: String, Hashable, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    /// DHCP: udp 67 to the router.
    case dhcp
    /// DNS: udp and tcp 53 to the router.
    case dns
    /// Instance metadata: tcp 80 to the router's own address on that network.
    case metadata

    /// The name as in JSON.
    public var description: String { rawValue }

    /// In the order of `allCases`.
    public static func < (lhs: NetworkService, rhs: NetworkService) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

extension NetworkService: Codable, JSONRepresentable {
    /// Decodes from `"dhcp"`, `"dns"` or `"metadata"`.
    public init(from decoder: any Decoder) throws {
        self = try JSONNode.decodeModel(from: decoder, Self.read)
    }

    /// Encodes as its name.
    public func encode(to encoder: any Encoder) throws {
        try jsonNode.encode(to: encoder)
    }

    var jsonNode: JSONNode { .string(rawValue) }

    static func read(_ reader: inout ModelReader, _ node: JSONNode) -> NetworkService? {
        reader.keyword(node, Self.self)
    }
}
