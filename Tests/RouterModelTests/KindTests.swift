import Foundation
import Testing

@testable import RouterModel

/// The legacy kind follows the parts present, as MODEL.md's table says.
@Suite("Legacy kind")
struct KindTests {
    private static func load(_ name: String) throws -> RouterDocument {
        try RouterDocument.decode(from: try ModelFixtures.data(name), source: name)
    }

    @Test("display names")
    func displayNames() {
        #expect(
            RouterKind.allCases.map(\.displayName) == [
                "basic-zone DHCP server", "shared-network router", "VR", "rVR", "VPC", "rVPC", "mixed",
            ])
    }

    @Test("redundancy turns a VR into an rVR and a VPC into an rVPC, one instance does not")
    func redundancy() throws {
        var vr = try Self.load("vr.json")
        vr.redundancy = Redundancy(instances: 2, virtualRouterId: 9)
        #expect(vr.kind == .redundantVR)
        vr.redundancy = Redundancy(instances: 1, virtualRouterId: 9)
        #expect(vr.kind == .vr)
        var vpc = try Self.load("vpc.json")
        vpc.redundancy = Redundancy(instances: 8, virtualRouterId: 9)
        #expect(vpc.kind == .redundantVPC)
        var basic = try Self.load("basic-zone-dhcp.json")
        basic.redundancy = Redundancy(instances: 2, virtualRouterId: 9)
        #expect(basic.kind == .mixed)
    }

    @Test("a VPC with a firewall list, or a tier without ACL, is a mix")
    func vpcMixes() throws {
        var vpc = try Self.load("vpc.json")
        vpc.firewall = []
        #expect(vpc.kind == .mixed)
        vpc.firewall = nil
        vpc.networks["db"]?.acl = nil
        #expect(vpc.kind == .mixed)
    }

    @Test("a VR with an ACL or without a firewall list is a mix")
    func vrMixes() throws {
        var vr = try Self.load("vr.json")
        vr.networks["isolated"]?.acl = NetworkACL(ingress: [], egress: [], defaultIngress: .deny, defaultEgress: .allow)
        #expect(vr.kind == .mixed)
        vr.firewall = nil
        // No firewall list and an ACL on its only network: a one-tier VPC.
        #expect(vr.kind == .vpc)
    }

    @Test("a VR whose ACL only filters outbound traffic (its egress rules) is still a VR")
    func vrWithEgressRules() throws {
        var vr = try Self.load("vr.json")
        let smtp = ACLRule(
            number: 1, action: .deny, protocol: .tcp, ports: PortRange(port: 25), cidrs: [CIDR("0.0.0.0/0")!])
        vr.networks["isolated"]?.acl = NetworkACL(
            ingress: [], egress: [smtp], defaultIngress: .allow, defaultEgress: .allow)
        #expect(vr.kind == .vr)
        vr.redundancy = Redundancy(instances: 2, virtualRouterId: 7)
        #expect(vr.kind == .redundantVR)
        vr.networks["isolated"]?.acl?.ingress = [smtp]
        #expect(vr.kind == .mixed)
    }

    @Test("DHCP servers by network count; NAT or a network without DHCP/DNS makes a mix")
    func dhcpServers() throws {
        var shared = try Self.load("shared-network.json")
        #expect(shared.kind == .sharedNetworkRouter)
        shared.networks = shared.networks.filter { $0.key == "shared-a" }
        shared.interfaces.removeAll { $0.role == .guest && $0.network != "shared-a" }
        #expect(shared.kind == .basicZoneDHCPServer)
        shared.networks["shared-a"]?.services = [.metadata]
        #expect(shared.kind == .mixed)
    }

    @Test("two public interfaces are a mix")
    func twoPublicInterfaces() throws {
        var vr = try Self.load("vr.json")
        vr.interfaces.append(Interface(name: "eth9", role: .public, addresses: [CIDR("203.0.113.9/24")!]))
        #expect(vr.kind == .mixed)
    }
}

/// The lookups the compiler uses to place addresses.
@Suite("Lookups")
struct LookupTests {
    @Test("guest networks by address and interfaces by network")
    func lookups() throws {
        let document = try RouterDocument.decode(from: try ModelFixtures.data("vpc.json"), source: "vpc.json")
        #expect(document.guestNetwork(containing: InternetAddress("10.1.2.20")!) == "app")
        #expect(document.guestNetwork(containing: InternetAddress("fd00:1::99")!) == "web")
        #expect(document.guestNetwork(containing: InternetAddress("198.51.100.10")!) == nil)
        #expect(document.guestInterface(forNetwork: "db")?.name == "eth4")
        #expect(document.guestInterface(forNetwork: "nope") == nil)
        #expect(document.publicAddresses.map(\.description) == ["198.51.100.10", "198.51.100.11", "198.51.100.12"])
        for forward in document.portForwards {
            #expect(document.guestNetwork(containing: forward.privateAddress) != nil)
        }
    }
}
