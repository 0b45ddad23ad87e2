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
/// and the kernel holds something else. A case whose expected text is itself not exact (``inexactExpected``)
/// must be refused, and is counted apart, as are the corpus errata; the 90% requirement is on the rest.
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
        /// Cases in ``inexactExpected`` that vrc refused, as it must.
        var inexact: [String] = []
        /// The keys of ``inexactExpected`` met in the corpus.
        var inexactSeen: Set<String> = []
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

    /// Cases whose expected text is not an exact translation: nft decides some packets differently from the
    /// iptables kernel module, so vrc must refuse the rule (a case here that vrc translates counts as wrong).
    /// Keyed by tool and command line as the corpus writes them; each reason names the kernel behaviour.
    static let inexactExpected: [String: String] = {
        var cases: [String: String] = [:]
        func add(_ reason: String, _ commands: [String]) {
            for command in commands { cases[command] = reason }
        }
        add(
            "ip6t_ah finds the AH header anywhere in the extension header chain (ipv6_find_hdr with NEXTHDR_AUTH); "
                + "nft's ah expression depends on meta l4proto ah, which the IPv6 transport header lookup never "
                + "yields because it skips AH as an extension header",
            [
                "ip6tables -A INPUT -m ah --ahspi 500 -j DROP", "ip6tables -A INPUT -m ah --ahspi 500:550 -j DROP",
                "ip6tables -A INPUT -m ah ! --ahlen 120", "ip6tables -A INPUT -m ah --ahres",
                "ip6tables -A INPUT -m ah --ahspi 500 ! --ahlen 120 -j DROP",
                "ip6tables -A INPUT -m ah --ahspi 500 --ahlen 120 --ahres -j ACCEPT",
            ])
        add(
            "ip6t_mh drops (hotdrop) a mobility header whose payload proto field is not IPPROTO_NONE; nft's "
                + "mh type only compares the type and lets the packet go on",
            ["ip6tables -A INPUT -p mh --mh-type 1 -j ACCEPT", "ip6tables -A INPUT -p mh --mh-type 1:3 -j ACCEPT"])
        add(
            "ip6t_rt compares --rt-len with ipv6_optlen(), the header length in bytes ((hdrlen + 1) * 8); nft's rt "
                + "hdrlength is the raw header field",
            [
                "ip6tables -A INPUT -m rt ! --rt-len 22 -j DROP",
                "ip6tables -A INPUT -m rt --rt-type 0 --rt-len 22 -j DROP",
                "ip6tables -A INPUT -m rt --rt-type 0 --rt-len 22 ! --rt-segsleft 26 -j ACCEPT",
            ])
        add(
            "ip6t_hbh compares --hbh-len with ipv6_optlen(), the header length in bytes ((hdrlen + 1) * 8); nft's "
                + "hbh hdrlength is the raw header field",
            [
                "ip6tables -t filter -A INPUT -m hbh --hbh-len 22",
                "ip6tables -t filter -A INPUT -m hbh ! --hbh-len 22",
            ])
        add(
            "ip6t_frag --fragres requires the reserved byte and the two reserved offset bits to be zero; nft's frag "
                + "reserved 1 requires the reserved byte to be 1",
            ["ip6tables -t filter -A INPUT -m frag --fragid 100 --fragres --fragmore -j ACCEPT"])
        add(
            "xt_connbytes does not match a connection without an accounting extension (made before accounting "
                + "was enabled); nft's ct packets/bytes read 0 for it, so the negated translation (lt / !=) matches",
            [
                "iptables -A OUTPUT -m connbytes ! --connbytes 200 --connbytes-dir reply --connbytes-mode packets",
                "iptables -A OUTPUT -m connbytes ! --connbytes 200:600 --connbytes-dir both --connbytes-mode bytes",
            ])
        add(
            "the TOS target rewrites the whole traffic class under its mask, ECN bits included "
                + "(nv = (orig & ~mask) ^ value); nft's ip6 dscp set writes only the six DSCP bits and keeps ECN",
            [
                "ip6tables -A INPUT -j TOS --set-tos 0x1f", "ip6tables -A INPUT -j TOS --set-tos 0xff",
                "ip6tables -A INPUT -j TOS --set-tos Minimize-Delay",
                "ip6tables -A INPUT -j TOS --set-tos Minimize-Cost",
                "ip6tables -A INPUT -j TOS --set-tos Normal-Service",
            ])
        add(
            "xt_quota matches a packet while the remaining quota is >= its length (a packet that uses up the quota "
                + "exactly matches); nft's quota is over once consumed + length >= quota, so that packet does not",
            ["iptables -A OUTPUT -m quota --quota 111", "iptables -A OUTPUT -m quota ! --quota 111"])
        add(
            "xt_TCPMSS inserts an MSS option into a SYN that has none (tcpmss_mangle_packet); nft's tcp option "
                + "maxseg size set only rewrites an option that is present",
            [
                "iptables -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu",
                "iptables -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 90",
            ])
        add(
            "xt_tcpmss returns the inversion flag for a TCP packet without an MSS option, so a negated --mss matches "
                + "it; nft's tcp option maxseg size fails (no match) when the option is absent",
            ["iptables -A INPUT -m tcpmss ! --mss 42", "iptables -A INPUT -m tcpmss ! --mss 1461:65535"])
        add(
            "xt_owner matches a negated --uid-owner for a packet without a socket (or whose socket has no file); "
                + "nft's meta skuid fails (no match) there",
            ["iptables -t nat -A OUTPUT -p tcp --dport 80 -m owner ! --uid-owner 1000 -j ACCEPT"])
        add(
            "xt_helper tests the helper of the master connection (ct->master: expected, related connections "
                + "only, by name prefix); nft's ct helper reads the connection's own helper",
            ["iptables -A FORWARD -m helper --helper sip", "iptables -A FORWARD -m helper ! --helper ftp"])
        add(
            "xt_conntrack compares --ctexpire with the remaining lifetime in whole seconds (nf_ct_expires / HZ); "
                + "nft's ct expiration is in milliseconds, so the translation equals one millisecond value",
            [
                "iptables -t filter -A INPUT -m conntrack --ctexpire 3 -j ACCEPT",
                "iptables -t filter -A INPUT -m conntrack --ctstate NEW --ctproto tcp --ctorigsrc 192.168.0.1 "
                    + "--ctorigdst 192.168.0.1 --ctreplsrc 192.168.0.1 --ctrepldst 192.168.0.1 --ctorigsrcport 12 "
                    + "--ctorigdstport 14 --ctreplsrcport 16 --ctrepldstport 18 --ctexpire 10 --ctstatus SEEN_REPLY "
                    + "--ctdir ORIGINAL -j ACCEPT",
            ])
        add(
            "xt_time without --kerneltz takes weekdays in UTC; nft's meta day shifts the clock by the kernel's "
                + "timezone (sys_tz.tz_minuteswest)",
            [
                "iptables -A INPUT -p icmp --icmp-type echo-request -m time --weekdays Sa,Su -j REJECT",
                "iptables -A INPUT -p icmp --icmp-type echo-request -m time --datestart 2020-01-29T00:00:00 "
                    + "--timestart 12:00 --timestop 19:00 --weekdays Mon,Tue,Wed,Thu,Fri -j REJECT",
                "iptables -A INPUT -p icmp --icmp-type echo-request -m time --datestart 2020-01-29T00:00:00 "
                    + "--timestart 12:00 --timestop 19:00 ! --weekdays Mon,Tue,Wed,Thu,Fri -j REJECT",
            ])
        add(
            "xt_time compares dates in whole seconds (ktime_get_real_seconds, so a packet during the stop second, "
                + "or during the default stop 2038-01-19 03:14:07, matches); nft's meta time compares nanoseconds "
                + "with the range's bounds",
            [
                "iptables -A INPUT -p icmp --icmp-type echo-request -m time --datestart 2021 -j REJECT",
                "iptables -A INPUT -p icmp --icmp-type echo-request -m time --datestop 2021 -j REJECT",
                "iptables -A INPUT -p icmp --icmp-type echo-request -m time --datestop 2021-01-29T00:00:00 -j REJECT",
                "iptables -A INPUT -p icmp --icmp-type echo-request -m time --datestart 2020-01-29T00:00:00 "
                    + "--timestart 12:00 -j REJECT",
            ])
        add(
            "xt_rpfilter fails a source whose reverse route is not unicast (a subnet's broadcast address, "
                + "multicast, anycast: rpfilter_lookup_reverse); nft_fib4 yields the device of such a route, so "
                + "fib saddr ... oif != 0 passes it",
            [
                "iptables -t mangle -A PREROUTING -m rpfilter",
                "iptables -t mangle -A PREROUTING -m rpfilter --validmark --loose",
            ])
        add(
            "xt_tcp's --tcp-option finds the option kind even as the last option byte or with a length running past "
                + "the header (tcp_find_option); nft's tcp option ... exists stops before the last byte and fails on "
                + "an option that overruns the header",
            ["iptables -A INPUT -p tcp --tcp-option 23", "iptables -A INPUT -p tcp ! --tcp-option 23"])
        return cases
    }()

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
        for report in tally.inexact {
            print("inexact expected text (refused): \(report)")
        }
        for report in tally.wrong {
            print("WRONG: \(report)")
        }
        let counted = tally.inScope
        print(
            "txlate conformance: \(tally.passed) passed, \(tally.failed.count) refused, \(tally.inexact.count) "
                + "inexact-expected (refused), \(tally.errata.count) corpus errata, \(tally.wrong.count) wrong, "
                + "\(tally.outOfScope) out of scope (nft refuses the expected text or not a rule), "
                + "\(corpus.otherTools) of other tools; \(tally.passed) of \(counted) counted cases pass ("
                + String(format: "%.1f", 100 * Double(tally.passed) / Double(max(counted, 1))) + "%)")
        let unused = Set(Self.inexactExpected.keys).subtracting(tally.inexactSeen)
        #expect(unused.isEmpty, "inexact-expected entries that name no corpus case: \(unused.sorted())")
        #expect(tally.wrong.isEmpty, "\(tally.wrong.count) wrong translations")
        #expect(Double(tally.passed) >= 0.9 * Double(counted), "\(tally.passed) of \(counted) passed")
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
        let commandLine = testCase.commandLine
        if let reason = Self.inexactExpected[commandLine] {
            tally.inexactSeen.insert(commandLine)
            do {
                let translated = try translator.translateRule(rule.arguments)
                tally.wrong.append(
                    "\(testCase)\n  the expected text is inexact (\(reason)), yet vrc translated it: "
                        + "\(translated.statements)")
            } catch {
                tally.inexact.append("\(testCase)\n    \(reason)\n    vrc: \(error.reason)")
            }
            return
        }
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
