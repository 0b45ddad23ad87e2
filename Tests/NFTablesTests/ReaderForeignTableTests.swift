import Foundation
import NFTables
import Testing

/// A table another tool made, with things vrc's model cannot express: reading it must not crash, must
/// lift what it can, and must name every rule and set it leaves out.
@Suite("RulesetReader on another tool's table")
struct ReaderForeignTableTests {
    static let text = """
        table inet foreign {
          counter hits { }
          set dyn { type ipv4_addr; flags dynamic; size 100; }
          set lengths { typeof ip length; elements = { 100, 200 }; }
          chain c {
            type filter hook forward priority 0;
            tcp dport 22 accept
            quota over 100 mbytes drop
            ip6 saddr & ::ffff == ::1 accept
            meta iifkind "veth" accept
            counter name "hits"
            update @dyn { ip saddr }
            tcp option maxseg size set 1400
            ct event set new
            ip length @lengths accept
            udp length 100 accept
            meta mark set symhash mod 2
            ip saddr 192.0.2.1 accept
          }
          chain n {
            type nat hook postrouting priority 100;
            snat ip prefix to ip saddr map { 10.0.0.0/24 : 192.168.0.0/24 }
            masquerade
          }
        }
        """

    @Test("a lenient read lifts what it can and names the rest", .kernel)
    func lenientRead() throws {
        let namespace = try TestNamespace()
        defer { namespace.close() }
        try namespace.nft(Self.text)

        let reading = try RulesetReader(namespace: namespace.namespace).readLeniently(.all)

        let table = try #require(reading.ruleset.tables.first).withoutHandlesAndCounts
        #expect(table.sets.map(\.name) == ["dyn"])
        #expect(
            table.chain(named: "c")?.rules == [
                Rule([.match(Match(.payload(.tcpDport), .eq, .integer(22))), .verdict(.accept)]),
                Rule([.match(Match(.payload(.ipSaddr), .eq, .address(IPAddress("192.0.2.1")!))), .verdict(.accept)]),
            ])
        #expect(table.chain(named: "n")?.rules == [Rule([.nat(NAT(.masquerade))])])

        let locations = reading.problems.map(\.location)
        #expect(locations.first == "table inet foreign, set lengths")
        let ruleLocations = locations.dropFirst().map { $0.components(separatedBy: " (handle ").first ?? $0 }
        #expect(
            ruleLocations == (2...11).map { "table inet foreign, chain c, rule \($0)" } + [
                "table inet foreign, chain n, rule 1"
            ])
        #expect(locations.dropFirst().allSatisfy { $0.contains("(handle ") })
        let reasons = reading.problems.map(\.reason)
        #expect(reasons[1].contains("quota"))
        #expect(reasons[2].contains("IPv6 address compared under a mask"))
        #expect(reasons[8].contains("lengths"))
        #expect(reasons[9].contains("udp length"))
        #expect(reasons.allSatisfy { !$0.isEmpty })
    }

    @Test("a strict read refuses the table and names the first rule it cannot express", .kernel)
    func strictRead() throws {
        let namespace = try TestNamespace()
        defer { namespace.close() }
        try namespace.nft(Self.text)
        let reader = RulesetReader(namespace: namespace.namespace)

        let error = #expect(throws: NFTablesError.self) { try reader.read(.all) }
        guard case .malformedReply(let message)? = error else {
            Issue.record("expected malformedReply, got \(String(describing: error))")
            return
        }
        #expect(message.contains("table inet foreign, set lengths"))
        #expect(message.contains("and 11 more"))
        // vrc's own selection does not include the foreign table, so reading it works.
        #expect(try reader.read().tables.isEmpty)
    }
}
