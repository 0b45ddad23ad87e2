import Foundation
import Testing

/// `vrc bench` compares loading the same router two ways: its linear `iptables-save` dump (`LinearRouterDump`,
/// one rule per entry) and vrc's compiled form of the document (`vrc apply DOC`). The comparison is only fair
/// if both are the same router, so this test sends real packets through both and requires identical outcomes.
///
/// `fixtures/iptables/bench-router.json` is `vrc bench generate --size 150`, `bench-router.rules` its dump
/// (`--iptables`); a drift guard keeps both equal to what the generator prints now. `bench-router.topology.json`
/// places hosts on the document's interfaces: the public host's first address lies inside a firewall entry's
/// prefix (so the firewall lets some flows to the router through), the guest tiers hold the port forwards' and
/// static NATs' private addresses (so translated probes have receivers) and addresses inside ACL entries'
/// prefixes; its `targeted` probes are flows that one ACL or firewall entry decides, which the sampled probes
/// would rarely hit. The probes come from the dump as in ``DifferentialTrafficTests``, and the same checks apply.
@Suite("vrc bench's linear iptables dump and vrc's compiled router decide real packets alike", .kernel, .serialized)
internal struct LinearRouterTrafficTests {
    /// The fixtures' name under `fixtures/iptables/`.
    static let name = "bench-router"
    /// The size the fixtures were generated at (`vrc bench generate --size`).
    static let size = "150"

    @Test("the fixtures are what vrc bench generate prints now")
    func fixturesMatchGenerator() throws {
        let document = try VRCBinary.run(["bench", "generate", "--size", Self.size])
        #expect(document.status == 0, "vrc bench generate failed: \(document.stderr)")
        let dump = try VRCBinary.run(["bench", "generate", "--size", Self.size, "--iptables"])
        #expect(dump.status == 0, "vrc bench generate --iptables failed: \(dump.stderr)")
        let documentFixture = try String(contentsOf: Self.documentURL, encoding: .utf8)
        let dumpFixture = try String(contentsOf: DifferentialScript.dump(Self.name), encoding: .utf8)
        let regenerate = "regenerate with vrc bench generate --size \(Self.size) [--iptables] and review the topology"
        #expect(document.stdout == documentFixture, "fixtures/iptables/\(Self.name).json is stale: \(regenerate)")
        #expect(dump.stdout == dumpFixture, "fixtures/iptables/\(Self.name).rules is stale: \(regenerate)")
    }

