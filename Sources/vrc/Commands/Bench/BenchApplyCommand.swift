import ArgumentParser
import Foundation
import VRCBench

/// `vrc bench apply`: how long each way of loading a generated router takes, from nothing to rules in the
/// kernel.
internal struct BenchApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Time loading generated routers into fresh namespaces, by every method side by side.",
        discussion: """
            For each size, a cloud router of that many entries (60 % ACL entries, 20 % port forwards, 15 % \
            firewall entries, 5 % static NATs) is written as a linear iptables-save dump and as a vrc document, \
            then loaded by: one iptables-legacy call per rule (up to --per-rule-limit, estimated above it), \
            iptables-legacy-restore, iptables-nft-restore, nft -f of the linear rules, nft -f of vrc's compiled \
            text, vrc import-iptables of the dump (linear, through netlink) and vrc apply of the document \
            (compiled). Methods alternate within each run; every command runs through 'ip netns exec' in a \
            namespace of its own, and the kernel is read back after the first run of each.
            """
    )

    @Option(help: "Sizes in entries, comma-separated; 10k is 10000.")
    var sizes = BenchSizes([100, 1_000, 10_000, 100_000])

    @Option(
        help: ArgumentHelp(
            "Methods to run, comma-separated (default: all).",
            discussion: ApplyMethod.allCases.map(\.rawValue).joined(separator: ", ")))
    var methods: String?

    @Option(help: "The largest size at which one iptables call per rule runs; above it, an estimate.")
    var perRuleLimit = 1_000

    @OptionGroup var output: BenchOutputOptions

    func validate() throws {
        _ = try selectedMethods()
        guard sizes.values.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--sizes must all be at least 1") }
    }

    func run() throws {
        if let saved = try output.savedReport(ApplyReport.self) {
            try output.write(saved, table: saved.table(), chart: saved.chart())
            return
        }
        try Privileges.requireKernelAccess(for: "bench apply", entersNamespace: true)
        let vrc = try BenchRun.vrcExecutable()
        try BenchRun.require(["ip", "nft", "iptables-legacy", "iptables-legacy-restore", "iptables-nft-restore"])
        var settings = BenchSettings(sizes: sizes.values, runs: output.runs, vrc: vrc)
        settings.progress = BenchRun.progress
        var benchmark = ApplyBenchmark(settings: settings)
        benchmark.methods = try selectedMethods()
        benchmark.perRuleLimit = perRuleLimit
        let report = try BenchRun.measure { () throws(BenchError) in try benchmark.run() }
        try output.write(report, table: report.table(), chart: report.chart())
    }

    private func selectedMethods() throws -> [ApplyMethod] {
        guard let methods else { return ApplyMethod.allCases }
        return try BenchChoices.parse(methods, option: "--methods")
    }
}
