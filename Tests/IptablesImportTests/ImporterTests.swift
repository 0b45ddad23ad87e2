import Foundation
import NFTables
import Testing

@testable import IptablesImport

/// `IptablesImporter`: tables, base chains, policies, order, the report, strict and skip modes, sets.
///
/// The translator is tested on its own; here every assertion holds whichever rules it translates.
@Suite("iptables importer")
internal struct ImporterTests {
    static let allTables = """
        *raw
        :PREROUTING ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        COMMIT
        *mangle
        :PREROUTING ACCEPT [0:0]
        :INPUT ACCEPT [0:0]
        :FORWARD ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        :POSTROUTING ACCEPT [0:0]
        COMMIT
        *nat
        :PREROUTING ACCEPT [0:0]
        :INPUT ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        :POSTROUTING ACCEPT [0:0]
        :SVC - [0:0]
        COMMIT
        *filter
        :INPUT DROP [0:0]
        :FORWARD DROP [0:0]
        :OUTPUT ACCEPT [0:0]
        :acl - [0:0]
        -A INPUT -j acl
        -A INPUT -i lo -j ACCEPT
        -A acl -p tcp -m tcp --dport 22 -j ACCEPT
        -A acl -j RETURN
        -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
        COMMIT
        *security
        :INPUT ACCEPT [0:0]
        :FORWARD ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        COMMIT
        """

    static func importText(
        _ text: String, family: IptablesFamily = .ipv4, prefix: String = "", skip: Bool = true,
        ipsets: String? = nil
    ) throws -> (SaveDump, ImportResult) {
        let dump = try SaveDumpParser(file: "dump.txt").parse(text)
        let sets = try ipsets.map { try IpsetSaveParser(file: "sets.txt").parse($0) }
        let importer = IptablesImporter(options: .init(family: family, tablePrefix: prefix, skipUntranslatable: skip))
        return (dump, try importer.importDump(dump, ipsets: sets))
    }

    /// Checks what must hold for every import: every rule is translated or reported, each report names the
    /// line that holds the rule, and translated rules keep the dump's order in their chains.
    static func checkAccounting(_ dump: SaveDump, _ result: ImportResult, text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        let report = result.report
        #expect(report.rulesIn == dump.ruleCount)
        #expect(report.rulesTranslated + report.untranslatable.count == report.rulesIn, "\(report.summary)")
        let ruleCount = result.ruleset.tables.reduce(0) { $0 + $1.chains.reduce(0) { $0 + $1.rules.count } }
        #expect(ruleCount == report.rulesTranslated)
        for skipped in report.untranslatable {
            #expect(lines.indices.contains(skipped.line - 1), "line \(skipped.line) out of range")
            guard lines.indices.contains(skipped.line - 1) else { continue }
            let line = lines[skipped.line - 1]
            #expect(line == skipped.text, "line \(skipped.line) holds \(line.debugDescription)")
            #expect(skipped.column >= 1 && skipped.column <= line.count, "column \(skipped.column) of \(line)")
            #expect(!skipped.reason.isEmpty)
            #expect(line.contains("-A \(skipped.chain)"))
        }
        let skippedLines = Set(report.untranslatable.map(\.line))
        for (table, saveTable) in zip(result.ruleset.tables, dump.tables) {
            let sources = result.sources[table.name]
            for chain in table.chains {
                let expected = saveTable.rules.filter { $0.chain == chain.name && !skippedLines.contains($0.line) }
                let origins = sources?.rules[chain.name] ?? []
                #expect(origins.count == chain.rules.count, "chain \(chain.name)")
                #expect(origins == expected.map { "\(dump.file):\($0.line)" }, "chain \(chain.name) in dump order")
            }
        }
    }