    @Test("every probe has the same outcome in the linear dump and the compiled router", .timeLimit(.minutes(3)))
    func sameOutcomes() throws {
        let started = ContinuousClock.now
        let run = try Run()
        defer { run.close() }
        let (first, second) = try run.probeBoth()
        TrafficExpectations.expectSameOutcomes(
            name: Self.name, variant: "\(Self.name) (linear dump | vrc apply)", sides: ("linear", "compiled"),
            spec: run.spec, first: first, second: second, started: started)

        // The hand-picked probes must mean something: some of them pass, some are blocked.
        let picked = first.suffix(run.targeted)
        #expect(
            run.targeted > 0 && picked.contains(where: \.passed) && picked.contains { !$0.passed },
            "\(Self.name): targeted probes: \(picked.map { "\($0.probe): \($0.verdict)" })")
    }

    /// At this size the document's ingress ACLs admit no source of the firewall's 100.64.0.0/10 prefixes to a
    /// translated port, so no flow from the public side ever reaches a guest: the first test sees whether a probe is translated (it then misses
    /// the router's own firewall rules) but neither where to nor what the public gate (the firewall entries by
    /// original destination) decides. The next two tests give both routers the same extra rule accepting
    /// destination-NAT'd flows: first right after the public gate, so that the gate alone decides which public
    /// flows reach a guest, then as the forward chain's first rule, so that every port forward and static NAT
    /// delivers its probes and the receivers, addresses and ports must agree.
    @Test("the public gates agree when both routers skip the ingress ACLs of translated flows", .timeLimit(.minutes(3)))
    func sameGates() throws {
        let started = ContinuousClock.now
        let run = try Run()
        defer { run.close() }
        try run.acceptTranslated(afterPublicGate: true)
        let (first, second) = try run.probeBoth()
        TrafficExpectations.expectSameOutcomes(
            name: Self.name, variant: "\(Self.name) (linear dump | vrc apply, ingress ACLs open to translated flows)",
            sides: ("linear", "compiled"), spec: run.spec, first: first, second: second, started: started)

        // The gate must have let some public flows through to a guest, and stopped others that it translated.
        let publicToGuest = first.filter { $0.client == "inet" && $0.dst.hasPrefix("198.18.") }
        let delivered = publicToGuest.filter { $0.passed && $0.seen.contains { $0.host != "router" } }
        #expect(
            !delivered.isEmpty && delivered.count < publicToGuest.count, "\(Self.name): \(delivered.count) delivered")
    }

    @Test("the translations agree when both routers forward every translated flow", .timeLimit(.minutes(3)))
    func sameTranslations() throws {
        let started = ContinuousClock.now
        let run = try Run()
        defer { run.close() }
        try run.acceptTranslated(afterPublicGate: false)
        let (first, second) = try run.probeBoth()
        TrafficExpectations.expectSameOutcomes(
            name: Self.name, variant: "\(Self.name) (linear dump | vrc apply, translated flows forwarded)",
            sides: ("linear", "compiled"), spec: run.spec, first: first, second: second, started: started)

        // Every private address of a port forward and static NAT must have received translated probes.
        let translated = Set(
            first.filter { $0.client == "inet" }.flatMap(\.seen).filter { $0.host != "router" }.map { $0.local ?? "" })
        let privates = try Self.privateAddresses()
        #expect(
            !privates.isEmpty && privates.isSubset(of: translated), "not reached: \(privates.subtracting(translated))")
    }

    /// The private addresses of the document's port forwards and static NATs.
    static func privateAddresses() throws -> Set<String> {
        struct Translation: Decodable { var privateAddress: String }
        struct Document: Decodable {
            var portForwards: [Translation]
            var staticNats: [Translation]
        }
        let document = try JSONDecoder().decode(Document.self, from: Data(contentsOf: documentURL))
        return Set((document.portForwards + document.staticNats).map(\.privateAddress))
    }

    /// Building a run's routers failed.
    struct SetupFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Two copies of the topology, one with the linear dump (`iptables-legacy-restore`), one with the compiled
    /// document (`vrc apply`), and the plan of probes for both.
    final class Run {
        let spec: TrafficTopologySpec
        let linear: TrafficTopology
        let compiled: TrafficTopology
        let plan: URL
        /// How many probes at the end of the plan are the topology's `targeted` ones.
        let targeted: Int

        init() throws {
            spec = try TrafficTopologySpec.load(DifferentialScript.topology(LinearRouterTrafficTests.name))
            let name = LinearRouterTrafficTests.name
            let text = try String(contentsOf: DifferentialScript.dump(name), encoding: .utf8)
            targeted = spec.targeted?.count ?? 0
            plan = try DifferentialScript.plan(dump: name, adding: spec.targeted ?? [])
            do {
                linear = try TrafficTopology(dump: name, spec: spec)
                try linear.restoreLegacy(text)
                compiled = try TrafficTopology(dump: name, spec: spec)
                let document = LinearRouterTrafficTests.documentURL.path
                let applied = try VRCBinary.run(["apply", document, "--netns", compiled.router.name])
                guard applied.status == 0 else {
                    throw SetupFailure(
                        description: "vrc apply \(document) exited with \(applied.status): \(applied.stderr)")
                }
            } catch {
                try? FileManager.default.removeItem(at: plan)
                throw error
            }
        }

        /// Adds the same rule to both routers' forward chains: accept a flow whose destination was translated.
        /// With `afterPublicGate` it goes right after the jump to the public gate (so the gate still decides and
        /// only the ACLs are skipped), otherwise first.
        func acceptTranslated(afterPublicGate: Bool) throws {
            var legacyPosition = 1
            var nftPosition: [String] = []
            if afterPublicGate {
                let rules = try linear.router.checkedRun(["iptables-legacy", "-S", "FORWARD"])
                    .split(separator: "\n").filter { $0.hasPrefix("-A ") }
                guard let gate = rules.firstIndex(where: { $0.hasSuffix("-j public_gate") }) else {
                    throw SetupFailure(description: "the linear router's FORWARD chain has no jump to public_gate")
                }
                legacyPosition = gate + 2  // 1-based, after the jump
                let chain = try compiled.router.checkedRun(["nft", "-a", "list", "chain", "inet", "vrc", "forward"])
                guard let line = chain.split(separator: "\n").first(where: { $0.contains("@forward_from") }),
                    let handle = line.components(separatedBy: "# handle ").last?.trimmingCharacters(in: .whitespaces)
                else {
                    throw SetupFailure(description: "the compiled router's forward chain has no @forward_from rule")
                }
                nftPosition = ["position", handle]
            }
            try linear.router.checkedRun(
                [
                    "iptables-legacy", "-I", "FORWARD", "\(legacyPosition)", "-m", "conntrack", "--ctstate", "DNAT",
                    "-j", "ACCEPT",
                ])
            try compiled.router.checkedRun(
                ["nft", afterPublicGate ? "add" : "insert", "rule", "inet", "vrc", "forward"] + nftPosition
                    + ["ct", "status", "dnat", "accept"])
        }

        /// The outcomes of the plan in the linear router, then in the compiled one.
        func probeBoth() throws -> (linear: [TrafficOutcome], compiled: [TrafficOutcome]) {
            (try linear.probe(plan: plan), try compiled.probe(plan: plan))
        }

        func close() {
            linear.close()
            compiled.close()
            try? FileManager.default.removeItem(at: plan)
        }
    }

    /// `fixtures/iptables/bench-router.json`, the router document.
    static var documentURL: URL { Fixtures.url("iptables/\(name).json") }
}
