import Foundation
import Testing

/// The differential test with real packets: a dump of `fixtures/iptables/` loaded with `iptables-legacy-restore`
/// in one topology and with `vrc import-iptables --apply` in an identical one must decide the same probes alike.
///
/// Each dump comes with `NAME.topology.json`: a router namespace that holds the rules, and host namespaces on
/// its interfaces with the addresses the dump names. `scripts/iptables-diff.py` derives the probes from the dump
/// (every client source to every address the topology and the dump name, on the ports the rules name plus a few
/// that only the policies decide; TCP connections, UDP datagrams, ICMP echoes), runs servers on every host that
/// log what they receive and from where, and sends all probes of a topology at once with one short timeout.
///
/// kube-proxy's dump picks service endpoints with `-m statistic --mode random`, as kube-proxy writes it; the
/// test keeps that rather than rewriting it to `--mode nth`, so that vrc's translation of the random mode is
/// what gets tested. The two kernels draw their own random numbers, so for those services a probe may reach a
/// different endpoint on each side: it must still pass or fail alike and reach an endpoint of the same service,
/// and when both sides picked the same endpoint, everything seen must be identical. That every endpoint of such
/// a service gets some of the probes on both sides shows the random choice really happens.
@Suite(
    "iptables dumps decide real packets alike in iptables-legacy and after vrc import-iptables",
    .kernel, .serialized)
internal struct DifferentialTrafficTests {
    /// The dumps under `fixtures/iptables/`.
    static let dumps = ["cloud-vr", "docker-host", "firewalld-host", "kube-proxy"]

    /// Whether the `vrc` under test has `import-iptables --optimize` (the issue asks for both imports).
    static let hasOptimize: Bool =
        (try? VRCBinary.run(["import-iptables", "--help"]).stdout.contains("--optimize")) ?? false

    @Test("every probe has the same outcome in both topologies", .timeLimit(.minutes(3)), arguments: dumps)
    func sameOutcomes(dump: String) throws {
        try checkSameOutcomes(dump: dump, importOptions: [])
    }

    @Test(
        "every probe has the same outcome in both topologies with --optimize",
        .enabled(if: hasOptimize, "vrc import-iptables has no --optimize yet"), .timeLimit(.minutes(3)),
        arguments: dumps)
    func sameOutcomesOptimized(dump: String) throws {
        try checkSameOutcomes(dump: dump, importOptions: ["--optimize"])
    }

    /// Loads `dump` with iptables-legacy-restore in one topology and with `vrc import-iptables importOptions` in
    /// another, sends the same probes through both and compares every outcome.
    func checkSameOutcomes(dump: String, importOptions: [String]) throws {
        let started = ContinuousClock.now
        let spec = try TrafficTopologySpec.load(DifferentialScript.topology(dump))
        let text = try String(contentsOf: DifferentialScript.dump(dump), encoding: .utf8)
        let plan = try DifferentialScript.plan(dump: dump)
        defer { try? FileManager.default.removeItem(at: plan) }

        let legacy = try TrafficTopology(dump: dump, spec: spec)
        defer { legacy.close() }
        try legacy.restoreLegacy(text)
        let imported = try TrafficTopology(dump: dump, spec: spec)
        defer { imported.close() }
        try Self.importWithVRC(dump: dump, spec: spec, options: importOptions, into: imported)

        let first = try legacy.probe(plan: plan)
        let second = try imported.probe(plan: plan)
        TrafficExpectations.expectSameOutcomes(
            name: dump, variant: ([dump] + importOptions).joined(separator: " "), spec: spec, first: first,
            second: second, started: started)
    }

    /// `vrc import-iptables DUMP --apply --netns ROUTER`, strict.
    ///
    /// Should the strict import refuse the dump, it is imported with `--skip-untranslatable`, and every rule it
    /// leaves out must be one that the topology lists as untranslatable, with the reason why no probe depends on
    /// it; any other refused rule fails the test.
    static func importWithVRC(
        dump: String, spec: TrafficTopologySpec, options: [String], into topology: TrafficTopology
    ) throws {
        let path = DifferentialScript.dump(dump).path
        let command = ["import-iptables", path, "--apply", "--netns", topology.router.name] + options
        let strict = try VRCBinary.run(command)
        guard strict.status != 0 else { return }
        let skipping = try VRCBinary.run(command + ["--skip-untranslatable"])
        #expect(skipping.status == 0, "\(dump): --skip-untranslatable failed too: \(skipping.stderr)")
        let skipped = skipping.stderr.split(separator: "\n").filter { $0.contains(": skipped, ") }
        let declared = spec.untranslatable ?? []
        let undeclared = skipped.filter { line in !declared.contains { line.hasSuffix($0.rule) } }
        #expect(
            !skipped.isEmpty && undeclared.isEmpty,
            "\(dump): vrc import-iptables refused the dump (exit \(strict.status)):\n\(strict.stderr)")
        print("\(dump): strict import refused; skipped \(skipped.count) rule(s) known untranslatable:")
        for line in skipped { print("  \(line)") }
    }
}
