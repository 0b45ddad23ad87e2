extension PacketBenchmarkResult {
    /// The picture: received packets per second against ACL entries, one line per form, both axes logarithmic
    /// (sizes without entries cannot be placed on it; the empty ruleset, measured beside every size, draws the
    /// reference line).
    public func chart() -> SVGChart {
        let forms = PacketForm.allCases.filter { form in rows.contains { $0.form == form } }
        let series = forms.map { form in
            SVGChart.Series(
                name: form.title,
                points: rows.filter { $0.form == form && $0.entries > 0 }
                    .map { SVGChart.Point(x: Double($0.entries), y: $0.receivedPerSecond.median) })
        }
        return SVGChart(
            title: "Forwarded packets per second against unmatched ACL entries",
            xLabel: "ACL entries the flow does not match", yLabel: "packets per second (received)",
            xScale: .logarithmic, yScale: .logarithmic, series: series,
            caption: "\(machine.summary); one-way UDP flow of \(payloadBytes + 46)-byte frames, "
                + "median of \(runs) runs\n"
                + "vrc bench packets --svg FILE")
    }
}
