import Foundation

/// The topology a dump of `fixtures/iptables/` is probed in, from `NAME.topology.json` beside the dump.
///
/// The file names a router namespace (which holds the rules) and hosts, each linked to the router by a veth pair;
/// `scripts/iptables-diff.py` builds it (`setup`) and derives the probes from the dump and it (`plan`). The test
/// only needs the roles, to make a namespace for each, and the balanced services, to compare their outcomes.
internal struct TrafficTopologySpec: Decodable, Sendable {
    /// A host namespace linked to the router.
    struct Host: Decodable, Sendable {
        /// The host's role name (`"web"`), the key of its namespace.
        var name: String
    }

    /// Services whose rules pick one of several endpoints at random (`-m statistic --mode random`).
    ///
    /// A probe to one of `services` (`"ADDRESS:PORT"`) may reach any of `endpoints` (`[role, address]`), so two
    /// topologies may differ there by chance alone.
    struct BalancedGroup: Decodable, Sendable {
        var services: [String]
        var endpoints: [[String]]
        var protocols: [String]?

        /// Whether a probe of `proto` to `destination`:`port` goes to this group's services.
        func contains(proto: String, destination: String, port: Int) -> Bool {
            services.contains("\(destination):\(port)") && (protocols ?? ["tcp", "udp"]).contains(proto)
        }

        /// The endpoints as `role address` strings, as ``TrafficOutcome/Sighting/endpoint`` spells them.
        var endpointNames: Set<String> { Set(endpoints.map { $0.joined(separator: " ") }) }
    }

    /// A rule of the dump that vrc is known not to translate exactly, and why no probe depends on it.
    struct Untranslatable: Decodable, Sendable {
        /// The rule as the dump spells it (`-A CHAIN ...`).
        var rule: String
        var why: String
    }

    /// A probe the topology asks for by hand, beyond those the script derives from the dump: a flow that one
    /// entry decides but that the sampled probes would rarely hit (an ACL entry's source prefix, port and
    /// target network together). ``DifferentialScript/plan(dump:adding:)`` appends them to the plan.
    struct TargetedProbe: Codable, Sendable {
        var client: String
        var proto: String
        var src: String
        var dst: String
        var port: Int
    }

    var hosts: [Host]
    var balanced: [BalancedGroup]?
    /// Rules that may be left out (`--skip-untranslatable`) should the strict import refuse them.
    var untranslatable: [Untranslatable]?
    /// Probes sent besides the generated ones (`targeted` in the topology file; the script itself ignores it).
    var targeted: [TargetedProbe]?

    /// `router` and every host's role, in the order the script links them.
    var roles: [String] { ["router"] + hosts.map(\.name) }

    /// The group a probe belongs to, if its destination is a balanced service.
    func balancedGroup(of outcome: TrafficOutcome) -> BalancedGroup? {
        balanced?.first { $0.contains(proto: outcome.proto, destination: outcome.dst, port: outcome.port) }
    }

    /// Reads `fixtures/iptables/NAME.topology.json`.
    static func load(_ url: URL) throws -> Self {
        try JSONDecoder().decode(Self.self, from: Data(contentsOf: url))
    }
}