    @Test("every table, base chain, hook, priority and policy as iptables-nft makes them")
    func skeleton() throws {
        let (dump, result) = try Self.importText(Self.allTables)
        Self.checkAccounting(dump, result, text: Self.allTables)
        let tables = result.ruleset.tables
        #expect(tables.map(\.name) == ["raw", "mangle", "nat", "filter", "security"])
        #expect(tables.allSatisfy { $0.family == .ip })
        func hook(_ table: String, _ chain: String) -> BaseChain? {
            tables.first { $0.name == table }?.chain(named: chain)?.hook
        }
        let expected: [(String, String, ChainType, Hook, Int32, ChainPolicy)] = [
            ("raw", "PREROUTING", .filter, .prerouting, -300, .accept),
            ("raw", "OUTPUT", .filter, .output, -300, .accept),
            ("mangle", "PREROUTING", .filter, .prerouting, -150, .accept),
            ("mangle", "INPUT", .filter, .input, -150, .accept),
            ("mangle", "FORWARD", .filter, .forward, -150, .accept),
            ("mangle", "OUTPUT", .route, .output, -150, .accept),
            ("mangle", "POSTROUTING", .filter, .postrouting, -150, .accept),
            ("nat", "PREROUTING", .nat, .prerouting, -100, .accept),
            ("nat", "INPUT", .nat, .input, 100, .accept),
            ("nat", "OUTPUT", .nat, .output, -100, .accept),
            ("nat", "POSTROUTING", .nat, .postrouting, 100, .accept),
            ("filter", "INPUT", .filter, .input, 0, .drop),
            ("filter", "FORWARD", .filter, .forward, 0, .drop),
            ("filter", "OUTPUT", .filter, .output, 0, .accept),
            ("security", "INPUT", .filter, .input, 50, .accept),
            ("security", "FORWARD", .filter, .forward, 50, .accept),
            ("security", "OUTPUT", .filter, .output, 50, .accept),
        ]
        for (table, chain, type, hookPoint, priority, policy) in expected {
            #expect(
                hook(table, chain) == BaseChain(type: type, hook: hookPoint, priority: priority, policy: policy),
                "\(table) \(chain)")
        }
        let nat = try #require(tables.first { $0.name == "nat" })
        #expect(nat.chain(named: "SVC") != nil)
        #expect(nat.chain(named: "SVC")?.hook == nil)
        #expect(tables.first { $0.name == "filter" }?.chains.map(\.name) == ["INPUT", "FORWARD", "OUTPUT", "acl"])
        #expect(result.sources["filter"]?.chains["acl"] == "dump.txt:23")
        #expect(result.sources["filter"]?.table == "dump.txt:19")
        #expect(result.ruleset.nftText().contains("table ip filter {"))
    }

    @Test("ip6 family and the table prefix")
    func familyAndPrefix() throws {
        let text = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n"
        let (_, result) = try Self.importText(text, family: .ipv6, prefix: "legacy_")
        #expect(result.ruleset.tables.map(\.family) == [.ip6])
        #expect(result.ruleset.tables.map(\.name) == ["legacy_filter"])
        #expect(result.sources.keys.sorted() == ["legacy_filter"])
        #expect(result.ruleset.nftText().contains("table ip6 legacy_filter {"))
        #expect(result.report.summary == "0 rules in, 0 translated, 0 untranslatable")
    }

    /// A dump with two rules no translation can keep: a `u32` match (nftables has none) and a comment with a
    /// double quote (nftables cannot store one).
    static let untranslatable = """
        *filter
        :INPUT ACCEPT [0:0]
        -A INPUT -m u32 --u32 "0x0>>22&0x3C@0>>16=0x50" -j DROP
        -A INPUT -i lo -j ACCEPT
        -A INPUT -m comment --comment "say \\"hi\\"" -j ACCEPT
        COMMIT
        """

    @Test("skip mode leaves out and reports the rules that cannot be kept exactly")
    func skipMode() throws {
        let (dump, result) = try Self.importText(Self.untranslatable)
        Self.checkAccounting(dump, result, text: Self.untranslatable)
        let lines = result.report.untranslatable.map(\.line)
        #expect(lines.contains(3))
        #expect(lines.contains(5))
        #expect(lines == lines.sorted())
    }

    @Test("strict mode refuses the import at the first untranslatable rule")
    func strictMode() throws {
        do {
            _ = try Self.importText(Self.untranslatable, skip: false)
            Issue.record("strict import succeeded")
        } catch let error as IptablesImportError {
            #expect(error.code == .untranslatableRule)
            #expect(error.file == "dump.txt")
            #expect(error.line == 3)
            #expect(error.column >= 10 && error.column <= 54, "\(error)")
            #expect(error.message.contains("more rule"), "\(error)")
        }
    }

    @Test("a rule's comment goes with the rule")
    func comment() throws {
        let text = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -i lo -m comment --comment \"loop back\" -j ACCEPT\nCOMMIT\n"
        let (dump, result) = try Self.importText(text)
        Self.checkAccounting(dump, result, text: text)
        if let rule = result.ruleset.tables.first?.chain(named: "INPUT")?.rules.first {
            #expect(rule.comment == "loop back")
        } else {
            #expect(result.report.untranslatable.map(\.line) == [3])
        }
        #expect(IptablesImporter.commentIndex(["-m", "comment", "--comment", "x", "-j", "ACCEPT"]) == 3)
        #expect(IptablesImporter.commentIndex(["-m", "tcp", "--comment", "x"]) == nil)
    }

    @Test("a set match needs its set: without the ipset file the rule is reported, with it the set is added")
    func sets() throws {
        let text = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m set --match-set blocked src -j DROP\nCOMMIT\n"
        let (dump, without) = try Self.importText(text)
        Self.checkAccounting(dump, without, text: text)
        #expect(without.report.untranslatable.map(\.line) == [3])
        #expect(without.ruleset.tables.first?.sets.isEmpty == true)

        let (_, with) = try Self.importText(text, ipsets: "create blocked hash:ip family inet\nadd blocked 192.0.2.1\n")
        Self.checkAccounting(dump, with, text: text)
        let filter = try #require(with.ruleset.tables.first)
        if with.report.rulesTranslated == 1 {
            #expect(filter.sets.map(\.name) == ["blocked"])
            #expect(filter.sets.first?.elements.count == 1)
            #expect(with.report.sets == ["filter/blocked"])
            #expect(with.sources["filter"]?.sets["blocked"] == "sets.txt:1")
            #expect(throws: Never.self) { try with.ruleset.validate() }
        } else {
            #expect(filter.sets.isEmpty)
        }
    }

    @Test("the named sets of statements and the rule of a validation location")
    func helpers() {
        let statements: [Statement] = [
            .match(Match(.payload(.ipSaddr), operand: .named("a"))),
            .match(Match(.payload(.ipDaddr), operand: .named("a"))),
            .verdictMap(VerdictMap(key: .payload(.tcpDport), map: .named("m"))),
            .verdict(.accept),
        ]
        #expect(IptablesImporter.namedSets(in: statements) == ["a", "m"])
        #expect(IptablesImporter.ruleLocation("table ip filter, chain acl, rule 3, statement 2")! == ("acl", 2))
        #expect(IptablesImporter.ruleLocation("table ip filter, chain acl") == nil)
    }

    /// The dumps of the corpus, with the family each is for.
    static func corpusDumps() -> [(URL, IptablesFamily)] {
        let folder = Fixtures.repositoryRoot.appendingPathComponent("../shared/corpora/iptables-1.8.9/save-dumps")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasSuffix(".xml") }.sorted().map {
            (folder.appendingPathComponent($0), $0.contains("ip6tables") ? .ipv6 : .ipv4)
        }
    }

    @Test("every dump of the corpus imports with its untranslatable rules accounted for")
    func corpus() throws {
        let dumps = Self.corpusDumps()
        try #require(!dumps.isEmpty, "no dumps in ../shared/corpora")
        for (url, family) in dumps {
            let text = try String(contentsOf: url, encoding: .utf8)
            let dump = try SaveDumpParser(file: url.lastPathComponent).parse(text)
            let result = try IptablesImporter(options: .init(family: family, skipUntranslatable: true)).importDump(dump)
            Self.checkAccounting(dump, result, text: text)
            #expect(result.ruleset.tables.count == dump.tables.count)
            #expect(throws: Never.self) { try result.ruleset.validate() }
        }
    }
}
