/// A route of the router itself (not a packet-filter rule): traffic to `destination` goes through `via`.
///
/// ```json
/// { "destination": "10.9.0.0/16", "via": "10.1.2.254" }
/// ```
public struct StaticRoute: Hashable, Sendable {
    /// The destination prefix, without host bits; each destination has one route.
    public var destination: CIDR
    /// The next hop, of the destination's family, inside a prefix of one of the router's interfaces.
    public var via: InternetAddress

    /// Creates a route.
    public init(destination: CIDR, via: InternetAddress) {
        self.destination = destination
        self.via = via
    }
}

extension StaticRoute: Codable, JSONRepresentable {
    /// Decodes and checks the route on its own (that the next hop is reachable is checked by
    /// `RouterDocument.decode(from:source:)`).
    public init(from decoder: any Decoder) throws {
        self = try JSONNode.decodeModel(from: decoder, Self.read)
    }

    /// Encodes both fields.
    public func encode(to encoder: any Encoder) throws {
        try jsonNode.encode(to: encoder)
    }

    var jsonNode: JSONNode {
        .object(["destination": destination.jsonNode, "via": via.jsonNode])
    }

    /// The JSON keys of the object; any other is reported as unknown.
    static let fieldNames = ["destination", "via"]

    static func read(_ reader: inout ModelReader, _ node: JSONNode) -> StaticRoute? {
        let start = reader.problems.count
        guard let object = reader.object(node, expected: "a static route object", fields: Self.fieldNames) else {
            return nil
        }
        let destination = reader.required(object, "destination", CIDR.readPrefix)
        let via = reader.required(object, "via", InternetAddress.read)
        if let destination, let via, destination.family != via.family {
            reader.report(
                "\(via) is \(via.family) but destination \(destination) is \(destination.family)", at: .key("via"))
        }
        guard reader.problems.count == start, let destination, let via else { return nil }
        return StaticRoute(destination: destination, via: via)
    }
}
