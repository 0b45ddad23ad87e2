import Foundation
import NFTables
import Testing

/// `vrc import-iptables`: output, report, exit statuses, and bad input that never reaches the kernel.
@Suite("vrc import-iptables")
internal struct ImportIptablesCommandTests {
    /// A dump that nothing is wrong with.
    static let goodDump = """
        *filter
        :INPUT DROP [0:0]
        :FORWARD ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        :acl - [0:0]
        -A INPUT -j acl
        -A acl -i lo -j ACCEPT
        COMMIT
        """

    /// A dump whose line 3 no translation can keep (nftables has no `u32` match).
    static let untranslatableDump = """
        *filter
        :INPUT ACCEPT [0:0]
        -A INPUT -m u32 --u32 "0x0>>22&0x3C@0>>16=0x50" -j DROP
        -A INPUT -j ACCEPT
        COMMIT
        """

    /// A bad dump, and where its one error line must point.
    struct BadDump: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var line: Int
        var column: Int
        var testDescription: String { name }
    }

    static let badDumps: [BadDump] = [
        BadDump(
            name: "truncated", bytes: Array("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j ACC".utf8), line: 3, column: 16),
        BadDump(
            name: "unknown table", bytes: Array("*firewall\n:INPUT ACCEPT [0:0]\nCOMMIT\n".utf8), line: 1, column: 2),
        BadDump(
            name: "rule before its chain line",
            bytes: Array("*filter\n:INPUT ACCEPT [0:0]\n-A late -j ACCEPT\n:late - [0:0]\nCOMMIT\n".utf8), line: 3,
            column: 4),
        BadDump(
            name: "jump to a missing chain",
            bytes: Array("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j nowhere\nCOMMIT\n".utf8), line: 3, column: 13),
        BadDump(
            name: "binary garbage", bytes: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0xFF, 0x0A], line: 1,
            column: 1),
    ]

    static func write(_ name: String, bytes: [UInt8]) throws -> String {
        let path = try VRCBinary.temporaryFile(name, contents: "")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func expectOneLine(_ result: ProcessOutput, status: Int32, startingWith prefix: String) {
        #expect(result.status == status, "stderr: \(result.stderr)")
        #expect(FailureShape.problems(in: result.stderr).isEmpty, "\(FailureShape.problems(in: result.stderr))")
        #expect(result.stderr.hasPrefix("vrc: " + prefix), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("each bad dump exits 2 with one line naming file:line:column", arguments: badDumps)
    func badInput(_ bad: BadDump) throws {
        let path = try Self.write("bad.txt", bytes: bad.bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try VRCBinary.run(["import-iptables", path])
        Self.expectOneLine(result, status: 2, startingWith: "\(path):\(bad.line):\(bad.column): ")
    }

    @Test("prints nft text with the report on standard error; '-' reads standard input")
    func printsText() throws {
        let path = try VRCBinary.temporaryFile("good.txt", contents: Self.goodDump)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromFile = try VRCBinary.run(["import-iptables", path])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout.contains("table ip filter {"))
        #expect(fromFile.stdout.contains("chain acl {"))
        #expect(fromFile.stdout.contains("type filter hook input priority 0; policy drop;"))
        let reportLines = fromFile.stderr.split(separator: "\n")
        let skipped = reportLines.count - 1
        #expect(reportLines.first == "vrc: \(path): 2 rules in, \(2 - skipped) translated, \(skipped) untranslatable")
        #expect(reportLines.allSatisfy { $0.hasPrefix("vrc: \(path):") })

        let fromStdin = try VRCBinary.run(
            ["import-iptables", "-", "--ip6", "--table-prefix", "old_"], input: Self.goodDump)
        #expect(fromStdin.status == 0, "\(fromStdin.stderr)")
        #expect(fromStdin.stdout.contains("table ip6 old_filter {"))
        #expect(fromStdin.stderr.hasPrefix("vrc: standard input: 2 rules in"))
    }

    @Test("--json prints the ruleset in vrc's coding")
    func json() throws {
        let result = try VRCBinary.run(["import-iptables", "-", "--json"], input: Self.goodDump)
        #expect(result.status == 0, "\(result.stderr)")
        let ruleset = try JSONDecoder().decode(Ruleset.self, from: Data(result.stdout.utf8))
        #expect(ruleset.tables.map(\.name) == ["filter"])
        #expect(ruleset.tables.first?.chains.map(\.name) == ["INPUT", "FORWARD", "OUTPUT", "acl"])
        #expect(ruleset.tables.first?.chain(named: "INPUT")?.hook?.policy == .drop)
    }

    @Test("--strict lists every untranslatable rule, one line each, and exits 2")
    func strict() throws {
        let result = try VRCBinary.run(["import-iptables", "-", "--strict"], input: Self.untranslatableDump)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count >= 2)
        #expect(lines.first?.hasPrefix("vrc: standard input:3:") == true, "\(result.stderr)")
        #expect(lines.first?.hasSuffix(": -A INPUT -m u32 --u32 \"0x0>>22&0x3C@0>>16=0x50\" -j DROP") == true)
        #expect(lines.last?.contains("nothing imported") == true)
        #expect(lines.allSatisfy { $0.hasPrefix("vrc: ") })
        for marker in FailureShape.crashMarkers { #expect(!result.stderr.contains(marker)) }
    }

    @Test(
        "contradicting options exit 2 with one line",
        arguments: [
            ["--strict", "--skip-untranslatable"], ["--check"], ["--netns", "x"],
        ])
    func usage(_ options: [String]) throws {
        let result = try VRCBinary.run(["import-iptables", "-"] + options, input: Self.goodDump)
        #expect(result.status == 2)
        #expect(FailureShape.problems(in: result.stderr).isEmpty, "\(result.stderr)")
    }

    @Test("a missing dump or ipset file exits 2 naming it")
    func missingFiles() throws {
        let missing = try VRCBinary.run(["import-iptables", "/nonexistent/dump.txt"])
        Self.expectOneLine(missing, status: 2, startingWith: "/nonexistent/dump.txt: ")
        let noSets = try VRCBinary.run(["import-iptables", "-", "--ipset", "/nonexistent/sets"], input: Self.goodDump)
        Self.expectOneLine(noSets, status: 2, startingWith: "/nonexistent/sets: ")
    }

    @Test("a file over the size limit is refused at once, without being read")
    func tooLarge() throws {
        let path = try VRCBinary.temporaryFile("huge.txt", contents: "")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 300 << 20)  // sparse: no disk space used
        try handle.close()
        let start = ContinuousClock.now
        let result = try VRCBinary.run(["import-iptables", path])
        #expect(ContinuousClock.now - start < .seconds(5))
        Self.expectOneLine(result, status: 2, startingWith: "\(path):1:1: the input is 300.0 MiB")
    }
}

