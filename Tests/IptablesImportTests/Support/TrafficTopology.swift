import Foundation

/// One copy of a dump's test topology: a router namespace holding the rules and one namespace per host, linked
/// by veth pairs as `fixtures/iptables/NAME.topology.json` says, with no link to the starting namespace.
///
/// Every namespace is a ``TestNamespace``, deleted by ``close()`` or when the topology goes away, so a failing
/// test leaves nothing behind.
internal final class TrafficTopology {
    /// The namespace of each role (`router`, and each host).
    let namespaces: [String: TestNamespace]

    /// The dump's name (`cloud-vr`).
    let dump: String

    /// The namespace that holds the rules.
    var router: TestNamespace { namespaces["router"]! }

    /// Role to namespace name, as the script takes it.
    var names: String {
        let pairs = namespaces.map { "\"\($0.key)\": \"\($0.value.name)\"" }.sorted()
        return "{" + pairs.joined(separator: ", ") + "}"
    }

    /// Makes the namespaces and builds the links, addresses, routes and neighbours (`iptables-diff.py setup`).
    init(dump: String, spec: TrafficTopologySpec) throws {
        var made: [String: TestNamespace] = [:]
        do {
            for role in spec.roles { made[role] = try TestNamespace() }
        } catch {
            for namespace in made.values { namespace.close() }
            throw error
        }
        namespaces = made
        self.dump = dump
        do {
            try DifferentialScript.run(["setup", DifferentialScript.topology(dump).path, "--names", names])
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// Deletes every namespace.
    func close() {
        for namespace in namespaces.values { namespace.close() }
    }

    /// Loads `text` with `iptables-legacy-restore` in the router namespace.
    func restoreLegacy(_ text: String) throws {
        try router.checkedRun(["iptables-legacy-restore"], input: text)
    }

    /// Sends every probe of `plan` through this topology and returns their outcomes in the plan's order.
    func probe(plan: URL) throws -> [TrafficOutcome] {
        let output = try DifferentialScript.run(
            ["run", DifferentialScript.topology(dump).path, plan.path, "--names", names])
        return try JSONDecoder().decode([TrafficOutcome].self, from: Data(output.utf8))
    }
}
