import Foundation
import Testing

@testable import NFTables

/// Each rule is encoded and compared with what nft 1.0.6 makes of the same rule text: the expressions as
/// `nft --debug=netlink` prints them, the anonymous sets printed before the rule, and for whole tables every
/// attribute of every message (`nft --debug=mnl`), userdata included.
@Suite("Rule encoding matches nft 1.0.6")
struct EncoderTests {
    /// nft's output for the fixture table of each family, computed once.
    static let printed: [TableFamily: Result<(rules: [NftOracle.PrintedRule], errors: String), OracleFailure>] = {
        guard NftOracle.isAvailable else { return [:] }
        var results: [TableFamily: Result<(rules: [NftOracle.PrintedRule], errors: String), OracleFailure>] = [:]
        for family in [TableFamily.inet, .ip, .ip6] {
            let (_, text) = EncoderFixtures.table(family, cases: EncoderFixtures.all)
            do {
                let run = try NftOracle.run(text, debug: "netlink")
                results[family] = .success((NftOracle.printedRules(run.stdout), run.stderr))
            } catch {
                results[family] = .failure(OracleFailure(description: "\(error)"))
            }
        }
        return results
    }()

    struct OracleFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// The position of a case among the rules nft prints for its family's table.
    static func position(of target: EncoderCase) -> Int? {
        var position = 0
        for kind in EncoderCase.ChainKind.allCases {
            for candidate in EncoderFixtures.all where candidate.family == target.family && candidate.chain == kind {
                if candidate.nft == target.nft && candidate.chain == target.chain { return position }
                position += 1
            }
        }
        return nil
    }

    @Test(
        "expressions and anonymous sets equal nft's", .enabled(if: NftOracle.isAvailable, NftOracle.skipReason),
        arguments: EncoderFixtures.all)
    func ruleMatchesNft(_ testCase: EncoderCase) throws {
        let oracle = try #require(EncoderTests.printed[testCase.family]).get()
        let position = try #require(EncoderTests.position(of: testCase))
        try #require(
            position < oracle.rules.count,
            "nft printed \(oracle.rules.count) rules for the \(testCase.family) table: \(oracle.errors)")
        let expected = oracle.rules[position]

        let (table, _) = EncoderFixtures.table(testCase.family, cases: [])
        var ids = SetIDAllocator()
        let encoded = try RuleEncoder(table: table).encode(testCase.rule, chain: testCase.chain.rawValue, ids: &ids)
        let expressions = EncoderMessages.expressionLines(encoded.rule)
        #expect(expressions == expected.expressions, "\(testCase.nft)")
        #expect(encoded.anonymousSets.map(EncoderMessages.setText) == expected.anonymousSets, "\(testCase.nft)")
    }

    @Test(
        "every message of a table equals nft's, attribute by attribute",
        .enabled(if: NftOracle.isAvailable, NftOracle.skipReason), arguments: [TableFamily.inet, .ip, .ip6])
    func tableMessagesMatchNft(_ family: TableFamily) throws {
        let (table, text) = EncoderFixtures.table(family, cases: EncoderFixtures.all)
        try EncoderTests.compareMessages(of: table, withNftOf: text, describe: { EncoderTests.describe($0, family) })
    }

    @Test(
        "netdev, bridge and arp tables equal nft's, attribute by attribute",
        .enabled(if: NftOracle.isAvailable, NftOracle.skipReason), arguments: ["netdev", "bridge", "arp"])
    func otherFamiliesMatchNft(_ family: String) throws {
        let (table, text) = try #require(EncoderFixtures.otherFamilies[family])
        try EncoderTests.compareMessages(of: table, withNftOf: text)
    }

    @Test(
        "an inet ingress chain equals nft's, attribute by attribute (hook NF_INET_INGRESS, its device)",
        .enabled(if: NftOracle.isAvailable, NftOracle.skipReason))
    func inetIngressMatchesNft() throws {
        let hook = BaseChain(type: .filter, hook: .ingress, priority: -450, policy: .accept, device: "lo")
        let table = Table(
            family: .inet, name: "t", chains: [Chain(name: "c", hook: hook, rules: [Rule([.counter()])])])
        try EncoderTests.compareMessages(of: table, withNftOf: table.nftText())
        try EncoderTests.compareMessages(
            of: table,
            withNftOf: "table inet t {\n  chain c {\n    type filter hook ingress device \"lo\" priority -450; "
                + "policy accept;\n    counter\n  }\n}\n")
    }

    @Test(
        "the messages equal nft's for vrc's own rendering of the table",
        .enabled(if: NftOracle.isAvailable, NftOracle.skipReason), arguments: [TableFamily.inet, .ip, .ip6])
    func tableMessagesMatchRenderedText(_ family: TableFamily) throws {
        let (table, _) = EncoderFixtures.table(family, cases: EncoderFixtures.all)
        try EncoderTests.compareMessages(
            of: table, withNftOf: table.nftText(), describe: { EncoderTests.describe($0, family) })
    }

    /// A message label with the nft text of the rule it is about (`rule 3 of chain filter: tcp dport 22 accept`).
    static func describe(_ label: String, _ family: TableFamily) -> String {
        let words = label.split(separator: " ")
        guard let ruleWord = words.firstIndex(of: "rule"), ruleWord + 4 < words.count + 1,
            let index = Int(words[ruleWord + 1]), let kind = EncoderCase.ChainKind(rawValue: String(words.last!))
        else { return label }
        let cases = EncoderFixtures.all.filter { $0.family == family && $0.chain == kind }
        return index <= cases.count ? "\(label): \(cases[index - 1].nft)" : label
    }

    /// Compares vrc's messages for `table` with nft's for `text`, message by message, and records each
    /// difference with both attribute trees.
    static func compareMessages(
        of table: Table, withNftOf text: String, describe: (String) -> String = { $0 },
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let run = try NftOracle.run(text, debug: "mnl")
        let expected = NftOracle.batchMessages(run.stdout + run.stderr)
        let actual = try EncoderMessages.build(table)
        let actualTypes = actual.map { NftOracle.messageName($0.type) }
        let expectedTypes = expected.map { NftOracle.messageName($0.type) }
        if actualTypes != expectedTypes {
            let first = zip(actualTypes, expectedTypes).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            let summary =
                "vrc sends \(actualTypes.count) messages, nft \(expectedTypes.count); first difference at message "
                + "\(first ?? min(actualTypes.count, expectedTypes.count)); nft said: \(run.stderr)\n"
                + "vrc: \(actualTypes.joined(separator: " "))\nnft: \(expectedTypes.joined(separator: " "))"
            Issue.record(Comment(rawValue: summary), sourceLocation: sourceLocation)
            return
        }
        var differences = 0
        for (index, (mine, theirs)) in zip(actual, expected).enumerated() {
            let mineTree = NftOracle.render(NftOracle.attributes(mine.attributes))
            let theirTree = NftOracle.render(NftOracle.attributes(theirs.attributes))
            if mineTree != theirTree {
                differences += 1
                if differences <= 10 {
                    let text =
                        "message \(index) (\(NftOracle.messageName(theirs.type))) differs, \(describe(mine.label))\n"
                        + "--- nft:\n\(theirTree)--- vrc:\n\(mineTree)"
                    Issue.record(Comment(rawValue: text), sourceLocation: sourceLocation)
                }
            }
        }
        #expect(differences == 0, "\(differences) of \(expected.count) messages differ", sourceLocation: sourceLocation)
    }
}