/// `vrc import-iptables --apply` in namespaces of the tests' own.
@Suite("vrc import-iptables against the kernel", .kernel)
internal struct ImportIptablesKernelTests {
    @Test("bad dumps apply nothing", arguments: ImportIptablesCommandTests.badDumps)
    func badInputAppliesNothing(_ bad: ImportIptablesCommandTests.BadDump) throws {
        let namespace = try TestNamespace()
        defer { namespace.close() }
        let path = try ImportIptablesCommandTests.write("bad.txt", bytes: bad.bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try VRCBinary.run(["import-iptables", path, "--apply", "--netns", namespace.name])
        ImportIptablesCommandTests.expectOneLine(result, status: 2, startingWith: "\(path):\(bad.line):\(bad.column): ")
        #expect(try namespace.listRuleset().isEmpty)
    }

    @Test("a 100 MB dump cut off before COMMIT gives one located error within seconds, and applies nothing")
    func hundredMegabytes() throws {
        let namespace = try TestNamespace()
        defer { namespace.close() }
        let path = try VRCBinary.temporaryFile("big.txt", contents: "")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.write(contentsOf: Data("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:acl - [0:0]\n".utf8))
        var lines = 4
        var size = 0
        var chunk = ""
        var index = 0
        while size < 100_000_000 {
            chunk +=
                "-A acl -s 10.\(index >> 8 & 255).\(index & 255).0/24 -p tcp -m tcp --dport \(index % 60000 + 1) "
                + "-m comment --comment \"net \(index)\" -j ACCEPT\n"
            index += 1
            lines += 1
            if chunk.utf8.count > 1 << 20 {
                size += chunk.utf8.count
                try handle.write(contentsOf: Data(chunk.utf8))
                chunk = ""
            }
        }
        try handle.write(contentsOf: Data(chunk.utf8))
        try handle.close()
        let start = ContinuousClock.now
        let result = try VRCBinary.run(["import-iptables", path, "--apply", "--netns", namespace.name])
        let elapsed = ContinuousClock.now - start
        ImportIptablesCommandTests.expectOneLine(result, status: 2, startingWith: "\(path):\(lines):")
        #expect(result.stderr.contains("without COMMIT"))
        #expect(elapsed < .seconds(15), "took \(elapsed)")
        #expect(try namespace.listRuleset().isEmpty)
    }

    @Test("--apply is strict by default: an untranslatable rule applies nothing")
    func strictByDefault() throws {
        let namespace = try TestNamespace()
        defer { namespace.close() }
        let result = try VRCBinary.run(
            ["import-iptables", "-", "--apply", "--netns", namespace.name],
            input: ImportIptablesCommandTests.untranslatableDump)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("vrc: standard input:3:"), "\(result.stderr)")
        #expect(try namespace.listRuleset().isEmpty)
    }

