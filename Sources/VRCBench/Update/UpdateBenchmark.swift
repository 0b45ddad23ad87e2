import Foundation
import NFTables
import RouterCompiler

/// `vrc bench update`: one change to a running router (one port forward more, one ACL entry fewer), applied by
/// vrc's minimal update and by a full reload with each tool, at each size.
///
/// Each measurement starts from a fresh namespace holding the old router, loaded by the method's own tool
/// (not timed); then only the update is timed. After the first run of each, the kernel is read back and must
/// hold the new router's rule count.
///
/// ```swift
/// let settings = BenchSettings(sizes: [1_000], runs: 3, vrc: "/usr/local/bin/vrc")
/// let report = try UpdateBenchmark(settings: settings).run()
/// print(report.table())
/// ```
public struct UpdateBenchmark: Sendable {
    /// The sizes, runs (of each method for each change at each size), vrc executable, files and progress.
    public var settings: BenchSettings
    /// The changes to make, all by default.
    public var changes: [UpdateChange] = UpdateChange.allCases
    /// The methods to measure, all by default.
    public var methods: [UpdateMethod] = UpdateMethod.allCases
    /// A benchmark with `settings`.
    public init(settings: BenchSettings) {
        self.settings = settings
    }

    /// Runs every method for every change at every size; throws when a tool fails or leaves other rules than expected.
    public func run() throws(BenchError) -> UpdateReport {
        let runs = settings.runs
        var report = UpdateReport(machine: .current(), runs: runs)
        report.startupFloor = try BenchNamespace.startupFloor(runs: max(runs, 5))
        for size in settings.sizes {
            settings.progress("size \(size): generating the router")
            let old = try BenchWorkload(size: size, parent: settings.directory)
            defer { old.remove() }
            report.workloads.append(WorkloadSummary(old))
            for change in changes {
                let new = try BenchWorkload(
                    size: size, generator: old.generator, adjust: { change.apply(to: &$0) }, parent: settings.directory)
                defer { new.remove() }
                let files = try UpdateFiles(old: old, new: new)
                var rows = methods.map { UpdateRow(change: change, method: $0, size: size) }
                try settings.alternating(rows.count) { (run, index) throws(BenchError) in
                    settings.progress(
                        "size \(size), \(change.title): run \(run + 1) of \(runs), \(rows[index].method.title)")
                    try measure(&rows[index], old: old, new: new, files: files, verify: run == 0)
                }
                report.rows += rows
            }
        }
        return report
    }

    private func measure(
        _ row: inout UpdateRow, old: BenchWorkload, new: BenchWorkload, files: UpdateFiles, verify: Bool
    ) throws(BenchError) {
        let namespace = try BenchNamespace()
        defer { namespace.remove() }
        let (loadArgv, loadInput) = row.method.loader.command(for: old, vrc: settings.vrc)
        try Spawn.run(namespace.command(loadArgv), input: loadInput)

        switch row.method {
        case .vrcLibrary:
            try updateInProcess(&row, old: old, new: new, namespace: namespace)
        default:
            let (argv, input) = command(row.method, new: new, files: files)
            row.wall.append(try Spawn.run(namespace.command(argv), input: input).milliseconds)
            if row.method == .iptablesCalls {
                row.operations = files.iptablesCalls
            }
        }
        if verify {
            let expected = row.method.loader.expectedRules(for: new)
            let found = try KernelReadBack.ruleCount(in: namespace, legacy: row.method.loader.loadsLegacyTables)
            guard found == expected else {
                throw BenchError(
                    "\(row.method.title) at size \(row.size) (\(row.change.title)) left \(found) rules in the "
                        + "kernel, not \(expected)")
            }
        }
    }

    private func command(_ method: UpdateMethod, new: BenchWorkload, files: UpdateFiles) -> ([String], String?) {
        switch method {
        case .iptablesCalls: (["/bin/sh", files.iptablesScript], nil)
        case .nftLinear: (["nft", "-f", files.linearReload], nil)
        case .nftCompiled: (["nft", "-f", files.compiledReload], nil)
        case .vrcDiff: ([settings.vrc, "diff", files.oldDocument, new.documentPath, "--apply"], nil)
        case .iptablesLegacyRestore, .iptablesNFTRestore, .vrcLinear, .vrcCompiled, .vrcLibrary:
            method.loader.command(for: new, vrc: settings.vrc)
        }
    }

    private func updateInProcess(
        _ row: inout UpdateRow, old: BenchWorkload, new: BenchWorkload, namespace: BenchNamespace
    ) throws(BenchError) {
        let clock = ContinuousClock()
        let start = clock.now
        let plan = RouterCompiler().plan(from: old.document, to: new.document)
        let planned = clock.now
        guard !plan.isEmpty else {
            throw BenchError("\(row.change.title) at size \(row.size) changes nothing in the compiled ruleset")
        }
        var transaction = Transaction(namespace: .path(namespace.path))
        plan.fill(&transaction)
        let report: TransactionReport
        do {
            report = try transaction.commit()
        } catch {
            throw BenchError("the kernel refused the minimal update at size \(row.size): \(error)")
        }
        row.wall.append((clock.now - start).milliseconds)
        row.plan = (row.plan ?? Sample()).appending((planned - start).milliseconds)
        row.encode = (row.encode ?? Sample()).appending(report.encodeTime.milliseconds)
        row.kernel = (row.kernel ?? Sample()).appending(report.kernelTime.milliseconds)
        row.operations = plan.operations.count
    }
}
