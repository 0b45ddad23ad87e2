import Foundation
import NFTables
import Testing

@testable import IptablesImport

/// The corpus dumps through the kernel: each imports (untranslatable rules reported), applies in a fresh
/// namespace with its tables, chains and policies, and a check-only transaction commits nothing.
@Suite("iptables-save dumps against the kernel", .kernel)
internal struct SaveDumpKernelTests {
    static func load(_ url: URL, _ family: IptablesFamily) throws -> (SaveDump, ImportResult, String) {
        let text = try String(contentsOf: url, encoding: .utf8)
        let dump = try SaveDumpParser(file: url.lastPathComponent).parse(text)
        let result = try IptablesImporter(options: .init(family: family, skipUntranslatable: true)).importDump(dump)
        return (dump, result, text)
    }

    @Test("each corpus dump applies with its tables, chains and policies", arguments: ImporterTests.corpusDumps())
    func applies(_ url: URL, _ family: IptablesFamily) throws {
        let (dump, result, text) = try Self.load(url, family)
        ImporterTests.checkAccounting(dump, result, text: text)
        let namespace = try TestNamespace()
        defer { namespace.close() }
        try result.transaction(for: namespace.namespace).commit()
        let listing = try namespace.listRuleset()
        let familyName = family.tableFamily.rawValue
        for saveTable in dump.tables {
            let table = try namespace.listTable(family: familyName, name: saveTable.table.rawValue)
            #expect(listing.contains("table \(familyName) \(saveTable.table.rawValue) {"))
            for chain in saveTable.chains {
                #expect(table.contains("chain \(chain.name) {"), "\(url.lastPathComponent): chain \(chain.name)")
                if let policy = chain.policy {
                    let hook = saveTable.table.baseChain(for: chain.name, policy: nil)!.hook.rawValue
                    let expected = "hook \(hook) priority "
                    let line = table.split(separator: "\n").first {
                        $0.contains(expected) && $0.contains("policy \(policy.rawValue.lowercased());")
                    }
                    #expect(line != nil, "\(url.lastPathComponent): \(chain.name) with policy \(policy.rawValue)")
                }
            }
            let imported = try #require(result.ruleset.tables.first { $0.name == saveTable.table.rawValue })
            let listedRules = table.split(separator: "\n").filter {
                let line = $0.trimmingCharacters(in: .whitespaces)
                return !line.isEmpty && !line.hasPrefix("chain ") && !line.hasPrefix("type ") && line != "}"
                    && !line.hasPrefix("table ") && !line.hasPrefix("set ") && !line.hasPrefix("elements")
                    && !line.hasPrefix("flags") && !line.hasPrefix("typeof") && !line.hasPrefix("comment")
            }
            let importedRules = imported.chains.reduce(0) { $0 + $1.rules.count }
            #expect(listedRules.count >= importedRules, "\(url.lastPathComponent) \(saveTable.table.rawValue)")
        }
    }

    @Test("a check-only transaction of each dump commits nothing", arguments: ImporterTests.corpusDumps())
    func checkCommitsNothing(_ url: URL, _ family: IptablesFamily) throws {
        let (_, result, _) = try Self.load(url, family)
        let namespace = try TestNamespace()
        defer { namespace.close() }
        let before = try namespace.listRuleset()
        try result.ruleset.apply(to: namespace.namespace, checkOnly: true)
        try result.transaction(for: namespace.namespace).check()
        #expect(try namespace.listRuleset() == before)
        #expect(before.isEmpty)
    }
}
