/// What the router does for one guest network: its source NAT, services and ACL. The network's prefixes are
/// those of the guest interface that names it.
///
/// ```json
/// { "sourceNat": "198.51.100.10", "services": ["dhcp", "dns", "metadata"], "acl": { ... } }
/// ```
public struct GuestNetwork: Hashable, Sendable {
    /// The public address the network's traffic leaves as; `nil` (or `null`) leaves it unchanged.
    public var sourceNat: InternetAddress?
    /// The services the router offers on the network. Absent in JSON means none; written back sorted.
    public var services: Set<NetworkService>
    /// The network's ACL; `nil` lets everything through the network gate.
    public var acl: NetworkACL?

    /// Creates a guest network.
    public init(sourceNat: InternetAddress? = nil, services: Set<NetworkService> = [], acl: NetworkACL? = nil) {
        self.sourceNat = sourceNat
        self.services = services
        self.acl = acl
    }
}

extension GuestNetwork: Codable, JSONRepresentable {
    /// Decodes and checks the network on its own (references to other parts are checked by
    /// `RouterDocument.decode(from:source:)`).
    public init(from decoder: any Decoder) throws {
        self = try JSONNode.decodeModel(from: decoder, Self.read)
    }

    /// Encodes `sourceNat` (null when unset), `services` and `acl` when set.
    public func encode(to encoder: any Encoder) throws {
        try jsonNode.encode(to: encoder)
    }

    var jsonNode: JSONNode {
        .object([
            "sourceNat": sourceNat?.jsonNode ?? .null, "services": .array(services.sorted().map(\.jsonNode)),
            "acl": acl?.jsonNode,
        ])
    }

    /// The JSON keys of the object; any other is reported as unknown.
    static let fieldNames = ["sourceNat", "services", "acl"]

    static func read(_ reader: inout ModelReader, _ node: JSONNode) -> GuestNetwork? {
        let start = reader.problems.count
        guard let object = reader.object(node, expected: "a network object", fields: Self.fieldNames) else {
            return nil
        }
        let sourceNat = reader.optional(object, "sourceNat", InternetAddress.read)
        let services = reader.optional(object, "services") { reader, node -> Set<NetworkService>? in
            guard let list = reader.array(node, expected: "an array of services", NetworkService.read) else {
                return nil
            }
            var services = Set<NetworkService>()
            for (index, service) in list.enumerated() where service.map({ !services.insert($0).inserted }) == true {
                reader.report("\(service!) is listed more than once", at: .index(index))
            }
            return services
        }
        let acl = reader.optional(object, "acl", NetworkACL.read)
        guard reader.problems.count == start else { return nil }
        return GuestNetwork(sourceNat: sourceNat.value, services: services.value ?? [], acl: acl.value)
    }
}
