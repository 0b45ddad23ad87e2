import NFTables
import Testing

@testable import IptablesImport

/// `RuleTranslator` without a kernel: statement order, both negation positions, and the argument each refusal
/// names.
@Suite("RuleTranslator")
struct RuleTranslatorTests {
    let ipv4 = RuleTranslator(family: .ipv4, table: "filter", userChains: ["services"])
    let ipv6 = RuleTranslator(family: .ipv6, table: "filter", userChains: [])

    static let address = IPAddress("192.0.2.1")!

    static func match(_ left: Expression, _ op: MatchOperator = .eq, _ value: Value, mask: UInt64? = nil)
        -> Statement
    {
        .match(Match(left, op, value, mask: mask))
    }

    @Test(
        "'!' before an option and, in the old style, before its value negate the same way",
        arguments: [
            (["!", "-s", "192.0.2.1"], ["-s", "!", "192.0.2.1"]),
            (["-p", "tcp", "!", "--dport", "22"], ["-p", "tcp", "--dport", "!", "22"]),
            (["-m", "mark", "!", "--mark", "0x1"], ["-m", "mark", "--mark", "!", "0x1"]),
            (["!", "-i", "eth0"], ["-i", "!", "eth0"]),
        ])
    func negationPositions(before: [String], after: [String]) throws {
        let leading = try ipv4.translate(before)
        let trailing = try ipv4.translate(after)
        #expect(leading == trailing)
        guard case .match(let match)? = leading.first else {
            Issue.record("no match in \(leading)")
            return
        }
        #expect(match.op == .neq)
    }

