/// The steps the example timed, in the order they ran, with the kernel's share where a transaction ran.
struct Timings {
    private var steps: [(name: String, wall: Duration, detail: String)] = []

    /// Runs `body`, records how long it took under `name`, and returns its result.
    mutating func measure<T, E: Error>(_ name: String, _ body: () throws(E) -> T) throws(E) -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        steps.append((name, clock.now - start, ""))
        return result
    }

    /// Adds a note to the last step, such as the transaction report.
    mutating func annotate(_ detail: String) {
        guard !steps.isEmpty else { return }
        steps[steps.count - 1].detail = detail
    }

    /// One line per step: `compile    0.41 ms`, with the detail after it.
    var table: String {
        let width = steps.map(\.name.count).max() ?? 0
        return steps.map { step in
            let name = step.name + String(repeating: " ", count: width - step.name.count)
            let time = Self.milliseconds(step.wall)
            let padded = String(repeating: " ", count: max(0, 9 - time.count)) + time
            return "  \(name) \(padded) ms" + (step.detail.isEmpty ? "" : "   (\(step.detail))")
        }.joined(separator: "\n")
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let value = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