    @Test("--skip-untranslatable applies the rest; --check commits nothing")
    func applyAndCheck() throws {
        let namespace = try TestNamespace()
        defer { namespace.close() }
        let checked = try VRCBinary.run(
            ["import-iptables", "-", "--apply", "--check", "--skip-untranslatable", "--netns", namespace.name],
            input: ImportIptablesCommandTests.untranslatableDump)
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stdout.hasPrefix("check passed, nothing committed"))
        #expect(try namespace.listRuleset().isEmpty)

        let applied = try VRCBinary.run(
            ["import-iptables", "-", "--apply", "--skip-untranslatable", "--netns", namespace.name],
            input: ImportIptablesCommandTests.untranslatableDump)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.hasPrefix("applied 1 table"))
        let report = applied.stderr.split(separator: "\n")
        #expect(report.first?.hasPrefix("vrc: standard input: 2 rules in") == true, "\(applied.stderr)")
        #expect(report.contains { $0.hasPrefix("vrc: standard input:3:") && $0.contains("skipped") })
        let listed = try namespace.listTable(family: "ip", name: "filter")
        #expect(listed.contains("chain INPUT {"))
        #expect(listed.contains("hook input priority filter; policy accept;"))
        #expect(!listed.contains("u32"))
    }

    @Test("--ipset: the sets that rules use are created with their elements")
    func ipsets() throws {
        let namespace = try TestNamespace()
        defer { namespace.close() }
        let sets = try VRCBinary.temporaryFile(
            "sets.txt", contents: "create blocked hash:ip family inet\nadd blocked 192.0.2.1\nadd blocked 192.0.2.9\n")
        defer { try? FileManager.default.removeItem(atPath: sets) }
        let dump = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m set --match-set blocked src -j DROP\nCOMMIT\n"
        let result = try VRCBinary.run(
            ["import-iptables", "-", "--ipset", sets, "--apply", "--skip-untranslatable", "--netns", namespace.name],
            input: dump)
        #expect(result.status == 0, "\(result.stderr)")
        let listed = try namespace.listTable(family: "ip", name: "filter")
        if result.stderr.contains("1 translated") {
            #expect(listed.contains("set blocked {"))
            #expect(listed.contains("192.0.2.1") && listed.contains("192.0.2.9"))
            #expect(listed.contains("@blocked"))
        } else {
            #expect(result.stderr.contains("standard input:3:"), "\(result.stderr)")
            #expect(!listed.contains("@blocked"))
        }
    }

    @Test("a corpus dump applies through the command")
    func corpusDump() throws {
        let url = Fixtures.repositoryRoot.appendingPathComponent(
            "../shared/corpora/iptables-1.8.9/save-dumps/ipt-save-filter.txt")
        try #require(FileManager.default.fileExists(atPath: url.path), "corpus missing at \(url.path)")
        let namespace = try TestNamespace()
        defer { namespace.close() }
        let result = try VRCBinary.run(
            ["import-iptables", url.path, "--apply", "--skip-untranslatable", "--netns", namespace.name])
        #expect(result.status == 0, "\(result.stderr)")
        let listed = try namespace.listTable(family: "ip", name: "filter")
        for chain in ["INPUT", "FORWARD", "OUTPUT", "WLAN", "accept_log", "block", "in_icmp"] {
            #expect(listed.contains("chain \(chain) {"), "chain \(chain)")
        }
        #expect(listed.contains("hook input priority filter; policy drop;"))
    }
}