    @Test("negated source address")
    func negatedSource() throws {
        #expect(
            try ipv4.translate(["!", "-s", "192.0.2.1", "-j", "DROP"]) == [
                Self.match(.payload(.ipSaddr), .neq, .address(Self.address)), .counter(), .verdict(.drop),
            ])
    }

    @Test("statements come in iptables-translate's order, the counter before the verdict")
    func order() throws {
        let statements = try ipv4.translate([
            "-s", "192.0.2.0/24", "-p", "udp", "-i", "eth+", "-m", "udp", "--dport", "53", "-j", "ACCEPT",
        ])
        #expect(
            statements == [
                Self.match(.meta(.iifname), .eq, .string("eth*")),
                Self.match(.payload(.ipSaddr), .eq, .prefix(IPAddress("192.0.2.0")!, 24)),
                Self.match(.payload(.udpDport), .eq, .integer(53)),
                .counter(),
                .verdict(.accept),
            ])
    }

    @Test("a protocol whose own match adds nothing is still matched")
    func emptyProtocolMatch() throws {
        #expect(
            try ipv4.translate(["-p", "tcp", "-m", "tcp"]) == [
                Self.match(.payload(.ipProtocol), .eq, .integer(6)), .counter(),
            ])
        #expect(try ipv6.translate(["-p", "tcp"]) == [Self.match(.meta(.l4proto), .eq, .integer(6)), .counter()])
    }

    @Test("a mask with holes is a masked comparison; /0 matches everything")
    func masks() throws {
        #expect(
            try ipv4.translate(["-s", "10.11.12.13/255.0.255.0"]) == [
                Self.match(.payload(.ipSaddr), .eq, .address(IPAddress("10.0.12.0")!), mask: 0xFF00_FF00), .counter(),
            ])
        #expect(try ipv4.translate(["-s", "0.0.0.0/0"]) == [.counter()])
    }

    @Test("multiport lists become anonymous sets, MARK xmark a bitwise, comments the rule's comment")
    func extensions() throws {
        #expect(
            try ipv4.translate(["-p", "tcp", "-m", "multiport", "--dports", "80,443:444"]) == [
                Self.match(.payload(.ipProtocol), .eq, .integer(6)),
                .match(
                    Match(
                        .payload(.tcpDport), .eq, operand: .set([.integer(80), .range(.integer(443), .integer(444))]))),
                .counter(),
            ])
        #expect(
            try ipv4.translate(["-j", "MARK", "--set-xmark", "0x40/0x32"]) == [
                .counter(),
                .metaSet(MetaSet(.mark, from: .meta(.mark), bitwise: Bitwise(mask: 0xFFFF_FFCD, xor: 0x40))),
            ])
        let rule = try ipv4.translateRule(["-m", "comment", "--comment", "ssh", "-j", "services"])
        #expect(rule == Rule([.counter(), .verdict(.jump("services"))], comment: "ssh"))
    }

    /// Rules vrc refuses, and the index of the argument each refusal names.
    static let refusals: [([String], Int)] = [
        (["--bogus", "1"], 0),
        (["-p", "tcp", "--bogus"], 2),
        (["-m", "u32", "--u32", "0>>22&0x3C@0>>16=80"], 1),
        (["-s"], 0),
        (["-p", "tcp", "--dport"], 2),
        (["-s", "300.1.1.1"], 1),
        (["-s", "2001:db8::1"], 1),
        (["-s", "192.0.2.1,192.0.2.2"], 1),
        (["-p", "tcp", "--dport", "99999"], 3),
        (["!", "!", "-s", "192.0.2.1"], 1),
        (["-s", "192.0.2.1", "!"], 2),
        (["-j", "nowhere"], 1),
        (["-j", "LOG", "--log-uid"], 2),
        (["-m", "owner", "!", "--uid-owner", "0"], 4),
        (["-m", "conntrack", "--ctstate", "NEW,SNAT"], 3),
        (["-m", "mark"], 1),
        (["stray"], 0),
        (["-m", "conntrack", "--ctstate", "INVALID", "--ctstatus", "ASSURED"], 3),
        (["-m", "conntrack", "!", "--ctstate", "SNAT"], 4),
        (["-p", "icmp", "-m", "icmp", "!", "--icmp-type", "any"], 6),
        (["-p", "tcp", "-m", "tcpmss", "!", "--mss", "1400"], 6),
        (["-p", "tcp", "-j", "TCPMSS", "--clamp-mss-to-pmtu"], 3),
        (["-m", "helper", "--helper", "ftp"], 1),
    ]

    @Test("refusals name the argument", arguments: refusals)
    func refusal(arguments: [String], index: Int) {
        do {
            let statements = try ipv4.translate(arguments)
            Issue.record("translated \(arguments) to \(statements)")
        } catch {
            #expect(error.argumentIndex == index, "\(arguments): \(error)")
            #expect(!error.reason.isEmpty)
        }
    }

    @Test("IPv6 addresses and reject types follow the family")
    func ipv6Family() throws {
        #expect(
            try ipv6.translate(["-d", "2001:db8::/32", "-p", "tcp", "-j", "REJECT", "--reject-with", "tcp-reset"]) == [
                Self.match(.meta(.l4proto), .eq, .integer(6)),
                Self.match(.payload(.ip6Daddr), .eq, .prefix(IPAddress("2001:db8::")!, 32)),
                .counter(),
                .reject(Reject(type: .tcpReset)),
            ])
        #expect(throws: UntranslatableRule.self) { try ipv6.translate(["-m", "icmp", "--icmp-type", "8"]) }
    }

    @Test("targets and matches that need the model's extensions")
    func extendedModel() throws {
        #expect(
            try ipv4.translate(["-m", "addrtype", "!", "--dst-type", "LOCAL,ANYCAST"]) == [
                .match(
                    Match(.fib(FibLookup(.daddr, result: .type)), .neq, operand: .set([.integer(2), .integer(4)]))),
                .counter(),
            ])
        #expect(
            try ipv4.translate(["-j", "DSCP", "--set-dscp-class", "EF"]) == [
                .counter(), .payloadSet(PayloadSet(.ipDscp, value: .integer(46))),
            ])
        #expect(
            try ipv4.translate(["-j", "CLASSIFY", "--set-class", "1:234"]) == [
                .counter(), .metaSet(MetaSet(.priority, value: .integer(0x1_0234))),
            ])
        #expect(
            try ipv4.translate(["-m", "statistic", "--mode", "random", "--probability", "0.5"]) == [
                Self.match(.meta(.random), .lt, .integer(0x4000_0000), mask: 0x7FFF_FFFF), .counter(),
            ])
        #expect(
            try ipv4.translate(["-m", "conntrack", "--ctstate", "NEW", "--ctproto", "udp", "--ctorigdstport", "53"])
                == [
                    Self.match(.ct(.originalProtocol), .eq, .integer(17)),
                    Self.match(.ct(.state), .eq, .integer(8)),
                    Self.match(.ct(.originalProtoDst), .eq, .integer(53)),
                    .counter(),
                ])
        #expect(
            try ipv4.translate(["-m", "set", "--match-set", "blocked", "src", "-j", "DROP"]) == [
                .match(Match(.payload(.ipSaddr), .eq, operand: .named("blocked"))), .counter(), .verdict(.drop),
            ])
    }
}
