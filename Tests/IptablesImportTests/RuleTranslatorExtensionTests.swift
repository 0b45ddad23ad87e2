import NFTables
import Testing

@testable import IptablesImport

/// The translations of `-m time`, `-m connbytes`, `-m policy` and `-j TEE`, and the forms of them that must be
/// refused because nft would decide some packets differently.
@Suite("RuleTranslator: time, connbytes, policy, TEE")
struct RuleTranslatorExtensionTests {
    let ipv4 = RuleTranslator(family: .ipv4, table: "filter", userChains: [])
    let ipv6 = RuleTranslator(family: .ipv6, table: "mangle", userChains: [])

    /// The first statement of a translation.
    func first(_ arguments: [String], _ translator: RuleTranslator? = nil) throws -> Statement? {
        try (translator ?? ipv4).translate(arguments).first
    }

    @Test(
        "a time of day becomes meta hour: a range, or across midnight every time outside the gap",
        arguments: [
            (["--timestart", "12:00"], MatchOperator.eq, Value.range(.integer(43200), .integer(86399))),
            (["--timestop", "12:00:30"], .eq, .range(.integer(0), .integer(43230))),
            (["--timestart", "22:00", "--timestop", "06:00"], .neq, .range(.integer(21601), .integer(79199))),
            (["--timestart", "06:00:02", "--timestop", "06:00"], .neq, .integer(21601)),
        ])
    func timeOfDay(options: [String], op: MatchOperator, value: Value) throws {
        let statement = try first(["-m", "time"] + options)
        #expect(statement == .match(Match(.meta(.hour), op, value)))
    }

    @Test(
        "a day-long window, or a start one second after the stop, matches every packet",
        arguments: [
            ["--timestart", "00:00", "--timestop", "23:59:59"], ["--timestart", "06:00:01", "--timestop", "06:00"],
        ])
    func wholeDay(options: [String]) throws {
        #expect(try ipv4.translate(["-m", "time"] + options) == [.counter()])
    }

    @Test(
        "dates, weekdays, month days, the kernel's time zone and bad times are refused",
        arguments: [
            (["--datestart", "2021"], 3), (["--datestop", "2021-01-29T00:00:00"], 3), (["--weekdays", "Sa,Su"], 3),
            (["--monthdays", "1"], 3), (["--timestart", "12:00", "--kerneltz"], 4), (["--timestart", "24:00"], 3),
        ])
    func timeRefusals(options: [String], index: Int) {
        #expect(throws: UntranslatableRule.self) { try ipv4.translate(["-m", "time"] + options) }
        do {
            _ = try ipv4.translate(["-m", "time"] + options)
        } catch {
            #expect(error.argumentIndex == index, "\(error)")
        }
    }

    @Test(
        "connbytes becomes a ct counter match",
        arguments: [
            (["200", "original", "packets"], Statement.match(Match(.ct(.originalPackets), .ge, .integer(200)))),
            (["200:600", "both", "bytes"], .match(Match(.ct(.bytes), .eq, .range(.integer(200), .integer(600))))),
            (["200:200", "reply", "avgpkt"], .match(Match(.ct(.replyAvgpkt), .eq, .integer(200)))),
        ])
    func connbytes(values: [String], expected: Statement) throws {
        let statement = try first([
            "-m", "connbytes", "--connbytes", values[0], "--connbytes-dir", values[1], "--connbytes-mode", values[2],
        ])
        #expect(statement == expected)
    }

    @Test(
        "connbytes that would match a connection without accounting, or a reversed range, is refused",
        arguments: [["!", "--connbytes", "200"], ["--connbytes", "0:600"], ["--connbytes", "600:200"]])
    func connbytesRefusals(count: [String]) {
        #expect(throws: UntranslatableRule.self) {
            try ipv4.translate(["-m", "connbytes"] + count + ["--connbytes-dir", "both", "--connbytes-mode", "bytes"])
        }
    }

    @Test("TEE becomes dup to the gateway; --oif, another family and a zero gateway are refused")
    func tee() throws {
        #expect(
            try ipv6.translate(["-j", "TEE", "--gateway", "ab12:00a1:1112:acba::"])
                == [.counter(), .dup(IPAddress("ab12:a1:1112:acba::")!)])
        #expect(throws: UntranslatableRule.self) {
            try ipv6.translate(["-j", "TEE", "--gateway", "fd00::1", "--oif", "eth0"])
        }
        #expect(throws: UntranslatableRule.self) { try ipv6.translate(["-j", "TEE", "--gateway", "192.0.2.1"]) }
        #expect(throws: UntranslatableRule.self) { try ipv4.translate(["-j", "TEE", "--gateway", "0.0.0.0"]) }
    }

    @Test("an incoming policy of none is a missing secpath; IPsec policies and outgoing ones are refused")
    func policy() throws {
        #expect(
            try first(["-m", "policy", "--dir", "in", "--pol", "none"])
                == .match(Match(.meta(.secpath), .eq, .integer(0))))
        for arguments in [
            ["--dir", "in", "--pol", "ipsec"], ["--dir", "out", "--pol", "none"],
            ["--dir", "in", "--pol", "none", "--strict"], ["--pol", "none"],
        ] {
            #expect(throws: UntranslatableRule.self, "\(arguments)") {
                try ipv4.translate(["-m", "policy"] + arguments)
            }
        }
    }
}
