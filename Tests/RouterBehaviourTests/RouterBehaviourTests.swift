import Foundation
import NFTables
import RouterCompiler
import RouterModel
import Testing

/// Every valid fixture compiled, applied in a fresh namespace topology, and tried with real packets: connections
/// chosen from the document's own rules must pass or fail as MODEL.md's Semantics section says, and NAT must show
/// in the address the far side sees. One test per bullet of the Semantics section, each over every fixture.
@Suite("Router behaviour with real packets")
struct RouterBehaviourTests {
    /// The valid documents of `fixtures/models/` (the `invalid/` folder is not among them), by name.
    static let fixtures: [String] = {
        let directory = Fixtures.url("models").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(".json".count)) }.sorted()
    }()

    static func document(_ fixture: String) throws -> RouterDocument {
        try RouterDocument.decode(from: Fixtures.data("models/\(fixture).json"), source: fixture)
    }

    /// Builds the topology, applies the compiled ruleset and checks every probe of `categories` against the model.
    static func check(_ document: RouterDocument, label: String, _ categories: [Probe.Category]) throws {
        let plan = ProbePlan(document: document, categories: categories)
        // A fixture without the part a category is about (no public interface, no IPv6) has nothing to try here;
        // `everyBulletIsTried` makes sure some fixture does.
        guard !plan.probes.isEmpty else { return }
        let topology = try RouterTopology(layout: plan.layout)
        defer { topology.close() }
        try RouterCompiler(tableName: "vrc").compile(document).apply(to: topology.router.namespace)
        let outcomes = try topology.run(plan.probes)
        for probe in plan.probes {
            let outcome = try #require(outcomes[probe.id])
            let problem = ProbeCheck.problem(probe, outcome, layout: topology.layout)
            #expect(problem == nil, "\(label) \(probe): \(problem ?? "")")
        }
    }

    @Test("there are valid fixtures to try") func fixturesExist() {
        #expect(Self.fixtures.count >= 7, "found \(Self.fixtures)")
    }

    @Test(
        "every Semantics bullet is tried by some fixture, both a flow that must pass and one that must fail",
        arguments: Probe.Category.allCases)
    func everyBulletIsTried(_ category: Probe.Category) throws {
        let probes = try Self.fixtures.flatMap {
            ProbePlan(document: try Self.document($0), categories: [category]).probes
        }
        #expect(probes.contains { $0.verdict.allowed }, "no fixture has a \(category) flow that must pass")
        // Loopback and neighbour discovery always pass: nothing of theirs can be refused.
        if category != .loopback, category != .neighbourDiscovery {
            #expect(probes.contains { !$0.verdict.allowed }, "no fixture has a \(category) flow that must fail")
        }
        if category == .publicToGuest || category == .guestToPublic {
            #expect(
                probes.contains { $0.verdict.allowed && $0.verdict.seenSource != $0.flow.source }
                    || probes.contains {
                        $0.verdict.allowed && $0.verdict.targets.first?.address != $0.flow.destination
                    },
                "no \(category) flow is translated")
        }
    }

    @Test(
        "to the router from a guest: dhcp, dns, metadata on its own address, echo; nothing else", .kernel,
        arguments: fixtures)
    func guestInput(_ fixture: String) throws {
        try Self.check(try Self.document(fixture), label: fixture, [.guestInput])
    }

    @Test(
        "to the router from public: firewall-allowed untranslated flows and IPsec to the VPN address", .kernel,
        arguments: fixtures)
    func publicInput(_ fixture: String) throws {
        try Self.check(try Self.document(fixture), label: fixture, [.publicInput])
    }

    @Test("VRRP (IP protocol 112) from guests only with two or more instances", .kernel, arguments: fixtures)
    func vrrp(_ fixture: String) throws {
        try Self.check(try Self.document(fixture), label: fixture, [.vrrp])
    }

    @Test("control interfaces: ssh on 3922 only", .kernel, arguments: fixtures)
    func control(_ fixture: String) throws {
        try Self.check(try Self.document(fixture), label: fixture, [.control])
    }

    @Test("loopback always", .kernel, arguments: fixtures)
    func loopback(_ fixture: String) throws {
        try Self.check(try Self.document(fixture), label: fixture, [.loopback])
    }

    @Test(
        "ICMPv6 neighbour discovery: IPv6 echo between router and hosts works both ways", .kernel,
        arguments: fixtures)
    func neighbourDiscovery(_ fixture: String) throws {
        try Self.check(try Self.document(fixture), label: fixture, [.neighbourDiscovery])
    }

    @Test(
        "public to guest: port forwards port by port, static NAT on every port, through both gates", .kernel,
        arguments: fixtures)
    func publicToGuest(_ fixture: String) throws {
        try Self.check(try Self.document(fixture), label: fixture, [.publicToGuest])
    }

    @Test(
        "public to guest without destination NAT: dropped, even where the network's ACL would allow it", .kernel,
        arguments: fixtures)
    func publicToGuestUntranslated(_ fixture: String) throws {
        try Self.check(try Self.document(fixture), label: fixture, [.publicToGuestUntranslated])
    }

    @Test("load balancers spread new connections across every backend", .kernel, arguments: fixtures)
    func loadBalancer(_ fixture: String) throws {
        try Self.check(try Self.document(fixture), label: fixture, [.loadBalancer])
    }

    @Test(
        "guest to public: egress ACL, then static NAT, else source NAT, else unchanged", .kernel,
        arguments: fixtures)
    func guestToPublic(_ fixture: String) throws {
        try Self.check(try Self.document(fixture), label: fixture, [.guestToPublic])
    }

    @Test(
        "guest to guest: the source's egress and the target's ingress must both allow", .kernel,
        arguments: fixtures)
    func guestToGuest(_ fixture: String) throws {
        try Self.check(try Self.document(fixture), label: fixture, [.guestToGuest])
    }

    @Test(
        "packets conntrack calls invalid are dropped, where a valid connection passes", .kernel,
        arguments: fixtures)
    func invalidState(_ fixture: String) throws {
        try Self.check(try Self.document(fixture), label: fixture, [.invalidState])
    }

    @Test(
        "the public gate: an absent firewall list lets translated flows through, an empty one none", .kernel,
        arguments: ["absent", "empty"])
    func publicGate(_ variant: String) throws {
        var document = try Self.document("vr")
        document.firewall = variant == "absent" ? nil : []
        let plan = ProbePlan(document: document, categories: [.publicToGuest, .loadBalancer, .publicInput])
        let translated = plan.probes.filter { plan.semantics.destinationNAT($0.flow) != nil }
        #expect(!translated.isEmpty)
        // The gate alone decides here (vr has no ACL): absent lets every translated flow through, [] none.
        #expect(translated.allSatisfy { $0.verdict.allowed == (variant == "absent") })
        try Self.check(document, label: "vr with firewall \(variant)", [.publicToGuest, .loadBalancer, .publicInput])
    }
}
