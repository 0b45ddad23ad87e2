extension PacketBenchmarkResult {
    /// The table for people: the conditions of the run, one line per size and form, then each form's rate at the
    /// largest size as a share of the empty ruleset's.
    ///
    /// ```swift
    /// let result = try PacketBenchmark(options: options).run()
    /// print(result.table())
    /// ```
    public func table() -> String {
        var out = "vrc bench packets: \(machine.summary)\n"
        out +=
            "per measurement: a one-way UDP flow of \(payloadBytes)-byte payloads (\(payloadBytes + 46)-byte frames), "
        out += "whose every packet is judged by the ACL (a flow no reply has made established), for \(NumberFormat.fixed(durationSeconds, decimals: 1)) s; "
        out += "an answered flow as long; then \(connections) TCP connects\n"
        out += "median of \(runs) runs [min-max]; load average \(NumberFormat.fixed(loadAverageBefore, decimals: 2)) "
        out += "before, \(NumberFormat.fixed(loadAverageAfter, decimals: 2)) after; "
        out += "\(NumberFormat.fixed(wallSeconds, decimals: 0)) s in all\n"
        out += "of empty: the rate over the empty ruleset's in the same run; of 0 entries: over the same form's "
        out += "without ACL entries; +ns/packet: time per packet over the empty ruleset's; established/s: the rate "
        out += "of a flow the receiver has answered\n"
        if let senderCPU, let receiverCPU {
            out += "sender on CPU \(senderCPU), receiver on CPU \(receiverCPU); "
            out += "a packet's whole way through the router runs on the sender's CPU\n"
        }
        out += "\n"
        let header = [
            NumberFormat.pad("entries", 7, right: true), NumberFormat.pad("form", 25),
            NumberFormat.pad("received/s [min-max]", 24), NumberFormat.pad("of empty", 8, right: true),
            NumberFormat.pad("of 0 entries", 12, right: true), NumberFormat.pad("+ns/packet", 10, right: true),
            NumberFormat.pad("sent/s", 8, right: true), NumberFormat.pad("established/s", 13, right: true),
            NumberFormat.pad("connect µs (p99)", 17, right: true), NumberFormat.pad("rules", 7, right: true),
            NumberFormat.pad("elements", 8, right: true),
        ]
        out += header.joined(separator: " ") + "\n"
        for row in rows {
            let rate =
                Self.rate(row.receivedPerSecond.median) + " [" + Self.rate(row.receivedPerSecond.minimum) + "-"
                + Self.rate(row.receivedPerSecond.maximum) + "]"
            let ofEmpty =
                row.ratioToEmpty.values.isEmpty ? "" : NumberFormat.fixed(row.ratioToEmpty.median, decimals: 2)
            let ofNone =
                ratioToNoEntries(row.form, entries: row.entries).map { NumberFormat.fixed($0, decimals: 2) } ?? ""
            let connect =
                row.connectMedianMicroseconds.values.isEmpty
                ? "-"
                : NumberFormat.fixed(row.connectMedianMicroseconds.median, decimals: 0) + " ("
                    + NumberFormat.fixed(row.connectP99Microseconds.median, decimals: 0) + ")"
            out +=
                [
                    NumberFormat.pad(String(row.entries), 7, right: true), NumberFormat.pad(row.form.title, 25),
                    NumberFormat.pad(rate, 24), NumberFormat.pad(ofEmpty, 8, right: true),
                    NumberFormat.pad(ofNone, 12, right: true),
                    NumberFormat.pad(added(row), 10, right: true),
                    NumberFormat.pad(Self.rate(row.sentPerSecond.median), 8, right: true),
                    NumberFormat.pad(
                        row.establishedPerSecond.values.isEmpty ? "" : Self.rate(row.establishedPerSecond.median), 13,
                        right: true),
                    NumberFormat.pad(connect, 17, right: true), NumberFormat.pad(String(row.rules), 7, right: true),
                    NumberFormat.pad(row.setElements > 0 ? String(row.setElements) : "", 8, right: true),
                ].joined(separator: " ") + "\n"
        }
        if let largest = rows.map(\.entries).max(), largest > 0 {
            let shares = PacketForm.allCases.compactMap { form -> String? in
                guard form != .empty, let row = row(form, entries: largest), !row.ratioToEmpty.values.isEmpty else {
                    return nil
                }
                return "\(form.title) \(NumberFormat.fixed(100 * row.ratioToEmpty.median, decimals: 0)) %"
            }
            if !shares.isEmpty {
                out += "\nat \(largest) entries, the rate as a share of the empty ruleset's: "
                out += shares.joined(separator: ", ") + "\n"
            }
        }
        let failures = rows.filter { $0.connectFailures > 0 }
        for row in failures {
            out += "\(row.form.title) at \(row.entries) entries: \(row.connectFailures) connections failed\n"
        }
        let drops = rows.reduce(0) { $0 + $1.receiverBufferDrops }
        if drops > 0 {
            out += "\nthe receiver's socket buffer dropped \(drops) datagrams: where it did, the receiver and not the "
            out += "router limited the rate\n"
        }
        return out
    }

    /// The nanoseconds the row's rules add to each packet, blank for the empty ruleset.
    private func added(_ row: PacketRow) -> String {
        guard row.form != .empty, let value = addedNanosecondsPerPacket(row.form, entries: row.entries) else {
            return ""
        }
        return NumberFormat.fixed(value, decimals: 0)
    }

    /// A rate as `412k` or `1.23M`.
    static func rate(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        if value >= 1e6 { return NumberFormat.fixed(value / 1e6, decimals: 2) + "M" }
        if value >= 1e4 { return NumberFormat.fixed(value / 1e3, decimals: 0) + "k" }
        if value >= 1e3 { return NumberFormat.fixed(value / 1e3, decimals: 1) + "k" }
        return NumberFormat.fixed(value, decimals: 0)
    }
}
