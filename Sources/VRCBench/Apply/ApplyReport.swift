/// The results of `vrc bench apply`: every method at every size, with the machine they were measured on.
public struct ApplyReport: Codable, Hashable, Sendable {
    /// The machine the run measured on.
    public var machine: MachineInfo
    /// Measurements of each method at each size.
    public var runs: Int
    /// The largest size at which one iptables call per rule ran.
    public var perRuleLimit: Int
    /// `ip netns exec NAME true`: the start-up every row's wall time includes.
    public var startupFloor = Sample()
    /// The generated routers, one per size.
    public var workloads: [WorkloadSummary] = []
    /// Every method at every size, estimates included.
    public var rows: [ApplyRow] = []

    /// An empty report.
    public init(machine: MachineInfo, runs: Int, perRuleLimit: Int) {
        self.machine = machine
        self.runs = runs
        self.perRuleLimit = perRuleLimit
    }

    /// The row of `method` at `size`.
    public func row(_ method: ApplyMethod, size: Int) -> ApplyRow? {
        rows.first { $0.method == method && $0.size == size }
    }

    /// How many times longer each other method took than vrc's compiled apply at `size` (whole commands,
    /// medians).
    public func speedups(at size: Int) -> [ApplyMethod: Double] {
        guard let vrc = row(.vrcCompiled, size: size) else { return [:] }
        var result: [ApplyMethod: Double] = [:]
        for row in rows where row.size == size && row.method != .vrcCompiled {
            result[row.method] = row.wall.median / vrc.wall.median
        }
        return result
    }

    /// vrc's compiled apply, whole command, over the kernel's time for its batch at `size`.
    public func commandOverKernel(at size: Int) -> Double? {
        guard let vrc = row(.vrcCompiled, size: size), let kernel = vrc.phases?.kernel.median else { return nil }
        return vrc.wall.median / kernel
    }

    /// The table for people.
    public func table() -> String {
        var out = "vrc bench apply: \(machine.summary)\n"
        out += "median of \(runs) runs [min-max], wall milliseconds of the whole command in a fresh namespace; "
        out += "'ip netns exec true' alone takes \(NumberFormat.milliseconds(startupFloor.median)) ms\n\n"
        let header = [
            NumberFormat.pad("size", 7, right: true), NumberFormat.pad("method", 28),
            NumberFormat.pad("wall ms", 24), NumberFormat.pad("parse", 7, right: true),
            NumberFormat.pad("compile", 8, right: true), NumberFormat.pad("encode", 7, right: true),
            NumberFormat.pad("kernel", 7, right: true), NumberFormat.pad("rules", 8, right: true),
            NumberFormat.pad("elements", 9, right: true),
        ]
        out += header.joined(separator: " ") + "\n"
        for workload in workloads {
            for method in ApplyMethod.allCases {
                guard let row = row(method, size: workload.size) else { continue }
                out += line(row) + "\n"
            }
        }
        for workload in workloads {
            let speedups = speedups(at: workload.size)
            guard !speedups.isEmpty else { continue }
            out += "\nsize \(workload.size) (\(workload.iptablesRules) iptables rules; vrc: \(workload.compiledRules) "
            out += "rules, \(workload.compiledElements) elements): vrc compiled is faster than\n"
            for method in ApplyMethod.allCases {
                guard let ratio = speedups[method], let other = row(method, size: workload.size) else { continue }
                let note = other.extrapolatedFrom.map { " (estimated from sizes \(Self.list($0)))" } ?? ""
                out += "  \(NumberFormat.pad(other.method.title, 28)) \(NumberFormat.ratio(ratio))\(note)\n"
            }
            if let share = commandOverKernel(at: workload.size) {
                out += "  whole command over its kernel time: \(NumberFormat.fixed(share, decimals: 2))\n"
            }
        }
        if let largest = rows.filter({ $0.method == .iptablesPerRule && $0.extrapolatedFrom == nil }).map(\.size).max(),
            workloads.contains(where: { $0.size > largest })
        {
            out += "\niptables per rule ran up to size \(largest) (--per-rule-limit); larger sizes are estimates "
            out += "from a fit of a*n + b*n^2 to the sizes it finished.\n"
        }
        return out
    }

    private func line(_ row: ApplyRow) -> String {
        let wall: String
        if row.extrapolatedFrom != nil {
            wall = "~" + NumberFormat.milliseconds(row.wall.median) + " (estimate)"
        } else {
            wall = NumberFormat.milliseconds(row.wall.median) + " [" + NumberFormat.milliseconds(row.wall.minimum)
                + "-" + NumberFormat.milliseconds(row.wall.maximum) + "]"
        }
        let phase = { (sample: Sample?) -> String in sample.map { NumberFormat.milliseconds($0.median) } ?? "" }
        return [
            NumberFormat.pad(String(row.size), 7, right: true), NumberFormat.pad(row.method.title, 28),
            NumberFormat.pad(wall, 24), NumberFormat.pad(phase(row.phases?.parse), 7, right: true),
            NumberFormat.pad(phase(row.phases?.compile), 8, right: true),
            NumberFormat.pad(phase(row.phases?.encode), 7, right: true),
            NumberFormat.pad(phase(row.phases?.kernel), 7, right: true),
            NumberFormat.pad(String(row.rules), 8, right: true),
            NumberFormat.pad(row.elements > 0 ? String(row.elements) : "", 9, right: true),
        ].joined(separator: " ")
    }

    private static func list(_ sizes: [Int]) -> String {
        sizes.map(String.init).joined(separator: ", ")
    }
}
