/// A layer-4 load balancer: new flows to `publicAddress:port` are spread evenly across the backends.
///
/// ```json
/// { "publicAddress": "198.51.100.10", "protocol": "tcp", "port": 443,
///   "backends": [ { "address": "10.1.1.30", "port": 8443 }, { "address": "10.1.1.31", "port": 8443 } ] }
/// ```
public struct LoadBalancer: Hashable, Sendable {
    /// The public address; an address of a `public` interface.
    public var publicAddress: InternetAddress
    /// `tcp` or `udp`.
    public var `protocol`: TransportProtocol
    /// The public port, 1-65535.
    public var port: Int
    /// The servers, at least one, each once, of the public address's family.
    public var backends: [Backend]

    /// Creates a load balancer.
    public init(publicAddress: InternetAddress, protocol: TransportProtocol, port: Int, backends: [Backend]) {
        self.publicAddress = publicAddress
        self.protocol = `protocol`
        self.port = port
        self.backends = backends
    }
}

extension LoadBalancer: Codable, JSONRepresentable {
    /// Decodes and checks the load balancer on its own.
    public init(from decoder: any Decoder) throws {
        self = try JSONNode.decodeModel(from: decoder, Self.read)
    }

    /// Encodes every field.
    public func encode(to encoder: any Encoder) throws {
        try jsonNode.encode(to: encoder)
    }

    var jsonNode: JSONNode {
        .object([
            "publicAddress": publicAddress.jsonNode, "protocol": `protocol`.jsonNode, "port": .integer(port),
            "backends": .array(backends.map(\.jsonNode)),
        ])
    }

    /// The JSON keys of the object; any other is reported as unknown.
    static let fieldNames = ["publicAddress", "protocol", "port", "backends"]

    static func read(_ reader: inout ModelReader, _ node: JSONNode) -> LoadBalancer? {
        let start = reader.problems.count
        guard let object = reader.object(node, expected: "a load balancer object", fields: Self.fieldNames) else {
            return nil
        }
        let publicAddress = reader.required(object, "publicAddress", InternetAddress.read)
        let transport = reader.required(object, "protocol", TransportProtocol.read)
        let port = reader.required(object, "port") { $0.integer($1, in: 1...65535) }
        let backends = reader.required(object, "backends") { reader, node -> [Backend]? in
            guard let backends = reader.completeArray(node, expected: "an array of backends", Backend.read) else {
                return nil
            }
            guard !backends.isEmpty else {
                reader.report("must hold at least one backend")
                return nil
            }
            var firstIndex: [Backend: Int] = [:]
            for (index, backend) in backends.enumerated() {
                if let earlier = firstIndex[backend] {
                    reader.report(
                        "\(backend.address) port \(backend.port) is already backends[\(earlier)]", at: .index(index))
                } else {
                    firstIndex[backend] = index
                }
                if let publicAddress, backend.address.family != publicAddress.family {
                    reader.descend(into: .index(index)) {
                        $0.report(
                            "\(backend.address) is \(backend.address.family) but publicAddress \(publicAddress) is "
                                + "\(publicAddress.family)", at: .key("address"))
                    }
                }
            }
            return backends
        }
        guard reader.problems.count == start, let publicAddress, let transport, let port, let backends else {
            return nil
        }
        return LoadBalancer(publicAddress: publicAddress, protocol: transport, port: port, backends: backends)
    }
}
