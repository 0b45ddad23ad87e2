import NFTables

/// The points a set element covers on one field, as a closed interval of numbers (addresses, ports, protocol
/// numbers), or one name (interfaces): what `ChainOptimizer` needs to tell whether two values overlap.
internal struct ValueSpan: Hashable {
    var lower: UInt128
    var upper: UInt128
    /// For text (interface names), the text; spans of text overlap only when equal.
    var text: String?

    /// The span of `value`, or nil for one that is not a plain element of one field (a wildcard name, a
    /// concatenation).
    init?(_ value: Value) {
        text = nil
        switch value {
        case .integer(let number):
            lower = UInt128(number)
            upper = lower
        case .address(let address):
            lower = Self.number(address)
            upper = lower
        case .prefix(let address, let length):
            lower = Self.number(address.masked(toPrefix: length))
            upper = Self.number(address.lastAddress(inPrefix: length))
        case .range(let low, let high):
            guard let from = ValueSpan(low), let to = ValueSpan(high), from.text == nil, to.text == nil,
                from.lower <= to.upper
            else { return nil }
            lower = from.lower
            upper = to.upper
        case .ether(let bytes):
            lower = bytes.reduce(0) { $0 << 8 | UInt128($1) }
            upper = lower
        case .string(let name):
            guard !name.hasSuffix("*") else { return nil }
            lower = 0
            upper = 0
            text = name
        case .concat:
            return nil
        }
    }

    /// Whether the span holds one point (or one name).
    var isPoint: Bool { text != nil || lower == upper }

    func overlaps(_ other: ValueSpan) -> Bool {
        if text != nil || other.text != nil { return text == other.text }
        return lower <= other.upper && other.lower <= upper
    }

    /// Whether the spans overlap or are next to each other (`192.0.2.0/25` and `192.0.2.128/25`): nft merges
    /// touching intervals of a one-field anonymous set into one, which the ruleset validator refuses.
    func meets(_ other: ValueSpan) -> Bool {
        if text != nil || other.text != nil { return text == other.text }
        return (other.upper == .max || lower <= other.upper + 1) && (upper == .max || other.lower <= upper + 1)
    }

    /// Whether any two of `boxes` (one span per field each) overlap on every field.
    ///
    /// Boxes of points overlap only when equal, which a hash finds; otherwise a sweep along the first field
    /// compares each box only with those whose first span it meets.
    /// With `touching`, boxes that only meet (``meets(_:)``) count too, unless every span is a point: nft merges
    /// neighbours only in a set that holds an interval.
    static func anyOverlap(_ boxes: [[ValueSpan]], touching: Bool = false) -> Bool {
        if boxes.allSatisfy({ $0.allSatisfy(\.isPoint) }) {
            return Set(boxes).count != boxes.count
        }
        let order = boxes.indices.sorted { boxes[$0][0].lower < boxes[$1][0].lower }
        var active: [Int] = []
        for index in order {
            let box = boxes[index]
            active.removeAll {
                let end = boxes[$0][0].upper
                return boxes[$0][0].text == nil && end < box[0].lower && !(touching && end + 1 == box[0].lower)
            }
            for other in active
            where zip(boxes[other], box).allSatisfy({ touching ? $0.meets($1) : $0.overlaps($1) }) {
                return true
            }
            active.append(index)
        }
        return false
    }

    private static func number(_ address: IPAddress) -> UInt128 {
        address.bytes.reduce(0) { $0 << 8 | UInt128($1) }
    }
}
