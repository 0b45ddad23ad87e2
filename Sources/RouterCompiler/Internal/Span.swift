/// A closed interval of one part of a set key: addresses, protocol numbers, ports, ICMP types or codes, all held
/// as unsigned numbers so that one decomposition serves every part.
internal struct Span: Hashable, Sendable, Comparable {
    var lower: UInt128
    var upper: UInt128

    init(_ lower: UInt128, _ upper: UInt128) {
        self.lower = lower
        self.upper = upper
    }

    /// A span of one value.
    init(point: UInt128) {
        self.init(point, point)
    }

    /// A span of small integers (protocols, ports, ICMP types).
    init(_ range: ClosedRange<Int>) {
        self.init(UInt128(range.lowerBound), UInt128(range.upperBound))
    }

    static func < (lhs: Span, rhs: Span) -> Bool {
        (lhs.lower, lhs.upper) < (rhs.lower, rhs.upper)
    }
}
