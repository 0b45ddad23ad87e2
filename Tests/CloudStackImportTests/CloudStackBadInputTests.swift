import CloudStackImport
import Foundation
import RouterModel
import Testing

/// Input that is not a CloudStack router's configuration is refused with the file, the key or line, and why.
@Suite("CloudStack bad input")
struct CloudStackBadInputTests {
    static func failure(_ paths: [String]) -> CloudStackImportError? {
        do {
            _ = try CloudStackImporter().importConfiguration(at: paths)
            return nil
        } catch {
            return error
        }
    }

    @Test("a folder without cmdline.json")
    func missingCommandLine() throws {
        let folder = try ScratchFolder(copying: "vpc")
        defer { folder.remove() }
        try FileManager.default.removeItem(atPath: folder.file("cmdline.json"))
        let error = try #require(Self.failure([folder.path]))
        #expect(error.code == .missingCommandLine)
        #expect(error.description.contains("cmdline.json"))
    }

    @Test("malformed JSON names the file, line and column")
    func malformedJSON() throws {
        let folder = try ScratchFolder(copying: "vpc")
        defer { folder.remove() }
        try folder.write("ips.json", "{\"id\": \"ips\",\n  \"eth1\": [ {\"public_ip\": \"198.51.100.30\" ]\n}")
        let error = try #require(Self.failure([folder.path]))
        #expect(error.code == .malformedJSON)
        #expect(error.file.hasSuffix("ips.json") && error.line == 2 && error.column != nil, "\(error)")
    }

    @Test(
        "binary garbage, an empty file and a JSON array are refused",
        arguments: [
            "\u{0}\u{1}\u{2}garbage\u{FF}", "", "[1, 2, 3]", "{\"neither\": true}",
        ])
    func garbage(_ text: String) throws {
        let folder = try ScratchFolder(copying: "isolated-vr")
        defer { folder.remove() }
        try folder.write("firewallrules.json", text)
        let error = try #require(Self.failure([folder.path]))
        #expect([.malformedJSON, .unexpectedShape].contains(error.code), "\(error)")
        #expect(error.file.hasSuffix("firewallrules.json"))
    }

    @Test(
        "well-formed JSON Foundation cannot read (a number beyond a double) names the file and key (found by fuzzing)")
    func hugeNumber() throws {
        let folder = try ScratchFolder(copying: "isolated-vr")
        defer { folder.remove() }
        for (text, key) in [("1E444444444444444444444444", "$"), ("{\"id\": \"vmdata\", \"a\": [1, 1e999]}", "$")]
        {
            try folder.write("vmdata.json", text)
            let error = try #require(Self.failure([folder.path]))
            #expect(error.code == .invalidValue, "\(error)")
            #expect(error.file.hasSuffix("vmdata.json") && error.key == key, "\(error)")
        }
    }

    @Test("a router type vrc does not import")
    func unsupportedType() throws {
        let folder = try ScratchFolder(copying: "isolated-vr")
        defer { folder.remove() }
        try folder.edit("cmdline.json") { bag in
            var config = bag["config"] as! [String: Any]
            config["type"] = "secstorage"
            bag["config"] = config
        }
        let error = try #require(Self.failure([folder.path]))
        #expect(error.code == .unsupportedRouterType)
        #expect(error.key == "$.config.type")
    }

    @Test("an address that is not one names its key")
    func invalidAddress() throws {
        let folder = try ScratchFolder(copying: "isolated-vr")
        defer { folder.remove() }
        try folder.edit("ips.json") { bag in
            var entries = bag["eth2"] as! [[String: Any]]
            entries[1]["public_ip"] = "198.51.100"
            bag["eth2"] = entries
        }
        let error = try #require(Self.failure([folder.path]))
        #expect(error.code == .invalidValue)
        #expect(error.key == "$.eth2[1].public_ip", "\(error)")
    }

    @Test("an ACL for a device no databag gives an address")
    func unknownDevice() throws {
        let folder = try ScratchFolder(copying: "vpc")
        defer { folder.remove() }
        try folder.edit("networkacl.json") { bag in
            bag["eth7"] = ["device": "eth7", "private_gateway_acl": false, "ingress_rules": [], "egress_rules": []]
        }
        let error = try #require(Self.failure([folder.path]))
        #expect(error.code == .unknownReference)
        #expect(error.description.contains("eth7"), "\(error)")
    }

    @Test("a guestnetwork entry filed under another device")
    func misfiledDevice() throws {
        let folder = try ScratchFolder(copying: "vpc")
        defer { folder.remove() }
        try folder.edit("guestnetwork.json") { bag in
            var entries = bag["eth3"] as! [[String: Any]]
            entries[0]["device"] = "eth9"
            bag["eth3"] = entries
        }
        let error = try #require(Self.failure([folder.path]))
        #expect(error.code == .unknownReference)
        #expect(error.key == "$.eth3[0].device")
    }

    @Test("a forward whose public address is not the router's is refused by the model's rules")
    func forwardToForeignAddress() throws {
        let folder = try ScratchFolder(copying: "vpc")
        defer { folder.remove() }
        try folder.edit("forwardingrules.json") { bag in
            bag["203.0.113.77"] = [
                [
                    "public_ip": "203.0.113.77", "internal_ip": "10.10.2.20", "type": "forward", "protocol": "tcp",
                    "public_ports": "80", "internal_ports": "80",
                ]
            ]
        }
        let error = try #require(Self.failure([folder.path]))
        #expect(error.code == .invalidDocument)
        #expect(error.description.contains("203.0.113.77"), "\(error)")
    }

    @Test("missing paths and empty folders")
    func missingPaths() throws {
        #expect(Self.failure(["/nonexistent/vrc-cs"])?.code == .unreadable)
        let empty = try ScratchFolder(copying: nil)
        defer { empty.remove() }
        #expect(Self.failure([empty.path])?.code == .unreadable)
    }

    @Test("removed entries (add: false, revoked, revoke) are dropped as CloudStack drops them, not refused")
    func removedEntries() throws {
        let folder = try ScratchFolder(copying: "isolated-vr")
        defer { folder.remove() }
        try folder.edit("forwardingrules.json") { bag in
            var entries = bag["198.51.100.10"] as! [[String: Any]]
            entries[0]["revoked"] = true
            bag["198.51.100.10"] = entries
        }
        let result = try CloudStackImporter().importConfiguration(at: [folder.path])
        #expect(!result.document.portForwards.contains { $0.publicPorts == PortRange(port: 8080) })
        #expect(
            !result.document.interfaces.flatMap(\.addresses).contains { $0.address == InternetAddress("198.51.100.13") }
        )
    }
}
