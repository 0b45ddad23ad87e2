#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Text and numbers as ``SVGChart`` writes them: XML-escaped text, and numbers with few decimals, written the
/// same way on every machine (no locale, no platform formatting).
internal enum SVGText {
    /// `text` with the five XML special characters escaped, and the characters XML 1.0 forbids (C0 controls
    /// other than tab, line feed and carriage return) replaced by U+FFFD, so that any name gives a valid document.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `value` with at most `decimals` decimals, trailing zeros dropped: `12.5`, `3`, `-0.25`.
    ///
    /// For coordinates and other values of modest size; a value that is not finite or too large to round
    /// through `Int64` is written in scientific form.
    static func fixed(_ value: Double, decimals: Int = 2) -> String {
        let decimals = min(max(decimals, 0), 9)
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        let scaled = (value * factor).rounded()
        guard scaled.isFinite, abs(scaled) < 9.0e18 else { return scientific(value) }
        let integer = Int64(scaled)
        if integer == 0 { return "0" }
        let magnitude = integer.magnitude
        let divisor = UInt64(factor)
        var text = String(magnitude / divisor)
        if decimals > 0 {
            var fraction = String(magnitude % divisor)
            fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            if !fraction.isEmpty { text += "." + fraction }
        }
        return integer < 0 ? "-" + text : text
    }

    /// `value` as mantissa and power of ten, two decimals at most: `2.5e-7`, `1e300`.
    static func scientific(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-inf" : "inf") }
        guard value != 0 else { return "0" }
        var exponent = Int(log10(abs(value)).rounded(.down))
        // Below 1e-300 the power of ten itself would lose precision: scale the value up first.
        var mantissa = exponent < -300 ? value * 1e300 / powerOfTen(exponent + 300) : value / powerOfTen(exponent)
        if (abs(mantissa) * 100).rounded() >= 1000 {
            exponent += 1
            mantissa /= 10
        }
        return fixed(mantissa, decimals: 2) + "e" + String(exponent)
    }

    /// A tick label: plain numbers up to 999, then `k`, `M`, `G`, `T` (`1.5k`, `10k`, `250M`), and scientific
    /// form for the very large and the very small. `step` is the distance between ticks (decides the decimals).
    static func tickLabel(_ value: Double, step: Double) -> String {
        guard value.isFinite else { return scientific(value) }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e15 || magnitude < 1e-6 { return scientific(value) }
        let suffixes: [(Double, String)] = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        for (factor, suffix) in suffixes where magnitude >= factor {
            return fixed(value / factor, decimals: decimals(for: step / factor)) + suffix
        }
        return fixed(value, decimals: decimals(for: step))
    }

    /// The decade labels of a logarithmic axis: `0.001` to `100`, then `1k`, `10k` ... `100T`, and `1e-4`,
    /// `1e15` beyond.
    static func decadeLabel(_ exponent: Int) -> String {
        switch exponent {
        case -3...2: return fixed(powerOfTen(exponent), decimals: 3)
        case 3...14:
            let suffix = ["k", "M", "G", "T"][exponent / 3 - 1]
            return "1" + String(repeating: "0", count: exponent % 3) + suffix
        default: return "1e" + String(exponent)
        }
    }

    /// 10 to the power `exponent`.
    static func powerOfTen(_ exponent: Int) -> Double {
        pow(10, Double(exponent))
    }

    /// Enough decimals to tell ticks `step` apart (none for steps of 1 and more, at most 6).
    private static func decimals(for step: Double) -> Int {
        guard step.isFinite, step > 0, step < 1 else { return 0 }
        return min(6, Int((-log10(step)).rounded(.up)))
    }
}
