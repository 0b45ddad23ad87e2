import Foundation
import NFTables
import Testing

/// `vrc import-cloudstack`: the printed document, the report, exit statuses, and input that never reaches the
/// kernel.
@Suite("vrc import-cloudstack")
internal struct ImportCloudStackCommandTests {
    static let routers = ["basic-zone-dhcp", "isolated-vr", "redundant-vpc", "redundant-vr", "vpc"]

    static func folder(_ name: String) -> String {
        Fixtures.url("cloudstack/\(name)").path
    }

    /// A scratch copy of a fixture folder with a VPC forward that only some sources reach: the model cannot
    /// narrow it, so the import reports it as not carried over.
    static func partialCopy() throws -> String {
        let path = try VRCBinary.temporaryFile("cs-partial", contents: "")
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: folder("vpc"), toPath: path)
        let file = URL(fileURLWithPath: path + "/forwardingrules.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        let narrowed = text.replacingOccurrences(
            of: "\"public_ports\": \"8080\"",
            with: "\"public_ports\": \"8080\", \"source_cidr_list\": \"203.0.113.0/24\"")
        #expect(narrowed != text, "the fixture's 8080 forward moved; update the test")
        try narrowed.write(to: file, atomically: true, encoding: .utf8)
        return path
    }

    @Test("prints the document; vrc describe derives the router's kind from it", arguments: routers)
    func printsDocument(_ router: String) throws {
        let result = try VRCBinary.run(["import-cloudstack", Self.folder(router)])
        #expect(result.status == 0, "\(result.stderr)")
        let kinds = [
            "basic-zone-dhcp": "basic-zone DHCP server", "isolated-vr": "VR", "redundant-vpc": "rVPC",
            "redundant-vr": "rVR", "vpc": "VPC",
        ]
        #expect(result.stderr.hasPrefix("vrc: r-"), "\(result.stderr)")
        #expect(result.stderr.contains("imported as \(kinds[router]!)\n"), "\(result.stderr)")
        let described = try VRCBinary.run(["describe", "-"], input: result.stdout)
        #expect(described.status == 0, "\(described.stderr)")
        #expect(described.stdout.split(separator: "\n").first?.hasSuffix(": \(kinds[router]!)") == true)
    }

    @Test("--json carries the type, the kind, the document and the findings")
    func json() throws {
        let result = try VRCBinary.run(["import-cloudstack", Self.folder("redundant-vr"), "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["routerType"] as? String == "router")
        #expect(object["redundant"] as? Bool == true)
        #expect(object["kind"] as? String == "redundantVR")
        #expect((object["document"] as? [String: Any])?["schema"] as? String == "vrc.router/v1")
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(
            findings.contains {
                $0["severity"] as? String == "note" && $0["key"] as? String == "$.config.redundant_router"
            })
    }

    @Test("--strict refuses behaviour that is not carried over, naming databag and key; without it the rest prints")
    func strict() throws {
        let path = try Self.partialCopy()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let refused = try VRCBinary.run(["import-cloudstack", path, "--strict"])
        #expect(refused.status == 2)
        #expect(refused.stdout.isEmpty)
        #expect(
            refused.stderr.hasPrefix("vrc: \(path)/forwardingrules.json: $[\"198.51.100.32\"][0].source_cidr_list: "),
            "\(refused.stderr)")
        // One line per finding, then the count: no backtrace, nothing else.
        let lines = refused.stderr.split(separator: "\n")
        #expect(lines.count == 2 && lines.allSatisfy { $0.hasPrefix("vrc: ") }, "\(refused.stderr)")

        let partial = try VRCBinary.run(["import-cloudstack", path])
        #expect(partial.status == 0, "\(partial.stderr)")
        #expect(partial.stderr.contains("1 part(s) not carried over"))
        #expect(partial.stderr.contains("not carried over: \(path)/forwardingrules.json"))
    }

    @Test(
        "bad input exits 2 with one line naming the file and where",
        arguments: [
            ("{\"id\": \"cmdline\", \"config\": {\"type\": \"router\",}", "cmdline.json:1:"),
            (
                "{\"id\": \"cmdline\", \"config\": {\"type\": \"elbvm\", \"name\": \"r-9-VM\"}}",
                "cmdline.json: $.config.type: "
            ),
            ("\u{7F}ELF\u{2}\u{1}", "cmdline.json:1:1: "),
        ])
    func badInput(_ contents: String, _ location: String) throws {
        let path = try VRCBinary.temporaryFile("cmdline.json", contents: contents)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try VRCBinary.run(["import-cloudstack", path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("vrc: \(path.dropLast("cmdline.json".count))\(location)"), "\(result.stderr)")
        #expect(FailureShape.problems(in: result.stderr).isEmpty, "\(FailureShape.problems(in: result.stderr))")
    }

    @Test(
        "a folder without cmdline.json, a missing path, usage errors",
        arguments: [
            ["import-cloudstack", "/nonexistent/vrc-cs"],
            ["import-cloudstack"],
            ["import-cloudstack", "x", "--check"],
            ["import-cloudstack", "x", "--strict", "--allow-partial"],
            ["import-cloudstack", "x", "--netns", "n"],
        ])
    func usage(_ arguments: [String]) throws {
        let result = try VRCBinary.run(arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(FailureShape.problems(in: result.stderr).isEmpty, "\(FailureShape.problems(in: result.stderr))")
    }

    @Test("a folder of databags without cmdline.json")
    func missingCommandLine() throws {
        let path = try VRCBinary.temporaryFile("cs-nocmdline", contents: "")
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: Self.folder("vpc"), toPath: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.removeItem(atPath: path + "/cmdline.json")
        let result = try VRCBinary.run(["import-cloudstack", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no cmdline.json"), "\(result.stderr)")
    }
}

@Suite("vrc import-cloudstack against the kernel", .kernel)
internal struct ImportCloudStackKernelTests {
    @Test(
        "--apply --check validates every fixture in the kernel and commits nothing; --apply loads it",
        arguments: ImportCloudStackCommandTests.routers)
    func applyAndCheck(_ router: String) throws {
        let namespace = try TestNamespace()
        defer { namespace.close() }
        let folder = ImportCloudStackCommandTests.folder(router)
        let checked = try VRCBinary.run(["import-cloudstack", folder, "--apply", "--check", "--netns", namespace.name])
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stdout.hasPrefix("check passed, nothing committed"), "\(checked.stdout)")
        #expect(try namespace.listRuleset().isEmpty)

        let applied = try VRCBinary.run(["import-cloudstack", folder, "--apply", "--netns", namespace.name])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.hasPrefix("applied 1 table"), "\(applied.stdout)")
        let listed = try namespace.listTable(family: "inet", name: "vrc")
        #expect(listed.contains("chain forward {"))
    }

    @Test("--apply is strict by default: a configuration with parts not carried over applies nothing")
    func strictByDefault() throws {
        let namespace = try TestNamespace()
        defer { namespace.close() }
        let path = try ImportCloudStackCommandTests.partialCopy()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let refused = try VRCBinary.run(["import-cloudstack", path, "--apply", "--netns", namespace.name])
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(try namespace.listRuleset().isEmpty)
        let partial = try VRCBinary.run(
            ["import-cloudstack", path, "--apply", "--allow-partial", "--netns", namespace.name])
        #expect(partial.status == 0, "\(partial.stderr)")
        #expect(try !namespace.listRuleset().isEmpty)
    }
}
