/// A public address given whole to one guest address, both directions: every port of `publicAddress` goes to
/// `privateAddress`, and the guest's own traffic leaves as `publicAddress`.
///
/// ```json
/// { "publicAddress": "198.51.100.11", "privateAddress": "10.1.1.21" }
/// ```
public struct StaticNAT: Hashable, Sendable {
    /// The public address; an address of a `public` interface used by nothing else.
    public var publicAddress: InternetAddress
    /// The guest address; it lies in a guest network's prefix.
    public var privateAddress: InternetAddress

    /// Creates a static NAT.
    public init(publicAddress: InternetAddress, privateAddress: InternetAddress) {
        self.publicAddress = publicAddress
        self.privateAddress = privateAddress
    }
}

extension StaticNAT: Codable, JSONRepresentable {
    /// Decodes and checks the static NAT on its own.
    public init(from decoder: any Decoder) throws {
        self = try JSONNode.decodeModel(from: decoder, Self.read)
    }

    /// Encodes both addresses.
    public func encode(to encoder: any Encoder) throws {
        try jsonNode.encode(to: encoder)
    }

    var jsonNode: JSONNode {
        .object(["publicAddress": publicAddress.jsonNode, "privateAddress": privateAddress.jsonNode])
    }

    /// The JSON keys of the object; any other is reported as unknown.
    static let fieldNames = ["publicAddress", "privateAddress"]

    static func read(_ reader: inout ModelReader, _ node: JSONNode) -> StaticNAT? {
        let start = reader.problems.count
        guard let object = reader.object(node, expected: "a static NAT object", fields: Self.fieldNames) else {
            return nil
        }
        let publicAddress = reader.required(object, "publicAddress", InternetAddress.read)
        let privateAddress = reader.required(object, "privateAddress", InternetAddress.read)
        if let publicAddress, let privateAddress, publicAddress.family != privateAddress.family {
            reader.report(
                "\(privateAddress) is \(privateAddress.family) but publicAddress \(publicAddress) is "
                    + "\(publicAddress.family)", at: .key("privateAddress"))
        }
        guard reader.problems.count == start, let publicAddress, let privateAddress else { return nil }
        return StaticNAT(publicAddress: publicAddress, privateAddress: privateAddress)
    }
}
