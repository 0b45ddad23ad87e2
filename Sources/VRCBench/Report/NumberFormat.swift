/// How the benchmark tables print numbers: few digits, no locale.
internal enum NumberFormat {
    /// Beyond this (far beyond any measurement) numbers print as `-`, so that a doctored saved file cannot
    /// overflow the integer conversions below.
    private static let largest = 1e15

    /// Milliseconds with two decimals below 10, one below 100, none above.
    static func milliseconds(_ value: Double) -> String {
        guard value.isFinite, abs(value) < largest else { return "-" }
        if value < 10 { return fixed(value, decimals: 2) }
        if value < 100 { return fixed(value, decimals: 1) }
        return String(Int(value.rounded()))
    }

    /// `value` with `decimals` digits after the point.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite, abs(value) < largest else { return "-" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((abs(value) * scale).rounded())
        let whole = scaled / Int(scale)
        let fraction = String(scaled % Int(scale))
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(whole) }
        return sign + String(whole) + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    /// A ratio as `12.3x`.
    static func ratio(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        return
            (value < 10
            ? fixed(value, decimals: 2) : value < 100 ? fixed(value, decimals: 1) : fixed(value, decimals: 0))
            + "x"
    }

    /// Pads `text` on the left (numbers) or the right (words) to `width`.
    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let gap = String(repeating: " ", count: max(0, width - text.count))
        return right ? gap + text : text + gap
    }
}
