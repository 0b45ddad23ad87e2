import CloudStackImport
import Foundation
import RouterModel
import Testing

/// What the model cannot express is named by databag, key and reason, never dropped in silence.
@Suite("CloudStack findings")
struct CloudStackFindingTests {
    @Test("a VPC forward with source prefixes cannot be narrowed (no public gate): reported and left out")
    func vpcForwardSources() throws {
        let folder = try ScratchFolder(copying: "vpc")
        defer { folder.remove() }
        try folder.edit("forwardingrules.json") { bag in
            var entries = bag["198.51.100.32"] as! [[String: Any]]
            entries[0]["source_cidr_list"] = "203.0.113.0/24"
            bag["198.51.100.32"] = entries
        }
        let result = try CloudStackImporter().importConfiguration(at: [folder.path])
        let finding = try #require(result.notCarriedOver.first)
        #expect(finding.databag.hasSuffix("forwardingrules.json"))
        #expect(finding.key == "$[\"198.51.100.32\"][0].source_cidr_list")
        #expect(!result.document.portForwards.contains { $0.publicPorts == PortRange(port: 8080) })
    }

    @Test("an egress rule for part of the guest network is reported and left out")
    func partialEgressSources() throws {
        let folder = try ScratchFolder(copying: "isolated-vr")
        defer { folder.remove() }
        try folder.edit("firewallrules.json") { bag in
            var rule = bag["9"] as! [String: Any]
            rule["source_cidr_list"] = ["10.1.1.128/25"]
            bag["9"] = rule
        }
        let result = try CloudStackImporter().importConfiguration(at: [folder.path])
        #expect(result.notCarriedOver.map(\.key) == ["$[\"9\"].source_cidr_list"])
        #expect(result.document.networks["eth0"]?.acl?.egress.count == 1)
    }

    @Test("firewall rules on a VPC and a load balancer databag are reported; VM data is a note")
    func outOfScope() throws {
        let folder = try ScratchFolder(copying: "vpc")
        defer { folder.remove() }
        try folder.write(
            "firewallrules.json",
            """
            {"id": "firewallrules", "1": {"id": 1, "src_ip": "198.51.100.32", "protocol": "tcp",
             "src_port_range": [22, 22], "source_cidr_list": ["0.0.0.0/0"], "traffic_type": "Ingress"}}
            """)
        try folder.write("loadbalancer.json", "{\"id\": \"loadbalancer\", \"config\": []}")
        try folder.write("vmdata.json", "{\"id\": \"vmdata\", \"10.10.1.5\": []}")
        let result = try CloudStackImporter().importConfiguration(at: [folder.path])
        #expect(
            Set(result.notCarriedOver.map { ($0.databag as NSString).lastPathComponent })
                == ["firewallrules.json", "loadbalancer.json"])
        #expect(result.findings.contains { $0.severity == .note && $0.databag.hasSuffix("vmdata.json") })
        #expect(result.document.firewall == nil)
    }

    @Test("a firewall rule for an address the router does not hold is reported")
    func foreignFirewallAddress() throws {
        let folder = try ScratchFolder(copying: "isolated-vr")
        defer { folder.remove() }
        try folder.edit("firewallrules.json") { bag in
            var rule = bag["1"] as! [String: Any]
            rule["src_ip"] = "198.51.100.13"
            bag["1"] = rule
        }
        let result = try CloudStackImporter().importConfiguration(at: [folder.path])
        #expect(result.notCarriedOver.map(\.key) == ["$[\"1\"].src_ip"])
        #expect(!(result.document.firewall ?? []).contains { $0.ports == PortRange(port: 22) })
    }

    @Test("what CloudStack's router does that no databag says is noted: the password server, VPC pings")
    func unmodelledServices() throws {
        let vpc = try CloudStackImporter().importConfiguration(at: [CloudStackFixtures.path("vpc")])
        #expect(vpc.findings.filter { $0.key == "$.config.type" }.count == 2)
        let vr = try CloudStackImporter().importConfiguration(at: [CloudStackFixtures.path("isolated-vr")])
        #expect(vr.findings.filter { $0.key == "$.config.type" }.map(\.reason).allSatisfy { $0.contains("password") })
        let dhcp = try CloudStackImporter().importConfiguration(at: [CloudStackFixtures.path("basic-zone-dhcp")])
        #expect(dhcp.findings.isEmpty, "\(dhcp.findings)")
    }

    @Test("a firewall rule's part that nothing forwards is noted; an all-protocols rule keeps forwards and ICMP")
    func gateKeepsTranslatedTraffic() throws {
        let folder = try ScratchFolder(copying: "isolated-vr")
        defer { folder.remove() }
        try folder.edit("firewallrules.json") { bag in
            var rule = bag["6"] as! [String: Any]
            rule["protocol"] = "all"
            rule["src_port_range"] = nil
            bag["6"] = rule
        }
        let result = try CloudStackImporter().importConfiguration(at: [folder.path])
        let gate = (result.document.firewall ?? []).filter { $0.publicAddress == InternetAddress("198.51.100.12") }
        // .12 forwards tcp 2222 and udp 5000-5009 (the latter narrowed to its forward's sources by rule 5).
        #expect(gate.contains { $0.protocol == .tcp && $0.ports == PortRange(port: 2222) })
        #expect(gate.contains { $0.protocol == .icmp && $0.ports == nil })
        #expect(!gate.contains { $0.protocol == .all })
        #expect(result.findings.contains { $0.severity == .note && $0.key == "$[\"6\"]" })
    }

    @Test("a redundant router notes that conntrackd's sync is not in the document")
    func conntrackdNote() throws {
        let result = try CloudStackImporter().importConfiguration(at: [CloudStackFixtures.path("redundant-vr")])
        #expect(result.findings.contains { $0.severity == .note && $0.key == "$.config.redundant_router" })
        #expect(result.notCarriedOver.isEmpty)
    }
}
