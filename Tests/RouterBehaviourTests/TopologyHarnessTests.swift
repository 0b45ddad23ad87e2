import Foundation
import NFTables
import RouterModel
import Testing

/// The topology itself, proved with a hand-written ruleset rather than the compiler's, so that a behaviour test
/// failure can be blamed on the ruleset and not on the harness.
@Suite("Router topology harness", .serialized)
struct TopologyHarnessTests {
    static func document(_ name: String) throws -> RouterDocument {
        try RouterDocument.decode(from: Fixtures.data("models/\(name).json"), source: name)
    }

    static func probe(
        _ id: Int, _ kind: Probe.Kind, from origin: TopologyLayout.Side, _ source: String, _ destination: String,
        port: Int?, count: Int = 1, verdict: ModelSemantics.Verdict
    ) -> Probe {
        let number: UInt8 = kind == .tcp ? 6 : kind == .udp ? 17 : destination.contains(":") ? 58 : 1
        let flow = ModelSemantics.Flow(
            origin: origin, source: InternetAddress(source)!, destination: InternetAddress(destination)!,
            proto: number, port: kind == .icmp ? (number == 1 ? 8 : 128) : port)
        return Probe(id: id, category: .guestToPublic, kind: kind, flow: flow, count: count, verdict: verdict)
    }

    static func verdict(
        _ allowed: Bool, seen: String, targets: [String], port: Int?, returns: Bool? = nil
    ) -> ModelSemantics.Verdict {
        ModelSemantics.Verdict(
            targets: targets.map { ModelSemantics.Target(address: InternetAddress($0)!, port: port) },
            allowed: allowed, seenSource: InternetAddress(seen)!, returns: returns ?? allowed, reason: "hand-written")
    }

    @Test("the layout gives each guest network a host, the public side the gateway, and no address twice")
    func layout() throws {
        for name in ["vr", "vpc", "mixed", "shared-network", "basic-zone-dhcp"] {
            let document = try Self.document(name)
            let layout = TopologyLayout(document: document)
            let all = layout.hosts.flatMap(\.addresses) + document.interfaces.flatMap { $0.addresses.map(\.address) }
            #expect(Set(all).count == all.count, "\(name): an address is used twice: \(all)")
            for interface in document.interfaces where interface.role == .guest {
                let host = try #require(
                    layout.host(.guest(interface.network!)), "\(name): no host for \(interface.name)")
                for cidr in interface.addresses {
                    #expect(host.addresses.contains { cidr.prefix.contains($0) }, "\(name): no host address in \(cidr)")
                }
            }
            for gateway in document.interfaces.compactMap(\.gateway) {
                #expect(layout.side(of: gateway) == .publicSide, "\(name): gateway \(gateway) is not the public host")
            }
            for address in TopologyLayout.privateAddresses(of: document) {
                if case .guest = layout.side(of: address) {
                } else {
                    Issue.record("\(name): private address \(address) is on no guest host")
                }
            }
        }
    }

    @Test(
        "with hand-written NAT, guests reach the public host as their source NAT, port forwards reach guests",
        .kernel)
    func handWrittenNAT() throws {
        let document = try Self.document("vr")
        let topology = try RouterTopology(document: document)
        defer { topology.close() }
        try topology.router.nft(
            """
            table inet harness {
                chain prerouting {
                    type nat hook prerouting priority dstnat;
                    ip daddr 198.51.100.20 tcp dport 8080 dnat ip to 10.1.1.20:80
                }
                chain postrouting {
                    type nat hook postrouting priority srcnat;
                    oifname "eth2" ip saddr 10.1.1.100 snat ip to 198.51.100.20
                }
            }
            """)
        let guest = TopologyLayout.Side.guest("isolated")
        #expect(topology.layout.clientAddresses[guest]?[.ipv4] == InternetAddress("10.1.1.100"))
        let probes = [
            Self.probe(
                1, .tcp, from: guest, "10.1.1.100", "198.51.100.1", port: 7000,
                verdict: Self.verdict(true, seen: "198.51.100.20", targets: ["198.51.100.1"], port: 7000)),
            Self.probe(
                2, .udp, from: guest, "10.1.1.100", "198.51.100.1", port: 7001,
                verdict: Self.verdict(true, seen: "198.51.100.20", targets: ["198.51.100.1"], port: 7001)),
            // Without source NAT the public host gets the datagram but has no route back.
            Self.probe(
                3, .udp, from: guest, "10.1.1.20", "198.51.100.1", port: 7001,
                verdict: Self.verdict(true, seen: "10.1.1.20", targets: ["198.51.100.1"], port: 7001, returns: false)),
            Self.probe(
                4, .tcp, from: .publicSide, "198.51.100.1", "198.51.100.20", port: 8080,
                verdict: Self.verdict(true, seen: "198.51.100.1", targets: ["10.1.1.20"], port: 80)),
            Self.probe(
                5, .icmp, from: guest, "10.1.1.100", "10.1.1.1", port: nil,
                verdict: Self.verdict(true, seen: "10.1.1.100", targets: ["10.1.1.1"], port: nil)),
            // Nothing listens on the router's 7002: refused, and nothing logged.
            Self.probe(
                6, .tcp, from: .publicSide, "198.51.100.1", "198.51.100.21", port: 7002,
                verdict: Self.verdict(false, seen: "198.51.100.1", targets: [], port: 7002)),
        ]
        let outcomes = try topology.run(probes)
        for probe in probes {
            let outcome = try #require(outcomes[probe.id])
            let problem = ProbeCheck.problem(probe, outcome, layout: topology.layout)
            #expect(problem == nil, "\(probe): \(problem ?? "")")
        }
        // The same check must notice a wrong expectation.
        var wrong = probes[0]
        wrong.verdict.seenSource = InternetAddress("10.1.1.100")!
        #expect(ProbeCheck.problem(wrong, try #require(outcomes[1]), layout: topology.layout) != nil)
    }

    @Test("closing the topology removes every namespace", .kernel)
    func cleanup() throws {
        let topology = try RouterTopology(document: try Self.document("mixed"))
        let names = [topology.router.name] + topology.hosts.values.map(\.name)
        #expect(names.count == 5)
        #expect(names.allSatisfy(TestNamespace.exists))
        topology.close()
        #expect(!names.contains(where: TestNamespace.exists))
    }
}
