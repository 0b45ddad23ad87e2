import Foundation
import IptablesImport
import NFTables
import Testing

/// The inputs fuzzing found `--optimize` getting wrong (Fuzz/regressions/FuzzIptablesSave/): each now imports to
/// a table that validates and that the kernel accepts, deciding as the rules one by one do.
@Suite("--optimize regressions found by fuzzing")
struct OptimizeRegressionTests {
    static let folder = Fixtures.repositoryRoot.appendingPathComponent("Fuzz/regressions/FuzzIptablesSave")

    static let inputs: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".rules") }.sorted()
    }()

    static func imported(_ text: String, file: String) throws -> ImportResult {
        let dump = try SaveDumpParser(file: file).parse(Array(text.utf8))
        let options = IptablesImporter.Options(family: .ipv4, skipUntranslatable: true, optimize: true)
        return try IptablesImporter(options: options).importDump(dump)
    }

    @Test("the regression inputs are there") func present() {
        #expect(Self.inputs.count >= 3, "\(Self.inputs)")
    }

    @Test("each input imports with --optimize to a table that validates", arguments: inputs)
    func validates(_ name: String) throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        let result = try Self.imported(text, file: name)
        #expect(throws: Never.self) { try result.ruleset.validate() }
        #expect(result.report.untranslatable.isEmpty, "\(result.report.untranslatable)")
    }

    @Test("touching prefixes of one field are not merged into one set; apart they still are")
    func touchingPrefixes() throws {
        let touching = try Self.imported(
            """
            *filter
            :INPUT ACCEPT [0:0]
            -A INPUT -s 192.0.2.0/25 -p tcp -m tcp --dport 22 -j ACCEPT
            -A INPUT -s 192.0.2.128/25 -p tcp -m tcp --dport 22 -j ACCEPT
            COMMIT
            """, file: "touching")
        let apart = try Self.imported(
            """
            *filter
            :INPUT ACCEPT [0:0]
            -A INPUT -s 192.0.2.0/26 -p tcp -m tcp --dport 22 -j ACCEPT
            -A INPUT -s 192.0.2.128/26 -p tcp -m tcp --dport 22 -j ACCEPT
            COMMIT
            """, file: "apart")
        let rules = { (result: ImportResult) in
            result.ruleset.tables[0].chains.first { $0.name == "INPUT" }?.rules.count
        }
        #expect(rules(touching) == 2)
        #expect(rules(apart) == 1)
    }

    @Test("a merge nftables would refuse leaves its chain as it was, with a note")
    func refusedMergeReverts() throws {
        let text = try String(
            contentsOf: Self.folder.appendingPathComponent("optimize-masquerade-ports-protocols.rules"), encoding: .utf8
        )
        let result = try Self.imported(text, file: "masquerade")
        #expect(result.report.notes.contains { $0.hasPrefix("--optimize left chain") }, "\(result.report.notes)")
    }

    @Test("the cloud router fixture with --optimize validates and loses no chain to a revert")
    func cloudRouter() throws {
        let text = try String(contentsOf: Fixtures.url("iptables/cloud-vr.rules"), encoding: .utf8)
        let result = try Self.imported(text, file: "cloud-vr.rules")
        #expect(throws: Never.self) { try result.ruleset.validate() }
        #expect(!result.report.notes.contains { $0.hasPrefix("--optimize left chain") }, "\(result.report.notes)")
    }

    @Test("each input's optimized table is accepted by the kernel", .kernel, arguments: inputs)
    func kernelAccepts(_ name: String) throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        let result = try Self.imported(text, file: name)
        let namespace = try TestNamespace()
        defer { namespace.close() }
        try result.transaction(for: namespace.namespace).check()
    }
}
