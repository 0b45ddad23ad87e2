extension ApplyReport {
    /// Apply time against size, both on log scales, one line per method (estimates included, and named so).
    public func chart() -> SVGChart {
        let series = ApplyMethod.allCases.compactMap { method -> SVGChart.Series? in
            let points = rows.filter { $0.method == method }.sorted { $0.size < $1.size }
                .map { SVGChart.Point(x: Double($0.size), y: $0.wall.median) }
            guard !points.isEmpty else { return nil }
            let estimated = rows.contains { $0.method == method && $0.extrapolatedFrom != nil }
            return SVGChart.Series(name: method.title + (estimated ? " *" : ""), points: points)
        }
        let estimated = rows.contains { $0.extrapolatedFrom != nil }
        return SVGChart(
            title: "Loading a router into the kernel: whole command, median of \(runs) runs",
            xLabel: "router size (rule-equivalents)", yLabel: "milliseconds", xScale: .logarithmic,
            yScale: .logarithmic, series: series,
            caption: "\(machine.summary); vrc bench apply"
                + (estimated ? "; * estimated above size \(perRuleLimit) from the sizes it finished" : ""))
    }
}
