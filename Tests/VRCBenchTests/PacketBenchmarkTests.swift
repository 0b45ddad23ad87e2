import Foundation
import NFTables
import RouterCompiler
import RouterModel
import Testing
import VRCBench

/// `vrc bench packets` at tiny sizes: every row is there with traffic through it, and traffic the router's rules
/// drop reaches nobody (so the benchmark's flow really goes through the rules it measures).
@Suite(.serialized) struct PacketBenchmarkTests {
    @Test(.kernel) func everyFormAndSizeHasARowWithTraffic() throws {
        try KernelTestGate.check()
        var options = PacketBenchmark.Options()
        options.entryCounts = [0, 100]
        options.duration = .milliseconds(300)
        options.connections = 20
        options.runs = 1
        let result = try PacketBenchmark(options: options).run()

        #expect(result.rows.count == 2 * PacketForm.allCases.count)
        for entries in [0, 100] {
            for form in PacketForm.allCases {
                let row = try #require(result.row(form, entries: entries), "no row for \(form) at \(entries)")
                #expect(row.receivedPerSecond.values.count == 1)
                #expect(row.receivedPerSecond.median > 0, "\(form) at \(entries) received nothing")
                #expect(row.sentPerSecond.median >= row.receivedPerSecond.median)
                #expect(row.ratioToEmpty.values.count == 1)
                #expect(row.establishedPerSecond.values.count == 1)
                #expect(row.establishedPerSecond.median > 0)
                #expect(row.connectMedianMicroseconds.values.count == 1)
                #expect(row.connectMedianMicroseconds.median > 0)
                #expect(row.connectFailures == 0, "\(form) at \(entries): \(row.connectFailures) connects failed")
            }
        }
        let empty = try #require(result.row(.empty, entries: 0))
        #expect(empty.ratioToEmpty.median == 1)
        // The linear forms hold one rule per ACL entry's CIDR, the compiled form holds them as set elements.
        for form in [PacketForm.nftLinear, .iptablesLegacy] {
            let without = try #require(result.row(form, entries: 0)).rules
            let with = try #require(result.row(form, entries: 100)).rules
            #expect(with >= without + 100, "\(form): \(without) rules without entries, \(with) with 100")
        }
        let compiled = try #require(result.row(.compiled, entries: 100))
        #expect(compiled.setElements > 0)
        // The named form is the same router with one entry more: one element more at least, no fewer rules.
        let named = try #require(result.row(.compiledNamed, entries: 100))
        #expect(named.setElements > compiled.setElements && named.rules >= compiled.rules)
        #expect(!result.table().isEmpty)
        #expect(result.chart().render().contains("vrc compiled"))
    }

    @Test(.kernel) func aDroppedFlowReachesNobody() throws {
        try KernelTestGate.check()
        let topology = try PacketTopology()
        defer { topology.remove() }
        let flood = UDPFlood(duration: .milliseconds(200))
        let connect = TCPConnectLatency(connections: 3, timeout: .milliseconds(200))

        let open = try flood.run(through: topology)
        #expect(open.warmUpReached)
        #expect(open.received > 0)
        #expect(try connect.run(through: topology).failures == 0)

        // The benchmark's router, but with the web tier's default egress deny: the flow walks the entries,
        // matches none, and is dropped.
        var generator = RouterGenerator(aclEntries: 20, portForwards: 0, staticNATs: 0, loadBalancers: 0)
        generator.singleACLList = true
        generator.allowsCatchAll = false
        let text = generator.json()
        let allow = "\"defaultEgress\": \"allow\""
        let web = try #require(text.range(of: allow), "the generated document has no default egress allow")
        let denying = text.replacingCharacters(in: web, with: "\"defaultEgress\": \"deny\"")
        let document = try RouterDocument.decode(from: Data(denying.utf8), source: "denying router")
        try RouterCompiler().compile(document).apply(to: .named(topology.router.name))

        let dropped = try flood.run(through: topology)
        #expect(dropped.sent > 0)
        #expect(!dropped.warmUpReached)
        #expect(dropped.received == 0)
        #expect(try connect.run(through: topology).failures == 3)
    }

    @Test(.kernel) func withoutForwardingNothingArrives() throws {
        try KernelTestGate.check()
        let topology = try PacketTopology(forwarding: false)
        defer { topology.remove() }
        let rate = try UDPFlood(duration: .milliseconds(100)).run(through: topology)
        #expect(rate.sent > 0)
        #expect(rate.received == 0)
    }

    @Test func badOptionsAreNamed() {
        var options = PacketBenchmark.Options()
        options.entryCounts = [0, -5]
        #expect(PacketBenchmark(options: options).problem()?.contains("-5") == true)
        options.entryCounts = [0]
        options.runs = 0
        #expect(PacketBenchmark(options: options).problem() != nil)
        options.runs = 1
        #expect(PacketBenchmark(options: options).problem() == nil)
    }
}
