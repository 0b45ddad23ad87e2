import CloudStackImport
import Foundation
import RouterModel
import Testing

/// Each fixture folder imported: the document is valid, its derived kind is the router's type and redundancy,
/// and what the databags say lands where CLOUDSTACK.md says it acts.
@Suite("CloudStack fixtures")
struct CloudStackFixtureTests {
    static func load(_ fixture: String) throws -> CloudStackImport {
        try CloudStackImporter().importConfiguration(at: [CloudStackFixtures.path(fixture)])
    }

    @Test("every fixture imports to the kind of its router type and redundancy", arguments: CloudStackFixtures.routers)
    func kinds(_ fixture: String) throws {
        let result = try Self.load(fixture)
        let expected: [String: RouterKind] = [
            "isolated-vr": .vr, "redundant-vr": .redundantVR, "vpc": .vpc, "redundant-vpc": .redundantVPC,
            "basic-zone-dhcp": .basicZoneDHCPServer,
        ]
        #expect(result.document.kind == expected[fixture])
        #expect(result.expectedKind == expected[fixture])
        #expect(result.notCarriedOver.isEmpty, "\(result.notCarriedOver)")
        // The document survives its own encoding: what is printed can be read back unchanged.
        let reread = try RouterDocument.decode(from: result.document.encoded(), source: fixture)
        #expect(reread == result.document)
    }

