import CloudStackImport
import Foundation
import RouterModel
import Testing

/// Fields that changed between CloudStack versions give the same document in either form, and incoming files
/// merge over the databags as the router's merge step does.
@Suite("CloudStack versions and incoming files")
struct CloudStackVariantTests {
    static func document(_ folder: ScratchFolder) throws -> RouterDocument {
        try CloudStackImporter().importConfiguration(at: [folder.path]).document
    }

    @Test("forward ports as \"22:22\", \"22\", \"22-22\", 22 or [22, 22] are the same forward")
    func portStyles() throws {
        let original = try CloudStackImporter().importConfiguration(at: [CloudStackFixtures.path("isolated-vr")])
        for style: Any in ["8080:8080", "8080", "8080-8080", 8080, [8080, 8080]] {
            let folder = try ScratchFolder(copying: "isolated-vr")
            defer { folder.remove() }
            try folder.edit("forwardingrules.json") { bag in
                var entries = bag["198.51.100.10"] as! [[String: Any]]
                entries[0]["public_ports"] = style
                bag["198.51.100.10"] = entries
            }
            #expect(try Self.document(folder) == original.document, "public_ports \(style)")
        }
    }

    @Test("an address entry's cidr as ip/len, net/len or absent gives the same interface")
    func addressCidrStyles() throws {
        let original = try CloudStackImporter().importConfiguration(at: [CloudStackFixtures.path("isolated-vr")])
        for style: Any? in ["198.51.100.10/24", "198.51.100.0/24", nil] {
            let folder = try ScratchFolder(copying: "isolated-vr")
            defer { folder.remove() }
            try folder.edit("ips.json") { bag in
                var entries = bag["eth2"] as! [[String: Any]]
                entries[0]["cidr"] = style
                entries[0]["size"] = nil
                entries[0]["netmask"] = style == nil ? "255.255.255.0" : nil
                bag["eth2"] = entries
            }
            #expect(try Self.document(folder) == original.document, "cidr \(String(describing: style))")
        }
    }

    @Test("ACL rules without numbers keep their order; with numbers they sort by them")
    func aclNumbering() throws {
        let folder = try ScratchFolder(copying: "vpc")
        defer { folder.remove() }
        // Without numbers, the file's order (3, 1, 4, 2 by their old numbers) is the evaluation order.
        try folder.edit("networkacl.json") { bag in
            var tier = bag["eth2"] as! [String: Any]
            var rules = tier["ingress_rules"] as! [[String: Any]]
            for index in rules.indices { rules[index]["number"] = nil }
            tier["ingress_rules"] = rules
            bag["eth2"] = tier
        }
        let listed = try #require(try Self.document(folder).networks["eth2"]?.acl?.ingress)
        let numbered = try #require(
            try CloudStackImporter().importConfiguration(at: [CloudStackFixtures.path("vpc")]).document.networks[
                "eth2"]?
                .acl?.ingress)
        #expect(listed.map(\.number) == [1, 2, 3, 4])
        #expect(listed.map(\.ports) != numbered.map(\.ports) || listed.map(\.action) != numbered.map(\.action))
        let file = try CloudStackFixtures.json("vpc", "networkacl.json")
        let rawRules = ((file["eth2"] as! [String: Any])["ingress_rules"] as! [[String: Any]])
        let allowedInFileOrder = rawRules.map { $0["allowed"] as! Bool }
        #expect(listed.map { $0.action == .allow } == allowedInFileOrder)
    }

    @Test("flags as true/false, \"true\"/\"false\" and 1/0 mean the same")
    func flagStyles() throws {
        let original = try CloudStackImporter().importConfiguration(at: [CloudStackFixtures.path("isolated-vr")])
        for (yes, no): (Any, Any) in [("true", "false"), (1, 0)] {
            let folder = try ScratchFolder(copying: "isolated-vr")
            defer { folder.remove() }
            try folder.edit("ips.json") { bag in
                var entries = bag["eth2"] as! [[String: Any]]
                for index in entries.indices {
                    for key in ["source_nat", "one_to_one_nat", "add"] {
                        if let flag = entries[index][key] as? Bool { entries[index][key] = flag ? yes : no }
                    }
                }
                bag["eth2"] = entries
            }
            #expect(try Self.document(folder) == original.document, "flags \(yes)/\(no)")
        }
    }

    @Test("incoming forwardrules merge over the databags; a revoked one is not added")
    func incomingForwards() throws {
        let base = try CloudStackImporter().importConfiguration(at: [CloudStackFixtures.path("isolated-vr")]).document
        let merged = try CloudStackImporter().importConfiguration(at: [
            CloudStackFixtures.path("isolated-vr"), CloudStackFixtures.path("incoming/forwardrules.json"),
        ]).document
        let added = Set(merged.portForwards).subtracting(base.portForwards)
        #expect(
            added == [
                PortForward(
                    publicAddress: InternetAddress("198.51.100.12")!, protocol: .tcp,
                    publicPorts: PortRange(port: 8000)!,
                    privateAddress: InternetAddress("10.1.1.40")!, privatePorts: PortRange(port: 80)!)
            ])
        #expect(!merged.portForwards.contains { $0.publicPorts == PortRange(port: 9000) })
    }

    @Test("an incoming cmdline is the same as the merged one; incoming ips and staticnatrules add a static NAT")
    func incomingCommandLineAndStaticNAT() throws {
        let folder = try ScratchFolder(copying: "isolated-vr")
        defer { folder.remove() }
        try FileManager.default.removeItem(atPath: folder.file("cmdline.json"))
        let original = try CloudStackImporter().importConfiguration(at: [CloudStackFixtures.path("isolated-vr")])
        let viaIncoming = try CloudStackImporter().importConfiguration(at: [
            folder.path, CloudStackFixtures.path("incoming/cmdline.json"),
        ])
        #expect(viaIncoming.document == original.document)

        // 198.51.100.13 is being removed in the fixture; an incoming ips file adds it back, then the static NAT.
        let ips = """
            {"type": "ips", "ip_address": [{"public_ip": "198.51.100.13", "netmask": "255.255.255.0", "device": "eth2",
              "add": true, "nw_type": "public", "source_nat": false, "one_to_one_nat": true}]}
            """
        let result = try CloudStackImporter().importConfiguration(files: [
            (
                "cmdline.json",
                try Data(contentsOf: URL(fileURLWithPath: CloudStackFixtures.path("isolated-vr/cmdline.json")))
            ),
            ("ips.json", try Data(contentsOf: URL(fileURLWithPath: CloudStackFixtures.path("isolated-vr/ips.json")))),
            ("incoming-ips.json", Data(ips.utf8)),
            (
                "staticnatrules.json",
                try Data(contentsOf: URL(fileURLWithPath: CloudStackFixtures.path("incoming/staticnatrules.json")))
            ),
        ])
        #expect(
            result.document.staticNats == [
                StaticNAT(
                    publicAddress: InternetAddress("198.51.100.13")!, privateAddress: InternetAddress("10.1.1.50")!)
            ])
    }
}
