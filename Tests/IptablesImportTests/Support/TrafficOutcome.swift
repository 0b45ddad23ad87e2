/// What happened to one probe in one topology, as `scripts/iptables-diff.py run` reports it.
///
/// `result` is the client's view: `ok` (a TCP or UDP answer, an ICMP echo reply), the errno name of a refusal
/// (`ECONNREFUSED` for a reset or port unreachable, `EHOSTUNREACH` for host prohibited, ...), or `timeout` when
/// nothing came back (a drop). `seen` is the servers' view: which namespace received it, at which address and
/// port, from which source; after NAT these are the translated addresses.
internal struct TrafficOutcome: Decodable, Sendable {
    /// One server's record of receiving the probe.
    struct Sighting: Decodable, Hashable, Sendable, CustomStringConvertible {
        var host: String
        var proto: String
        var local: String?
        var port: Int
        var peer: String

        /// `role address`, the form of ``TrafficTopologySpec/BalancedGroup/endpointNames``.
        var endpoint: String { "\(host) \(local ?? "?")" }

        var description: String { "\(host) got \(proto) at \(local ?? "?"):\(port) from \(peer)" }
    }

    var id: Int
    var client: String
    var proto: String
    var src: String
    var dst: String
    var port: Int
    var result: String
    var reply: String?
    var seen: [Sighting]

    /// Whether the client got its answer.
    var passed: Bool { result == "ok" }

    /// Whether a server saw the probe with another source or destination than the client sent (NAT).
    var natted: Bool { seen.contains { $0.peer != src || $0.local != dst } }

    /// The probe, for messages: `tcp web 10.1.1.20 -> 203.0.113.11:80`.
    var probe: String { "\(proto) \(client) \(src) -> \(dst):\(port)" }

    /// The outcome, for messages.
    var verdict: String { "\(result) \(seen.map(\.description))" }
}
