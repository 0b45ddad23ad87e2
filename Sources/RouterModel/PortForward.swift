/// Destination NAT of a port range on a public address to the same number of ports on a guest address, port by
/// port in order.
///
/// ```json
/// { "publicAddress": "198.51.100.10", "protocol": "tcp", "publicPorts": "8080",
///   "privateAddress": "10.1.1.20", "privatePorts": "80" }
/// ```
public struct PortForward: Hashable, Sendable {
    /// The public address the flows arrive on; an address of a `public` interface.
    public var publicAddress: InternetAddress
    /// `tcp` or `udp`.
    public var `protocol`: TransportProtocol
    /// The ports on the public address.
    public var publicPorts: PortRange
    /// The guest address the flows go to; it lies in a guest network's prefix.
    public var privateAddress: InternetAddress
    /// The ports on the guest address, as many as `publicPorts`.
    public var privatePorts: PortRange

    /// Creates a port forward.
    public init(
        publicAddress: InternetAddress, protocol: TransportProtocol, publicPorts: PortRange,
        privateAddress: InternetAddress, privatePorts: PortRange
    ) {
        self.publicAddress = publicAddress
        self.protocol = `protocol`
        self.publicPorts = publicPorts
        self.privateAddress = privateAddress
        self.privatePorts = privatePorts
    }
}

extension PortForward: Codable, JSONRepresentable {
    /// Decodes and checks the forward on its own (addresses against interfaces are checked by
    /// `RouterDocument.decode(from:source:)`).
    public init(from decoder: any Decoder) throws {
        self = try JSONNode.decodeModel(from: decoder, Self.read)
    }

    /// Encodes every field.
    public func encode(to encoder: any Encoder) throws {
        try jsonNode.encode(to: encoder)
    }

    var jsonNode: JSONNode {
        .object([
            "publicAddress": publicAddress.jsonNode, "protocol": `protocol`.jsonNode,
            "publicPorts": publicPorts.jsonNode,
            "privateAddress": privateAddress.jsonNode, "privatePorts": privatePorts.jsonNode,
        ])
    }

    /// The JSON keys of the object; any other is reported as unknown.
    static let fieldNames = ["publicAddress", "protocol", "publicPorts", "privateAddress", "privatePorts"]

    static func read(_ reader: inout ModelReader, _ node: JSONNode) -> PortForward? {
        let start = reader.problems.count
        guard let object = reader.object(node, expected: "a port forward object", fields: Self.fieldNames) else {
            return nil
        }
        let publicAddress = reader.required(object, "publicAddress", InternetAddress.read)
        let transport = reader.required(object, "protocol", TransportProtocol.read)
        let publicPorts = reader.required(object, "publicPorts", PortRange.read)
        let privateAddress = reader.required(object, "privateAddress", InternetAddress.read)
        let privatePorts = reader.required(object, "privatePorts", PortRange.read)
        if let publicAddress, let privateAddress, publicAddress.family != privateAddress.family {
            reader.report(
                "\(privateAddress) is \(privateAddress.family) but publicAddress \(publicAddress) is "
                    + "\(publicAddress.family)", at: .key("privateAddress"))
        }
        if let publicPorts, let privatePorts, publicPorts.count != privatePorts.count {
            reader.report(
                "range \(privatePorts) has \(portCount(privatePorts.count)), publicPorts has \(publicPorts.count)",
                at: .key("privatePorts"))
        }
        guard reader.problems.count == start, let publicAddress, let transport, let publicPorts, let privateAddress,
            let privatePorts
        else { return nil }
        return PortForward(
            publicAddress: publicAddress, protocol: transport, publicPorts: publicPorts,
            privateAddress: privateAddress, privatePorts: privatePorts)
    }

    private static func portCount(_ count: Int) -> String {
        count == 1 ? "1 port" : "\(count) ports"
    }
}
