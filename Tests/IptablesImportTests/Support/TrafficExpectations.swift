import Testing

/// The checks of a differential traffic test, shared by the tests that send one plan through two topologies:
/// the plan must be able to tell them apart, and every probe must have had the same outcome in both.
internal enum TrafficExpectations {
    /// Prints the counts (`cloud-vr: 1519 probes (...), passed 311, blocked 1208, natted 96, identical ...`)
    /// and expects: the same probes in the same order, at least 1000 of them, every protocol, no probe missing,
    /// some passed and some blocked and some NAT'd, no probe that differs, and for every balanced group with
    /// enough probes, some for each endpoint on both sides.
    ///
    /// - Parameters:
    ///   - name: Names the dump in failure messages (`cloud-vr`).
    ///   - variant: Names the run in the printed counts (`cloud-vr --optimize`).
    ///   - sides: The names of the two topologies in messages (`("legacy", "vrc")`).
    ///   - started: When the test began, for the printed duration.
    static func expectSameOutcomes(
        name: String, variant: String, sides: (String, String) = ("legacy", "vrc"), spec: TrafficTopologySpec,
        first: [TrafficOutcome], second: [TrafficOutcome], started: ContinuousClock.Instant,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let differences = TrafficComparison(spec: spec, first: first, second: second).differences
        let protocols = Dictionary(grouping: first, by: \.proto).mapValues(\.count)
        let passed = first.filter(\.passed).count
        let natted = first.filter(\.natted).count
        let seconds = (ContinuousClock.now - started).components.seconds
        print(
            "\(variant): \(first.count) probes (\(protocols["tcp"] ?? 0) tcp, \(protocols["udp"] ?? 0) udp, "
                + "\(protocols["icmp"] ?? 0) icmp), passed \(passed), blocked \(first.count - passed), "
                + "natted \(natted), identical \(first.count - differences.count) of \(first.count), \(seconds) s")

        #expect(
            first.count == second.count && zip(first, second).allSatisfy { $0.id == $1.id },
            sourceLocation: sourceLocation)
        #expect(first.count >= 1000, "\(name): too few probes", sourceLocation: sourceLocation)
        #expect(
            ["tcp", "udp", "icmp"].allSatisfy { (protocols[$0] ?? 0) > 0 }, "\(name): \(protocols)",
            sourceLocation: sourceLocation)
        #expect(
            !first.contains { $0.result == "missing" } && !second.contains { $0.result == "missing" },
            sourceLocation: sourceLocation)
        // The probes must be able to tell the topologies apart: some pass, some are blocked, some are NAT'd.
        #expect(
            passed > 0 && passed < first.count && natted > 0, "\(name): passed \(passed), natted \(natted)",
            sourceLocation: sourceLocation)
        let shown = differences.prefix(25).map(\.description).joined(separator: "\n")
        let identical = differences.isEmpty  // a Bool, so that a failure prints the listing below only once
        #expect(
            identical,
            "\(name): \(differences.count) probes differ (\(sides.0) | \(sides.1)):\n\(shown)",
            sourceLocation: sourceLocation)

        for (side, outcomes) in [(sides.0, first), (sides.1, second)] {
            for (group, counts) in TrafficComparison.endpointCounts(outcomes, spec: spec)
            where counts.values.reduce(0, +) >= 15 * counts.count {
                #expect(
                    counts.values.allSatisfy { $0 > 0 }, "\(name) \(side): \(group) endpoints got \(counts)",
                    sourceLocation: sourceLocation)
            }
        }
    }
}
