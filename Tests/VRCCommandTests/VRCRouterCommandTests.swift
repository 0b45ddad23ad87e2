import Foundation
import NFTables
import Testing

/// The router commands: `compile`, `describe`, `diff`, and `apply` of a router document.
@Suite("vrc with router documents")
internal struct VRCRouterCommandTests {
    static func model(_ name: String) -> String {
        Fixtures.url("models/\(name).json").path
    }

    /// The VPC fixture with one more port forward, written to a temporary file the caller deletes.
    static func vpcWithOneMoreForward() throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: model("vpc")))
        var document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var forwards = try #require(document["portForwards"] as? [[String: Any]])
        var added = try #require(forwards.first)
        added["publicPorts"] = "9999"
        added["privatePorts"] = "99"
        forwards.append(added)
        document["portForwards"] = forwards
        let text = String(decoding: try JSONSerialization.data(withJSONObject: document), as: UTF8.self)
        return try VRCBinary.temporaryFile("vpc-plus-one.json", contents: text)
    }

    @Test("describe names the legacy kind of each fixture", arguments: [
        ("basic-zone-dhcp", "basic-zone DHCP server"), ("vr", "VR"), ("rvr", "rVR"), ("vpc", "VPC"),
        ("rvpc", "rVPC"),
    ])
    func describe(fixture: String, kind: String) throws {
        let result = try VRCBinary.run(["describe", Self.model(fixture), "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let kindName = try #require(object?["kindName"] as? String)
        #expect(kindName.lowercased() == kind.lowercased())
        #expect((object?["rules"] as? Int ?? 0) > 0)
    }

    @Test("compile prints the text of the golden file")
    func compileMatchesGolden() throws {
        let result = try VRCBinary.run(["compile", Self.model("vr")])
        #expect(result.status == 0, "\(result.stderr)")
        let golden = try String(contentsOf: Fixtures.url("models/golden/vr.nft"), encoding: .utf8)
        #expect(result.stdout == golden)
    }

    @Test("an invalid document gives one line per problem, exit 2, and names the file")
    func invalidDocument() throws {
        let invalid = Fixtures.url("models/invalid")
        let names = try FileManager.default.contentsOfDirectory(atPath: invalid.path).filter { $0.hasSuffix(".json") }
        try #require(!names.isEmpty)
        for name in names.sorted() {
            let path = invalid.appendingPathComponent(name).path
            let expected = try String(
                contentsOfFile: path.replacingOccurrences(of: ".json", with: ".expected"), encoding: .utf8
            ).split(separator: "\n").filter { !$0.isEmpty }
            let result = try VRCBinary.run(["compile", path])
            let lines = result.stderr.split(separator: "\n")
            #expect(result.status == 2, "\(name)")
            #expect(lines.count == expected.count, "\(name): \(result.stderr)")
            #expect(lines.allSatisfy { $0.hasPrefix("vrc: \(path)") }, "\(name): \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error"))
        }
    }

    @Test("diff plans one element for one added port forward")
    func diffOneForward() throws {
        let changed = try Self.vpcWithOneMoreForward()
        defer { try? FileManager.default.removeItem(atPath: changed) }
        let result = try VRCBinary.run(["diff", Self.model("vpc"), changed])
        #expect(result.status == 0, "\(result.stderr)")
        let operations = result.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(operations.count == 1)
        #expect(operations.first?.hasPrefix("add element inet vrc") == true)
    }

    @Test("apply of a document, then diff --apply, lists as a fresh apply of the new one; a stale plan is refused",
          .kernel)
    func applyThenDiff() throws {
        let changed = try Self.vpcWithOneMoreForward()
        defer { try? FileManager.default.removeItem(atPath: changed) }
        let updated = try TestNamespace()
        let fresh = try TestNamespace()

        let applied = try VRCBinary.run(["apply", Self.model("vpc"), "--netns", updated.name, "--timings"])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("compile"))
        let diff = try VRCBinary.run(["diff", Self.model("vpc"), changed, "--netns", updated.name, "--apply"])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(try VRCBinary.run(["apply", changed, "--netns", fresh.name]).status == 0)
        #expect(try updated.listTable(family: .inet, name: "vrc") == fresh.listTable(family: .inet, name: "vrc"))

        let before = try updated.listRuleset()
        let again = try VRCBinary.run(["diff", Self.model("vpc"), changed, "--netns", updated.name, "--apply"])
        #expect(again.status == 1)
        #expect(again.stderr.split(separator: "\n").count == 1)
        #expect(try updated.listRuleset() == before)
    }
}
