/// Remote-access IPsec, terminated on the router: udp 500 and 4500 and ESP to `publicAddress` reach it.
///
/// ```json
/// { "publicAddress": "198.51.100.10" }
/// ```
public struct VPN: Hashable, Sendable {
    /// The public address clients connect to; an address of a `public` interface not given to a static NAT.
    public var publicAddress: InternetAddress

    /// Creates VPN settings.
    public init(publicAddress: InternetAddress) {
        self.publicAddress = publicAddress
    }
}

extension VPN: Codable, JSONRepresentable {
    /// Decodes and checks the settings on their own.
    public init(from decoder: any Decoder) throws {
        self = try JSONNode.decodeModel(from: decoder, Self.read)
    }

    /// Encodes the address.
    public func encode(to encoder: any Encoder) throws {
        try jsonNode.encode(to: encoder)
    }

    var jsonNode: JSONNode {
        .object(["publicAddress": publicAddress.jsonNode])
    }

    /// The JSON keys of the object; any other is reported as unknown.
    static let fieldNames = ["publicAddress"]

    static func read(_ reader: inout ModelReader, _ node: JSONNode) -> VPN? {
        let start = reader.problems.count
        guard let object = reader.object(node, expected: "a VPN object", fields: Self.fieldNames) else { return nil }
        let publicAddress = reader.required(object, "publicAddress", InternetAddress.read)
        guard reader.problems.count == start, let publicAddress else { return nil }
        return VPN(publicAddress: publicAddress)
    }
}
