/// How many copies of the router run, and the VRRP settings that elect the active one.
///
/// ```json
/// { "instances": 2, "virtualRouterId": 51, "advertisementIntervalMs": 100 }
/// ```
public struct Redundancy: Hashable, Sendable {
    /// The number of router instances, 1-8; 2 or more makes the router redundant (VRRP between them).
    /// Absent in JSON means 1.
    public var instances: Int
    /// The VRRP virtual router id, 1-255, unique on the guest networks.
    public var virtualRouterId: Int
    /// The VRRP advertisement interval in milliseconds, 10-40950 and a multiple of 10 (VRRPv3 counts
    /// centiseconds). Absent in JSON means 1000.
    public var advertisementIntervalMs: Int

    /// Creates redundancy settings.
    public init(instances: Int = 1, virtualRouterId: Int, advertisementIntervalMs: Int = 1000) {
        self.instances = instances
        self.virtualRouterId = virtualRouterId
        self.advertisementIntervalMs = advertisementIntervalMs
    }

    /// Whether more than one instance runs.
    public var isRedundant: Bool { instances >= 2 }
}

extension Redundancy: Codable, JSONRepresentable {
    /// Decodes and checks the ranges.
    public init(from decoder: any Decoder) throws {
        self = try JSONNode.decodeModel(from: decoder, Self.read)
    }

    /// Encodes every field.
    public func encode(to encoder: any Encoder) throws {
        try jsonNode.encode(to: encoder)
    }

    var jsonNode: JSONNode {
        .object([
            "instances": .integer(instances), "virtualRouterId": .integer(virtualRouterId),
            "advertisementIntervalMs": .integer(advertisementIntervalMs),
        ])
    }

    /// The JSON keys of the object; any other is reported as unknown.
    static let fieldNames = ["instances", "virtualRouterId", "advertisementIntervalMs"]

    static func read(_ reader: inout ModelReader, _ node: JSONNode) -> Redundancy? {
        let start = reader.problems.count
        guard let object = reader.object(node, expected: "an object", fields: Self.fieldNames) else { return nil }
        let instances = reader.optional(object, "instances") { $0.integer($1, in: 1...8) }
        let virtualRouterId = reader.required(object, "virtualRouterId") { $0.integer($1, in: 1...255) }
        let interval = reader.optional(object, "advertisementIntervalMs") { reader, node -> Int? in
            guard let milliseconds = reader.integer(node, in: 10...40950) else { return nil }
            guard milliseconds % 10 == 0 else {
                reader.report("\(milliseconds) is not a multiple of 10; VRRPv3 counts centiseconds")
                return nil
            }
            return milliseconds
        }
        guard reader.problems.count == start, let virtualRouterId else { return nil }
        return Redundancy(
            instances: instances.value ?? 1, virtualRouterId: virtualRouterId,
            advertisementIntervalMs: interval.value ?? 1000)
    }
}
