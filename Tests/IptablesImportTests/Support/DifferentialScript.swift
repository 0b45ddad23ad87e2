import Foundation

/// `scripts/iptables-diff.py`, the probe generator, servers and client of the differential traffic test.
///
/// Python (standard library only) because servers and clients run as separate processes inside other
/// namespaces (`ip netns exec`), started and stopped by the script's `run` step.
internal enum DifferentialScript {
    /// The script failed.
    struct Failure: Error, CustomStringConvertible {
        var arguments: [String]
        var status: Int32
        var stderr: String
        var description: String {
            "iptables-diff.py \(arguments.joined(separator: " ")) exited with \(status): \(stderr)"
        }
    }

    /// The script's path in the checkout.
    static let path = Fixtures.repositoryRoot.appendingPathComponent("scripts/iptables-diff.py").path

    /// The dump `fixtures/iptables/NAME.rules`.
    static func dump(_ name: String) -> URL { Fixtures.url("iptables/\(name).rules") }

    /// The topology `fixtures/iptables/NAME.topology.json`.
    static func topology(_ name: String) -> URL { Fixtures.url("iptables/\(name).topology.json") }

    /// Runs the script in the starting namespace (it enters the test's namespaces itself); returns its output.
    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        let result = try ProcessRunner.run(["/usr/bin/python3", path] + arguments)
        guard result.status == 0 else {
            throw Failure(arguments: arguments, status: result.status, stderr: result.stderr)
        }
        return result.stdout
    }

    /// The probes for a dump (`plan`), as a JSON file for ``run(_:)``; the caller deletes it.
    static func plan(dump: String) throws -> URL {
        let text = try run(["plan", Self.dump(dump).path, topology(dump).path])
        let url = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("vrc-iptdiff-plan-\(getpid())-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        return url
    }

    /// The probes for a dump (`plan`) followed by `targeted`, numbered on after the generated ones; the servers
    /// listen on the targeted probes' ports too. A JSON file for ``run(_:)``; the caller deletes it.
    static func plan(dump: String, adding targeted: [TrafficTopologySpec.TargetedProbe]) throws -> URL {
        let url = try plan(dump: dump)
        guard !targeted.isEmpty else { return url }
        struct Probe: Codable {
            var id: Int
            var client: String
            var proto: String
            var src: String
            var dst: String
            var port: Int
        }
        struct Plan: Codable {
            var probes: [Probe]
            var listen: [Int]
        }
        var plan: Plan
        do {
            plan = try JSONDecoder().decode(Plan.self, from: Data(contentsOf: url))
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        var next = (plan.probes.map(\.id).max() ?? 0) + 1
        for probe in targeted {
            plan.probes.append(
                Probe(
                    id: next, client: probe.client, proto: probe.proto, src: probe.src, dst: probe.dst, port: probe.port
                ))
            next += 1
        }
        let ports = targeted.filter { $0.proto != "icmp" }.map(\.port)
        plan.listen = Array(Set(plan.listen + ports)).sorted()
        do {
            try JSONEncoder().encode(plan).write(to: url)
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        return url
    }
}
