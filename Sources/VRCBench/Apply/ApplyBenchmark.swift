import Foundation
import NFTables

/// `vrc bench apply`: each way of getting a generated router into a fresh namespace's kernel, at each size, in
/// alternating order, several runs each.
///
/// Every command runs through `ip netns exec` in a namespace made for that run alone, so each pays the same
/// start-up (measured on its own as ``ApplyReport/startupFloor``). After a method's first run at a size, the
/// kernel is read back and must hold the rules the method was meant to load; a method that loaded something else
/// fails the benchmark rather than report a time.
///
/// ```swift
/// let settings = BenchSettings(sizes: [100, 1_000], runs: 3, vrc: "/usr/local/bin/vrc")
/// let report = try ApplyBenchmark(settings: settings).run()
/// print(report.table())
/// ```
public struct ApplyBenchmark: Sendable {
    /// The sizes, runs, vrc executable, files and progress.
    public var settings: BenchSettings
    /// The methods to measure, all by default.
    public var methods: [ApplyMethod] = ApplyMethod.allCases
    /// One `iptables` call per rule runs only at sizes up to this; larger sizes get an estimate from the sizes it
    /// finished (its time grows with the square of the rule count, each call rewriting the whole table).
    public var perRuleLimit = 1_000
    /// A benchmark with `settings`.
    public init(settings: BenchSettings) {
        self.settings = settings
    }

    /// Runs every method at every size; throws when a tool fails or leaves other rules than expected.
    public func run() throws(BenchError) -> ApplyReport {
        let runs = settings.runs
        var report = ApplyReport(machine: .current(), runs: runs, perRuleLimit: perRuleLimit)
        report.startupFloor = try BenchNamespace.startupFloor(runs: max(runs, 5))
        for size in settings.sizes {
            settings.progress("size \(size): generating the router")
            let workload = try BenchWorkload(size: size, parent: settings.directory)
            defer { workload.remove() }
            report.workloads.append(WorkloadSummary(workload))
            let measured = methods.filter { $0 != .iptablesPerRule || size <= perRuleLimit }
            var rows = measured.map { method in
                ApplyRow(
                    method: method, size: size, rules: method.expectedRules(for: workload),
                    elements: method == .vrcCompiled || method == .nftCompiled ? workload.compiled.elementCount : 0)
            }
            try settings.alternating(rows.count) { (run, index) throws(BenchError) in
                settings.progress("size \(size): run \(run + 1) of \(runs), \(rows[index].method.title)")
                try measure(&rows[index], workload: workload, verify: run == 0)
            }
            report.rows += rows
        }
        if methods.contains(.iptablesPerRule) {
            report.rows += Self.extrapolatedPerRule(report.rows, workloads: report.workloads)
        }
        return report
    }

    private func measure(_ row: inout ApplyRow, workload: BenchWorkload, verify: Bool) throws(BenchError) {
        let namespace = try BenchNamespace()
        defer { namespace.remove() }
        let (argv, input) = row.method.command(for: workload, vrc: settings.vrc)
        let output = workload.directory.appendingPathComponent("output.json")
        let timing = try Spawn.run(namespace.command(argv), input: input, output: output)
        row.wall.append(timing.milliseconds)
        if row.method.isVRC {
            var phases = row.phases ?? PhaseTimes()
            phases.append(try Self.commandTimes(output, method: row.method))
            row.phases = phases
        }
        if verify {
            let found = try KernelReadBack.ruleCount(in: namespace, legacy: row.method.loadsLegacyTables)
            guard found == row.rules else {
                throw BenchError(
                    "\(row.method.title) at size \(row.size) left \(found) rules in the kernel, not \(row.rules)")
            }
        }
    }

    private static func commandTimes(_ output: URL, method: ApplyMethod) throws(BenchError) -> CommandTimes {
        do {
            let data = try Data(contentsOf: output)
            if method == .vrcLinear {
                return try JSONDecoder().decode(ImportCommandOutput.self, from: data).applied
            }
            return try JSONDecoder().decode(CommandTimes.self, from: data)
        } catch {
            throw BenchError("cannot read the timings \(method.title) printed: \(error)")
        }
    }

    /// Rows for the sizes above ``perRuleLimit``: `a·n + b·n²` (n the rule count) fitted through the medians it
    /// measured; with one size measured, a straight line through zero.
    static func extrapolatedPerRule(_ rows: [ApplyRow], workloads: [WorkloadSummary]) -> [ApplyRow] {
        let measured = rows.filter { $0.method == .iptablesPerRule }
        let points = measured.map { (n: Double($0.rules), t: $0.wall.median) }
        guard !points.isEmpty else { return [] }
        let (a, b) = QuadraticFit.fit(points)
        let measuredSizes = measured.map(\.size)
        return workloads.filter { !measuredSizes.contains($0.size) }.map { workload in
            let n = Double(workload.iptablesRules)
            var row = ApplyRow(
                method: .iptablesPerRule, size: workload.size, rules: workload.iptablesRules,
                wall: Sample([a * n + b * n * n]))
            row.extrapolatedFrom = measuredSizes
            return row
        }
    }
}
