#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One axis of an ``SVGChart``: the range of values it shows, its ticks, and where a value lands on it.
///
/// A logarithmic axis spans whole decades and has a labelled tick at each (1, 10, 100, 1k ...), with unlabelled
/// minor ticks at 2-9 when there are few decades; a linear axis has "nice" ticks 1, 2 or 5 times a power of ten
/// apart and includes 0 when every value has the same sign.
internal struct ChartAxis {
    /// A tick: its value, where it lands (0 at the axis's start, 1 at its end) and its label (nil for minor ticks).
    struct Tick: Hashable {
        var value: Double
        var fraction: Double
        var label: String?
    }

    let scale: SVGChart.Scale
    /// The start and end of the axis, in values (linear) or in powers of ten (logarithmic).
    private let low: Double
    private let high: Double
    /// Every tick, in increasing order.
    let ticks: [Tick]

    /// The axis showing `values`, which must be non-empty, finite, and positive on a logarithmic scale.
    init(scale: SVGChart.Scale, values: [Double]) {
        self.scale = scale
        let smallest = values.min() ?? 1
        let largest = values.max() ?? 1
        switch scale {
        case .logarithmic:
            let first = Int(log10(smallest).rounded(.down))
            var last = Int(log10(largest).rounded(.up))
            if first == last { last += 1 }
            low = Double(first)
            high = Double(last)
            ticks = Self.decadeTicks(first: first, last: last)
        case .linear:
            var lower = smallest > 0 ? 0 : smallest
            var upper = largest < 0 ? 0 : largest
            if lower == upper {
                let pad = lower == 0 ? 1 : abs(lower) / 2
                lower -= pad
                upper += pad
            }
            let step = Self.niceStep((upper / 2 - lower / 2) * 0.4)
            let start = (lower / step).rounded(.down) * step
            let end = (upper / step).rounded(.up) * step
            let intervals = ((end / 2 - start / 2) / (step / 2)).rounded()
            if start.isFinite, end.isFinite, intervals >= 1, intervals <= 20 {
                low = start
                high = end
                let count = Int(intervals)
                ticks = (0...count).map { index in
                    let value = start + Double(index) * step
                    return Tick(
                        value: value, fraction: Double(index) / Double(count),
                        label: SVGText.tickLabel(abs(value) < step / 1e9 ? 0 : value, step: step))
                }
            } else {
                // Ranges near the limits of Double: the data's own ends, no rounding.
                low = lower
                high = upper
                ticks = [
                    Tick(value: lower, fraction: 0, label: SVGText.scientific(lower)),
                    Tick(value: upper, fraction: 1, label: SVGText.scientific(upper)),
                ]
            }
        }
    }

    /// Where `value` lands: 0 at the axis's start, 1 at its end.
    func fraction(of value: Double) -> Double {
        switch scale {
        case .logarithmic:
            return (log10(value) - low) / (high - low)
        case .linear:
            return (value / 2 - low / 2) / (high / 2 - low / 2)
        }
    }

    /// Whether the axis can place `value`: finite, and positive on a logarithmic scale.
    static func accepts(_ value: Double, on scale: SVGChart.Scale) -> Bool {
        guard value.isFinite else { return false }
        return scale == .linear || value > 0
    }

    /// 1, 2 or 5 times a power of ten, the smallest at least `rough`.
    static func niceStep(_ rough: Double) -> Double {
        guard rough.isFinite, rough > 0 else { return 1 }
        let exponent = Int(log10(rough).rounded(.down))
        let power = SVGText.powerOfTen(exponent)
        for multiple in [1.0, 2, 5, 10] where multiple * power >= rough * (1 - 1e-9) {
            return multiple * power
        }
        return 10 * power
    }

    /// A labelled tick at every decade (every few when there are many), minor ticks at 2-9 when there are
    /// at most six decades.
    private static func decadeTicks(first: Int, last: Int) -> [Tick] {
        let span = Double(last - first)
        let every = max(1, (last - first + 9) / 10)
        var ticks: [Tick] = []
        for exponent in first...last {
            let offset = Double(exponent - first)
            if (exponent - first) % every == 0 || exponent == last {
                ticks.append(
                    Tick(
                        value: SVGText.powerOfTen(exponent), fraction: offset / span,
                        label: SVGText.decadeLabel(exponent)))
            }
            guard last - first <= 6, exponent < last else { continue }
            for multiple in 2...9 {
                let fraction = (offset + log10(Double(multiple))) / span
                ticks.append(Tick(value: Double(multiple) * SVGText.powerOfTen(exponent), fraction: fraction))
            }
        }
        return ticks.sorted { $0.fraction < $1.fraction }
    }
}