    @Test("isolated VR: interfaces by CloudStack's NIC roles, a removed address left out, the source NAT address")
    func isolatedInterfaces() throws {
        let document = try Self.load("isolated-vr").document
        #expect(document.interfaces.map(\.name) == ["eth0", "eth1", "eth2"])
        #expect(document.interfaces.map(\.role) == [.guest, .control, .public])
        let guest = try #require(document.interfaces.first)
        #expect(guest.addresses == [CIDR("10.1.1.1/24")!, CIDR("fd00:1:1::1/64")!])
        let publicInterface = try #require(document.interfaces.last)
        #expect(
            publicInterface.addresses.map(\.description) == [
                "198.51.100.10/24", "198.51.100.11/24", "198.51.100.12/24",
            ])
        #expect(publicInterface.gateway == InternetAddress("198.51.100.1"))
        #expect(publicInterface.mac == MACAddress("1e:00:c3:00:01:0a"))
        let network = try #require(document.networks["eth0"])
        #expect(network.sourceNat == InternetAddress("198.51.100.10"))
        #expect(network.services == [.dhcp, .dns, .metadata])
    }

    @Test("isolated VR: ingress rules are the public gate, a revoked rule is not, forward sources narrow the gate")
    func isolatedFirewall() throws {
        let document = try Self.load("isolated-vr").document
        let firewall = try #require(document.firewall)
        #expect(!firewall.contains { $0.ports == PortRange(port: 23) }, "the revoked rule (tcp 23) is left out")
        // Nothing forwards tcp 22 on .10: on CloudStack the rule lets ssh reach the router's input, which drops
        // it; in the document the gate keeps it out, and the import notes why the rule is gone.
        #expect(!firewall.contains { $0.ports == PortRange(port: 22) })
        #expect(try Self.load("isolated-vr").findings.contains { $0.severity == .note && $0.key == "$[\"1\"]" })
        let udp = firewall.filter { $0.protocol == .udp }
        // The rule allows 5000-5009 from anywhere; the forward of those ports only from 203.0.113.0/26.
        #expect(udp.map(\.cidrs) == [[CIDR("203.0.113.0/26")!]])
        #expect(udp.map(\.ports) == [PortRange(lower: 5000, upper: 5009)])
        let echo = try #require(firewall.first { $0.protocol == .icmp })
        #expect(echo.icmpType == 8 && echo.icmpCode == nil)
        #expect(firewall.contains { $0.protocol == .all && $0.publicAddress == InternetAddress("198.51.100.11") })
    }

    @Test("isolated VR: default egress allow, so the egress rules deny what they name")
    func isolatedEgressAllow() throws {
        let acl = try #require(try Self.load("isolated-vr").document.networks["eth0"]?.acl)
        #expect(acl.defaultEgress == .allow && acl.defaultIngress == .allow && acl.ingress.isEmpty)
        #expect(acl.egress.map(\.action) == [.deny, .deny])
        #expect(acl.egress.map(\.ports) == [PortRange(port: 25), PortRange(port: 5353)])
        #expect(acl.egress.map(\.cidrs) == [[CIDR("0.0.0.0/0")!], [CIDR("203.0.113.0/24")!]])
    }

    @Test("redundant VR: default egress deny, so the rules allow; VRRP settings; the virtual address first")
    func redundantVR() throws {
        let document = try Self.load("redundant-vr").document
        let acl = try #require(document.networks["eth0"]?.acl)
        #expect(acl.defaultEgress == .deny)
        #expect(acl.egress.allSatisfy { $0.action == .allow } && acl.egress.count == 3)
        #expect(document.redundancy == Redundancy(instances: 2, virtualRouterId: 51, advertisementIntervalMs: 1000))
        let guest = try #require(document.interfaces.first { $0.role == .guest })
        #expect(guest.addresses.map(\.description) == ["10.2.1.1/24", "10.2.1.2/24"])
    }

    @Test("isolated VR: forwards in both port styles, the static NAT")
    func isolatedForwards() throws {
        let document = try Self.load("isolated-vr").document
        let forwards = Set(document.portForwards)
        #expect(
            forwards.contains(
                PortForward(
                    publicAddress: InternetAddress("198.51.100.10")!, protocol: .tcp,
                    publicPorts: PortRange(port: 8080)!,
                    privateAddress: InternetAddress("10.1.1.20")!, privatePorts: PortRange(port: 80)!)))
        #expect(
            forwards.contains(
                PortForward(
                    publicAddress: InternetAddress("198.51.100.10")!, protocol: .tcp,
                    publicPorts: PortRange(port: 8081)!,
                    privateAddress: InternetAddress("10.1.1.20")!, privatePorts: PortRange(port: 8443)!)))
        #expect(forwards.count == 4)
        #expect(
            document.staticNats == [
                StaticNAT(
                    publicAddress: InternetAddress("198.51.100.11")!, privateAddress: InternetAddress("10.1.1.21")!)
            ])
    }

    @Test("VPC: tiers and the private gateway, ACLs in evaluation order, CloudStack's defaults")
    func vpc() throws {
        let document = try Self.load("vpc").document
        #expect(document.interfaces.map(\.name) == ["eth0", "eth1", "eth2", "eth3", "eth4", "eth5"])
        #expect(document.interfaces.map(\.role) == [.control, .public, .guest, .guest, .guest, .guest])
        #expect(document.firewall == nil)
        for tier in ["eth2", "eth3", "eth4"] {
            let network = try #require(document.networks[tier])
            #expect(network.sourceNat == InternetAddress("198.51.100.30"))
            #expect(network.services == [.dhcp, .dns, .metadata])
            #expect(network.acl?.defaultIngress == .deny && network.acl?.defaultEgress == .allow)
        }
        let gateway = try #require(document.networks["eth5"])
        #expect(gateway.services.isEmpty && gateway.sourceNat == nil)
        #expect(gateway.acl?.ingress.map(\.cidrs) == [[CIDR("10.10.0.0/16")!]])
        // eth2's rules are numbered and listed out of order: evaluation follows the numbers.
        let web = try #require(document.networks["eth2"]?.acl)
        #expect(web.ingress.map(\.number) == [1, 2, 3, 4])
        #expect(web.ingress.map(\.action) == [.allow, .deny, .allow, .allow])
        #expect(web.ingress[1].cidrs == [CIDR("203.0.113.0/24")!] && web.ingress[1].ports == PortRange(port: 22))
        // eth4: ports as strings, a plain address, a comma-separated list, protocol 47.
        let db = try #require(document.networks["eth4"]?.acl)
        #expect(db.ingress.map(\.ports) == [PortRange(port: 5432), nil, PortRange(port: 6379), PortRange(port: 9187)])
        #expect(db.ingress[1].protocol == .number(47))
        #expect(db.ingress[2].cidrs == [CIDR("10.10.2.5/32")!])
        #expect(db.ingress[3].cidrs == [CIDR("10.10.2.0/25")!, CIDR("10.10.2.128/25")!])
        #expect(document.staticNats.map(\.privateAddress) == [InternetAddress("10.10.1.21")!])
        #expect(
            Set(document.portForwards.map(\.privateAddress)) == [
                InternetAddress("10.10.2.20")!, InternetAddress("10.10.3.30")!,
            ])
    }

    @Test("redundant VPC: VRRP settings in milliseconds; a tier without ingress rules drops everything inbound")
    func redundantVPC() throws {
        let document = try Self.load("redundant-vpc").document
        #expect(document.redundancy == Redundancy(instances: 2, virtualRouterId: 52, advertisementIntervalMs: 2000))
        let app = try #require(document.networks["eth3"]?.acl)
        #expect(app.ingress.isEmpty && app.defaultIngress == .deny)
        #expect(app.egress.map(\.ports) == [PortRange(port: 123)])
    }

    @Test("basic-zone DHCP server: no public interface, no NAT, the pod's gateway is not the router's address")
    func basicZone() throws {
        let document = try Self.load("basic-zone-dhcp").document
        #expect(!document.interfaces.contains { $0.role == .public })
        #expect(document.interfaces.first { $0.role == .guest }?.addresses == [CIDR("10.40.0.5/22")!])
        #expect(document.networks["eth0"]?.sourceNat == nil)
        #expect(document.networks["eth0"]?.services == [.dhcp, .dns, .metadata])
        #expect(document.firewall == nil && document.portForwards.isEmpty)
    }
}
