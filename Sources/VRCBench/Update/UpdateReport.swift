/// The results of `vrc bench update`: every method for every change at every size.
public struct UpdateReport: Codable, Hashable, Sendable {
    /// The machine the run measured on.
    public var machine: MachineInfo
    /// Measurements of each method for each change at each size.
    public var runs: Int
    /// `ip netns exec NAME true`: the start-up every command row includes (the library row runs in-process and
    /// does not).
    public var startupFloor = Sample()
    /// The generated routers, one per size (before the change).
    public var workloads: [WorkloadSummary] = []
    /// Every method for every change at every size.
    public var rows: [UpdateRow] = []

    /// An empty report.
    public init(machine: MachineInfo, runs: Int) {
        self.machine = machine
        self.runs = runs
    }

    /// The row of `method` for `change` at `size`.
    public func row(_ method: UpdateMethod, _ change: UpdateChange, size: Int) -> UpdateRow? {
        rows.first { $0.method == method && $0.change == change && $0.size == size }
    }

    /// The fastest full reload (by median) for `change` at `size`.
    public func fastestReload(_ change: UpdateChange, size: Int) -> UpdateRow? {
        rows.filter { $0.change == change && $0.size == size && $0.method.isFullReload }
            .min { $0.wall.median < $1.wall.median }
    }

    /// How many times faster `method` is than the fastest full reload.
    public func speedup(_ method: UpdateMethod, _ change: UpdateChange, size: Int) -> Double? {
        guard let fastest = fastestReload(change, size: size), let row = row(method, change, size: size) else {
            return nil
        }
        return fastest.wall.median / row.wall.median
    }

    /// The table for people, with each size's fastest full reload and the speed-ups against it.
    public func table() -> String {
        var out = "vrc bench update: \(machine.summary)\n"
        out += "median of \(runs) runs [min-max], wall milliseconds of the update alone, from a namespace holding "
        out += "the old router; every row but the library's is a whole command through 'ip netns exec', which alone "
        out += "takes \(NumberFormat.milliseconds(startupFloor.median)) ms\n"
        for change in UpdateChange.allCases {
            let changeRows = rows.filter { $0.change == change }
            guard !changeRows.isEmpty else { continue }
            out += "\n\(change.title)\n"
            out += [
                NumberFormat.pad("size", 7, right: true), NumberFormat.pad("method", 26),
                NumberFormat.pad("wall ms", 24), NumberFormat.pad("plan", 7, right: true),
                NumberFormat.pad("encode", 7, right: true), NumberFormat.pad("kernel", 7, right: true),
                NumberFormat.pad("ops", 6, right: true),
            ].joined(separator: " ") + "\n"
            for workload in workloads {
                for method in UpdateMethod.allCases {
                    guard let row = row(method, change, size: workload.size) else { continue }
                    let phase = { (sample: Sample?) in sample.map { NumberFormat.milliseconds($0.median) } ?? "" }
                    out += [
                        NumberFormat.pad(String(row.size), 7, right: true), NumberFormat.pad(method.title, 26),
                        NumberFormat.pad(
                            NumberFormat.milliseconds(row.wall.median) + " ["
                                + NumberFormat.milliseconds(row.wall.minimum) + "-"
                                + NumberFormat.milliseconds(row.wall.maximum) + "]", 24),
                        NumberFormat.pad(phase(row.plan), 7, right: true),
                        NumberFormat.pad(phase(row.encode), 7, right: true),
                        NumberFormat.pad(phase(row.kernel), 7, right: true),
                        NumberFormat.pad(row.operations.map(String.init) ?? "", 6, right: true),
                    ].joined(separator: " ") + "\n"
                }
                if let fastest = fastestReload(change, size: workload.size) {
                    out += "        fastest full reload: \(fastest.method.title); against it, "
                    out += [UpdateMethod.vrcLibrary, .vrcDiff, .iptablesCalls].compactMap { method in
                        speedup(method, change, size: workload.size).map {
                            "\(method.title) \(NumberFormat.ratio($0))"
                        }
                    }.joined(separator: ", ") + "\n"
                }
            }
        }
        return out
    }

    /// Update time against size, log scales, one line per method, for the first change measured.
    public func chart() -> SVGChart {
        let change = rows.first?.change ?? .addPortForward
        let series = UpdateMethod.allCases.compactMap { method -> SVGChart.Series? in
            let points = rows.filter { $0.method == method && $0.change == change }.sorted { $0.size < $1.size }
                .map { SVGChart.Point(x: Double($0.size), y: $0.wall.median) }
            return points.isEmpty ? nil : SVGChart.Series(name: method.title, points: points)
        }
        return SVGChart(
            title: "Updating a running router (\(change.title)): median of \(runs) runs",
            xLabel: "router size (rule-equivalents)", yLabel: "milliseconds", xScale: .logarithmic,
            yScale: .logarithmic, series: series, caption: "\(machine.summary); vrc bench update")
    }
}
