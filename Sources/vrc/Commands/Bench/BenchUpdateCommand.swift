import ArgumentParser
import Foundation
import VRCBench

/// `vrc bench update`: one change to a running router, by vrc's minimal update and by a full reload with each
/// tool.
internal struct BenchUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Time one change to a running router: vrc's minimal update against full reloads.",
        discussion: """
            For each size and each change (one port forward more, one ACL entry fewer), a namespace is loaded \
            with the old router by each method's own tool, then the update alone is timed: the change as \
            iptables-legacy calls, full reloads by iptables-legacy-restore, iptables-nft-restore, nft -f (linear \
            and vrc's text), vrc import-iptables and vrc apply, and vrc's minimal update by 'vrc diff --apply' \
            and through the library from the decoded documents.
            """
    )

    @Option(help: "Sizes in rule-equivalents, comma-separated; 10k is 10000.")
    var sizes = BenchSizes([100, 1_000, 10_000, 100_000])

    @Option(
        help: ArgumentHelp(
            "Changes to make, comma-separated (default: all).",
            discussion: UpdateChange.allCases.map(\.rawValue).joined(separator: ", ")))
    var changes: String?

    @OptionGroup var output: BenchOutputOptions

    func validate() throws {
        _ = try selectedChanges()
        guard sizes.values.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--sizes must all be at least 1") }
    }

    func run() throws {
        if let saved = try output.savedReport(UpdateReport.self) {
            try output.write(saved, table: saved.table(), chart: saved.chart())
            return
        }
        try Privileges.requireKernelAccess(for: "bench update", entersNamespace: true)
        let vrc = try BenchRun.vrcExecutable()
        try BenchRun.require(["ip", "nft", "iptables-legacy", "iptables-legacy-restore", "iptables-nft-restore"])
        var settings = BenchSettings(sizes: sizes.values, runs: output.runs, vrc: vrc)
        settings.progress = BenchRun.progress
        var benchmark = UpdateBenchmark(settings: settings)
        benchmark.changes = try selectedChanges()
        let report = try BenchRun.measure { () throws(BenchError) in try benchmark.run() }
        try output.write(report, table: report.table(), chart: report.chart())
    }

    private func selectedChanges() throws -> [UpdateChange] {
        guard let changes else { return UpdateChange.allCases }
        return try BenchChoices.parse(changes, option: "--changes")
    }
}
