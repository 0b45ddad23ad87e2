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
}
