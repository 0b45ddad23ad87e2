import Foundation
import NFTables
import Testing

@testable import IptablesImport

/// vrc's translation of every iptables rule in iptables 1.8.9's own `*.txlate` corpus, applied to the kernel
/// through netlink, against the `nft` text `iptables-translate` printed for it, applied with `nft -f`: both
/// namespaces must list the same ruleset.
///
/// A case whose expected text nft 1.0.6 refuses is out of scope. Of the rest, a case passes when the listings
/// are equal, fails when vrc refuses the rule (`UntranslatableRule`), and is wrong when vrc translates it
/// and the kernel holds something else.
@Suite("iptables-translate conformance")
struct TxlateConformanceTests {
    /// The outcome of the whole corpus.
    struct Tally {
        var passed = 0
        var failed: [(String, String)] = []
        var wrong: [String] = []
        var outOfScope = 0
        /// Cases in ``errata`` whose listings differ, with both listings.
        var errata: [String] = []
        var inScope: Int { passed + failed.count + wrong.count }
    }

    /// Cases whose expected text does not do what the iptables rule does, so that a correct translation must
    /// list differently. Each is checked by hand against the kernel module's code; they are reported, not
    /// counted in scope.
    static let errata: [String: String] = [
        "libxt_conntrack.txlate:19":
            "nft 1.0.6 loads `ct original saddr 10.100.0.0/16` as a comparison of the whole address with "
            + "10.100.0.0 (no mask); iptables matches the /16",
        "libxt_devgroup.txlate:16":
            "iptables-translate 1.8.9 carries the negation of --src-group over to --dst-group (devgroup_show_xlate "
            + "does not reset its operator); the kernel negates only the source group",
        "libxt_ecn.txlate:25":
            "nft 1.0.6 reads `tcp flags != ecn` as the whole flags byte differing from 0x40; iptables' "
            + "`! --ecn-tcp-ece` is the ECE bit being clear",
        "libxt_CONNMARK.txlate:7":
            "iptables-translate 1.8.9 writes `ct mark xor V and ~M`, which clears the bits of V under M; the kernel "
            + "computes (ctmark & ~M) ^ V",
    ]

    @Test("translations list as iptables-translate's do", .kernel)
    func corpus() throws {
        try KernelTestGate.check()
        guard let corpus = try TxlateCorpus.load() else {
            print("txlate conformance: corpus not found at \(TxlateCorpus.directory.path); 0 cases run")
            return
        }
        let expectedSide = try TestNamespace()
        defer { expectedSide.close() }
        let vrcSide = try TestNamespace()
        defer { vrcSide.close() }

        var tally = Tally()
        for testCase in corpus.cases {
            try run(testCase, corpus: corpus, expectedSide: expectedSide, vrcSide: vrcSide, tally: &tally)
        }

        for (name, reason) in tally.failed {
            print("untranslatable: \(name)\n    \(reason)")
        }
        for report in tally.errata {
            print("erratum: \(report)")
        }
        for report in tally.wrong {
            print("WRONG: \(report)")
        }
        print(
            "txlate conformance: \(tally.passed) passed, \(tally.failed.count) untranslatable, "
                + "\(tally.wrong.count) wrong, \(tally.outOfScope) out of scope (nft refuses the expected text or "
                + "not a rule), \(tally.errata.count) corpus errata, \(corpus.otherTools) of other tools; in scope "
                + "\(tally.inScope)")
        #expect(tally.wrong.isEmpty, "\(tally.wrong.count) wrong translations")
        #expect(Double(tally.passed) >= 0.9 * Double(tally.inScope), "\(tally.passed) of \(tally.inScope) passed")
    }

    private func run(
        _ testCase: TxlateCorpus.Case, corpus: TxlateCorpus, expectedSide: TestNamespace, vrcSide: TestNamespace,
        tally: inout Tally
    ) throws {
        guard let rule = TxlateCorpus.ruleCase(testCase.command), !testCase.nft.isEmpty else {
            tally.outOfScope += 1
            return
        }
        let family = testCase.family.tableFamily
        let userChains = corpus.userChains(in: rule.arguments)
        try expectedSide.checkedRun(["nft", "flush", "ruleset"])
        try vrcSide.checkedRun(["nft", "flush", "ruleset"])

        let text =
            TxlateCorpus.skeleton(family: family, table: rule.table, chain: rule.chain, userChains: userChains)
            + testCase.nft.joined(separator: "\n") + "\n"
        guard (try expectedSide.run(["nft", "-f", "-"], input: text)).status == 0 else {
            tally.outOfScope += 1
            return
        }
        let expectedListing = try expectedSide.run(["nft", "list", "ruleset"])
        guard expectedListing.status == 0 else {
            // nft cannot even list what it made (nft 1.0.6 asserts on some concatenations).
            tally.outOfScope += 1
            return
        }
        let expected = expectedListing.stdout

        let translator = RuleTranslator(family: testCase.family, table: rule.table, userChains: Set(userChains))
        let translated: Rule
        do {
            translated = try translator.translateRule(rule.arguments)
        } catch {
            let at = error.argumentIndex < rule.arguments.count ? rule.arguments[error.argumentIndex] : "end"
            tally.failed.append((testCase.description, "at \(error.argumentIndex) '\(at)': \(error.reason)"))
            return
        }
        var chains = [
            Chain(
                name: rule.chain, hook: TxlateCorpus.baseChain(table: rule.table, chain: rule.chain),
                rules: [translated])
        ]
        for user in userChains where user != rule.chain {
            chains.append(Chain(name: user))
        }
        let ruleset = Ruleset(tables: [Table(family: family, name: rule.table, chains: chains)])
        let listed: String
        do {
            try ruleset.apply(to: vrcSide.namespace)
            let listing = try vrcSide.run(["nft", "list", "ruleset"])
            guard listing.status == 0 else {
                tally.wrong.append("\(testCase)\n  nft cannot list vrc's rule: \(listing.stderr)\n\(ruleset.nftText())")
                return
            }
            listed = listing.stdout
        } catch {
            tally.wrong.append("\(testCase)\n  vrc's translation was refused: \(error)\n  \(ruleset.nftText())")
            return
        }
        if listed == expected {
            tally.passed += 1
        } else if let reason = Self.errata["\(testCase.file):\(testCase.line)"] {
            tally.errata.append("\(testCase)\n  \(reason)\n--- expected\n\(expected)--- vrc\n\(listed)")
        } else {
            tally.wrong.append("\(testCase)\n--- expected\n\(expected)--- vrc\n\(listed)")
        }
    }
}
