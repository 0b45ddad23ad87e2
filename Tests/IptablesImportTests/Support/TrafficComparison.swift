/// The outcomes of the same probes in two topologies, compared probe by probe.
///
/// Identical means the same client result and the same servers' sightings (namespace, address, port, source).
/// For a balanced service (`-m statistic --mode random`, see ``TrafficTopologySpec/BalancedGroup``) each
/// topology draws its own random numbers, so a probe there may reach a different endpoint on each side: it
/// counts as identical when both results agree and both sides reached one endpoint of the group. When both
/// happened to reach the same endpoint, everything must agree, the source seen included.
internal struct TrafficComparison {
    /// One probe that went differently.
    struct Difference: CustomStringConvertible {
        var first: TrafficOutcome
        var second: TrafficOutcome
        var description: String { "\(first.probe): \(first.verdict) | \(second.verdict)" }
    }

    var spec: TrafficTopologySpec
    var first: [TrafficOutcome]
    var second: [TrafficOutcome]

    /// Every probe whose outcome differs.
    var differences: [Difference] {
        zip(first, second).compactMap { a, b in
            identical(a, b) ? nil : Difference(first: a, second: b)
        }
    }

    private func identical(_ a: TrafficOutcome, _ b: TrafficOutcome) -> Bool {
        guard a.id == b.id, a.result == b.result else { return false }
        if Set(a.seen) == Set(b.seen) { return true }
        guard let group = spec.balancedGroup(of: a) else { return false }
        let endpoints = group.endpointNames
        let reachedA = Set(a.seen.map(\.endpoint))
        let reachedB = Set(b.seen.map(\.endpoint))
        return reachedA != reachedB && a.seen.count == b.seen.count && !reachedA.isEmpty
            && reachedA.isSubset(of: endpoints) && reachedB.isSubset(of: endpoints)
    }

    /// For each balanced group, how many probes each of its endpoints received in `outcomes`.
    static func endpointCounts(_ outcomes: [TrafficOutcome], spec: TrafficTopologySpec) -> [(
        group: String, counts: [String: Int]
    )] {
        (spec.balanced ?? []).map { group in
            var counts = Dictionary(uniqueKeysWithValues: group.endpointNames.map { ($0, 0) })
            for outcome in outcomes
            where group.contains(proto: outcome.proto, destination: outcome.dst, port: outcome.port) {
                for sighting in outcome.seen where counts[sighting.endpoint] != nil {
                    counts[sighting.endpoint, default: 0] += 1
                }
            }
            return (group.services.joined(separator: ","), counts)
        }
    }
}
