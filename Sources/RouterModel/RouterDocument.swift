#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One virtual router, described by a `vrc.router/v1` document (see MODEL.md): the input of the compiler and of
/// the upgrade orchestrator.
///
/// Read a document with `decode(from:source:)`, which checks every rule of the contract and reports all
/// problems at once; write one with `encoded(pretty:)`, which sorts keys so that equal documents give equal
/// bytes.
///
/// ```swift
/// let document = try RouterDocument.decode(from: data, source: "r-1042.json")
/// print(document.kind.displayName)   // "VPC"
/// ```
public struct RouterDocument: Hashable, Sendable {
    /// The `schema` value this version reads and writes.
    public static let schema = "vrc.router/v1"

    /// The router's name: 1-64 of `A-Z a-z 0-9 _ . -`.
    public var name: String
    /// The router software version as dotted numbers (`4.20.1`); read by the upgrade orchestrator only.
    public var softwareVersion: String
    /// The redundancy settings; `nil` runs one instance.
    public var redundancy: Redundancy?
    /// The interfaces, at least one.
    public var interfaces: [Interface]
    /// One entry per guest network, keyed by the name the guest interfaces give in `Interface.network`.
    public var networks: [String: GuestNetwork]
    /// The public gate. `nil` (absent) turns it off: every flow to a public address passes to the network gate.
    /// `[]` turns it on with nothing allowed.
    public var firewall: [FirewallRule]?
    /// Port forwards, in no particular order.
    public var portForwards: [PortForward]
    /// Static NATs.
    public var staticNats: [StaticNAT]
    /// Layer-4 load balancers.
    public var loadBalancers: [LoadBalancer]
    /// Remote-access IPsec; `nil` when the router offers none.
    public var vpn: VPN?
    /// Routes of the router itself.
    public var staticRoutes: [StaticRoute]

    /// Creates a document; `validate()` checks it against the contract.
    public init(
        name: String, softwareVersion: String, redundancy: Redundancy? = nil, interfaces: [Interface],
        networks: [String: GuestNetwork], firewall: [FirewallRule]? = nil, portForwards: [PortForward] = [],
        staticNats: [StaticNAT] = [], loadBalancers: [LoadBalancer] = [], vpn: VPN? = nil,
        staticRoutes: [StaticRoute] = []
    ) {
        self.name = name
        self.softwareVersion = softwareVersion
        self.redundancy = redundancy
        self.interfaces = interfaces
        self.networks = networks
        self.firewall = firewall
        self.portForwards = portForwards
        self.staticNats = staticNats
        self.loadBalancers = loadBalancers
        self.vpn = vpn
        self.staticRoutes = staticRoutes
    }

    /// The document as JSON with sorted keys: the same document always gives the same bytes. `pretty` writes
    /// one member per line, indented by two spaces.
    public func encoded(pretty: Bool = true) -> Data {
        Data(JSONWriter.write(jsonNode, pretty: pretty))
    }
}

extension RouterDocument: Codable, JSONRepresentable {
    /// Decodes through any decoder with the same checks as `decode(from:source:)`; problems come as
    /// `DecodingError.dataCorrupted` whose underlying error is a `RouterModelError`.
    public init(from decoder: any Decoder) throws {
        let root = try JSONNode(from: decoder)
        switch DocumentDecoder.decode(root: root, source: "decoder", locator: nil) {
        case .success(let document):
            self = document
        case .failure(let error):
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath, debugDescription: error.description, underlyingError: error))
        }
    }

    /// Encodes the document; use `.sortedKeys` with `JSONEncoder`, or `encoded(pretty:)`, for stable output.
    public func encode(to encoder: any Encoder) throws {
        try jsonNode.encode(to: encoder)
    }

    var jsonNode: JSONNode {
        let networkMembers = networks.map { JSONMember(key: $0.key, value: $0.value.jsonNode) }
        return .object([
            "schema": .string(Self.schema), "name": .string(name), "softwareVersion": .string(softwareVersion),
            "redundancy": redundancy?.jsonNode, "interfaces": .array(interfaces.map(\.jsonNode)),
            "networks": JSONNode(.object(networkMembers)), "firewall": firewall.map { .array($0.map(\.jsonNode)) },
            "portForwards": .array(portForwards.map(\.jsonNode)), "staticNats": .array(staticNats.map(\.jsonNode)),
            "loadBalancers": .array(loadBalancers.map(\.jsonNode)), "vpn": vpn?.jsonNode,
            "staticRoutes": .array(staticRoutes.map(\.jsonNode)),
        ])
    }
}
