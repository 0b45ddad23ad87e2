/// One server behind a load balancer.
///
/// ```json
/// { "address": "10.1.1.30", "port": 8443 }
/// ```
public struct Backend: Hashable, Sendable {
    /// The guest address; it lies in a guest network's prefix.
    public var address: InternetAddress
    /// The port on that address, 1-65535.
    public var port: Int

    /// Creates a backend.
    public init(address: InternetAddress, port: Int) {
        self.address = address
        self.port = port
    }
}

extension Backend: Codable, JSONRepresentable {
    /// Decodes and checks the backend on its own.
    public init(from decoder: any Decoder) throws {
        self = try JSONNode.decodeModel(from: decoder, Self.read)
    }

    /// Encodes both fields.
    public func encode(to encoder: any Encoder) throws {
        try jsonNode.encode(to: encoder)
    }

    var jsonNode: JSONNode {
        .object(["address": address.jsonNode, "port": .integer(port)])
    }

    /// The JSON keys of the object; any other is reported as unknown.
    static let fieldNames = ["address", "port"]

    static func read(_ reader: inout ModelReader, _ node: JSONNode) -> Backend? {
        let start = reader.problems.count
        guard let object = reader.object(node, expected: "a backend object", fields: Self.fieldNames) else {
            return nil
        }
        let address = reader.required(object, "address", InternetAddress.read)
        let port = reader.required(object, "port") { $0.integer($1, in: 1...65535) }
        guard reader.problems.count == start, let address, let port else { return nil }
        return Backend(address: address, port: port)
    }
}
