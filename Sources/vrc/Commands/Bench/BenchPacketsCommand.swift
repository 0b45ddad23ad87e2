import ArgumentParser
import Foundation
import VRCBench

/// `vrc bench packets`: forwarded packets per second and new-connection latency through a router namespace, with
/// ACL entries the traffic does not match, for vrc's compiled rules and for the same rules written linearly.
internal struct BenchPacketsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "packets",
        abstract: "Measure forwarded packets per second and TCP connect time against unmatched ACL entries.",
        discussion: """
            Three namespaces in a line, sender - router - receiver, are made for every form of the rules. The \
            router holds a generated cloud router whose 'web' tier (the sender's) has that many egress ACL \
            entries, none matching the flow to the receiver, loaded as: nothing at all (the reference), vrc's \
            compiled ruleset (which sees at one lookup that no entry names the receiver), the same with one \
            more entry that names the receiver's prefix on another port (so the flow walks every run of the \
            list: vrc's worst case), the router's linear iptables-save dump imported by vrc without optimization (nft \
            linear), and that dump loaded with iptables-legacy-restore. Each measurement sends one UDP flow of \
            64-byte frames as fast as one thread can for --duration seconds and counts what arrives, then times \
            --connections TCP connects one after another. Forms alternate within each run. Every namespace is \
            removed afterwards. Needs root, ip and iptables-legacy-restore.
            """
    )

    @Option(help: "ACL entry counts, comma-separated; 10k is 10000.")
    var entries = BenchSizes([0, 1_000, 10_000, 100_000])

    @Option(help: ArgumentHelp("Seconds each UDP flood sends.", valueName: "seconds"))
    var duration = 2.0

    @Option(help: "Timed TCP connections per measurement.")
    var connections = 200

    @OptionGroup var output: BenchOutputOptions

    func validate() throws {
        guard duration.isFinite, duration >= 0.05, duration <= 600 else {
            throw ValidationError("--duration must be 0.05 to 600 seconds, not \(duration)")
        }
        guard connections >= 0, connections <= 1_000_000 else {
            throw ValidationError("--connections must be 0 to 1000000, not \(connections)")
        }
    }

    func run() throws {
        if let saved = try output.savedReport(PacketBenchmarkResult.self) {
            try output.write(saved, table: saved.table(), chart: saved.chart())
            return
        }
        try Privileges.requireKernelAccess(for: "bench packets", entersNamespace: true)
        var options = PacketBenchmark.Options()
        options.entryCounts = entries.values
        options.duration = .milliseconds(Int64((duration * 1000).rounded()))
        options.connections = connections
        options.runs = output.runs
        let benchmark = PacketBenchmark(options: options)
        if let problem = benchmark.problem() { throw CommandFailure.badInput(problem) }
        try BenchRun.require(PacketBenchmark.tools(for: options.forms))
        let result = try BenchRun.measure { () throws(BenchError) in try benchmark.run(progress: BenchRun.progress) }
        try output.write(result, table: result.table(), chart: result.chart())
    }
}
