import CNetfilter

/// Turns the raw elements the kernel dumps for a set into the object model's elements.
///
/// Interval sets store each interval as a start element and an end element whose key is one past the
/// interval's last value, flagged `NFT_SET_ELEM_INTERVAL_END`; concatenated interval sets store the last
/// value in the element itself (`NFTA_SET_ELEM_KEY_END`). Both are joined back into prefixes and ranges
/// the way `nft list` prints them: one value when the interval holds one, a prefix when the interval is
/// exactly an address prefix, a range otherwise. Elements come back sorted by key.
internal struct SetElementDecoding {
    /// The layout of each key part.
    var keyParts: [ValueLayout]
    /// The layout of each data part of a map, `nil` for a set or a verdict map.
    var dataParts: [ValueLayout]?
    /// Whether elements carry verdicts.
    var isVerdictMap: Bool
    /// Whether map data are intervals (`type ipv4_addr : interval ipv4_addr`), stored as start and end.
    var dataIsInterval: Bool = false
    /// Whether the set holds intervals.
    var isInterval: Bool

    /// Decodes and sorts `elements`.
    func decode(_ elements: [KernelSetElement]) throws(LiftError) -> [SetElement] {
        if isInterval && elements.allSatisfy({ $0.keyEnd == nil }) && keyParts.count == 1 {
            return try joinIntervals(elements)
        }
        var decoded: [(sortKey: ElementSortKey, element: SetElement)] = []
        decoded.reserveCapacity(elements.count)
        for element in elements {
            let key: Value
            if let keyEnd = element.keyEnd {
                key = try interval(from: element.key, to: keyEnd)
            } else {
                key = try value(element.key, parts: keyParts)
            }
            let sortKey = ElementSortKey(ValueLayout.networkOrder(element.key, parts: keyParts))
            decoded.append((sortKey, try finish(element, key: key)))
        }
        decoded.sort { $0.sortKey < $1.sortKey }
        return decoded.map(\.element)
    }

    /// Joins start and end elements of a single-part interval set.
    private func joinIntervals(_ elements: [KernelSetElement]) throws(LiftError) -> [SetElement] {
        guard let part = keyParts.first else { return [] }
        let sorted = elements.map { (ElementSortKey($0.key, end: $0.isIntervalEnd), $0) }.sorted { $0.0 < $1.0 }
        var result: [SetElement] = []
        var open: KernelSetElement?
        for (_, element) in sorted {
            if element.isIntervalEnd {
                // An end with nothing open is nft's marker closing the space below the first interval.
                guard let start = open else { continue }
                guard let last = IntervalArithmetic.predecessor(of: Array(element.key.prefix(part.length))) else {
                    throw "an interval end at the lowest value"
                }
                result.append(
                    try finish(start, key: interval(part, from: start.key.prefix(part.length), to: last[...])))
                open = nil
            } else {
                if let start = open {
                    // Two starts in a row: the first interval runs up to the second, as the kernel matches it.
                    guard let last = IntervalArithmetic.predecessor(of: Array(element.key.prefix(part.length))) else {
                        throw "an interval start at the lowest value after another start"
                    }
                    result.append(
                        try finish(start, key: interval(part, from: start.key.prefix(part.length), to: last[...])))
                }
                open = element
            }
        }
        if let start = open {
            // An interval open at the top of the key space has no end element.
            let top = [UInt8](repeating: 0xFF, count: part.length)
            result.append(try finish(start, key: interval(part, from: start.key.prefix(part.length), to: top[...])))
        }
        return result
    }

    /// Adds the data, verdict and comment of `element` to its decoded key.
    private func finish(_ element: KernelSetElement, key: Value) throws(LiftError) -> SetElement {
        var result = SetElement(key: key)
        if isVerdictMap {
            guard let code = element.verdict else { throw "a verdict map element without a verdict" }
            result.verdict = try SetElementDecoding.verdict(code: code, chain: element.chain)
        } else if let dataParts {
            guard let data = element.data else { throw "a map element without data" }
            if dataIsInterval, dataParts.count == 2 {
                let first = dataParts[0]
                guard data.count >= first.paddedLength + dataParts[1].length else {
                    throw "map data of \(data.count) bytes is too short for an interval"
                }
                result.value = try interval(
                    first, from: data[0..<first.length],
                    to: data[first.paddedLength..<(first.paddedLength + dataParts[1].length)])
            } else {
                result.value = try value(data, parts: dataParts)
            }
        }
        if let userdata = element.userdata {
            result.comment = UserdataReader(userdata).string(Userdata.SetElementType.comment.rawValue)
        }
        return result
    }

    /// One value, or a concatenation of values, from key or data bytes.
    func value(_ bytes: [UInt8], parts: [ValueLayout]) throws(LiftError) -> Value {
        var values: [Value] = []
        var offset = 0
        for part in parts {
            guard offset + part.length <= bytes.count else {
                throw "\(bytes.count) bytes are too few for \(parts.map(\.type.rawValue).joined(separator: " . "))"
            }
            values.append(try part.decode(bytes[offset..<(offset + part.length)]))
            offset += part.paddedLength
        }
        return values.count == 1 ? values[0] : .concat(values)
    }

    /// A concatenated interval element: each part is a value, a prefix or a range.
    private func interval(from start: [UInt8], to end: [UInt8]) throws(LiftError) -> Value {
        var values: [Value] = []
        var offset = 0
        for part in keyParts {
            guard offset + part.length <= start.count, offset + part.length <= end.count else {
                throw "an interval element shorter than its key"
            }
            let range = offset..<(offset + part.length)
            values.append(try interval(part, from: start[range], to: end[range]))
            offset += part.paddedLength
        }
        return values.count == 1 ? values[0] : .concat(values)
    }

    /// `[low, high]` as nft prints it: a value, an address prefix, or a range.
    func interval(_ part: ValueLayout, from low: ArraySlice<UInt8>, to high: ArraySlice<UInt8>) throws(LiftError)
        -> Value
    {
        let lowValue = try part.decode(low)
        if low.elementsEqual(high) { return lowValue }
        if part.type == .ifname, let length = IntervalArithmetic.prefixLength(low: Array(low), high: Array(high)),
            length % 8 == 0
        {
            // An interface name wildcard is the interval of every name that starts with it: `"ppp*"`.
            return .string(String(decoding: low.prefix(length / 8), as: UTF8.self) + "*")
        }
        let highValue = try part.decode(high)
        if case .address(let address) = lowValue,
            let length = IntervalArithmetic.prefixLength(low: Array(low), high: Array(high))
        {
            return .prefix(address, length)
        }
        return .range(lowValue, highValue)
    }

    /// A verdict from its kernel code and chain.
    static func verdict(code: Int32, chain: String?) throws(LiftError) -> Verdict {
        switch code {
        case Int32(NF_ACCEPT): return .accept
        case Int32(NF_DROP): return .drop
        case NFT_CONTINUE.rawValue: return .continue
        case NFT_RETURN.rawValue: return .return
        case NFT_JUMP.rawValue, NFT_GOTO.rawValue:
            guard let chain, !chain.isEmpty else { throw "a jump or goto without a chain" }
            return code == NFT_JUMP.rawValue ? .jump(chain) : .goto(chain)
        default: throw "verdict code \(code) has no form in vrc's model"
        }
    }
}

/// A key's bytes in network order, compared fast for the common keys of up to 16 bytes.
internal struct ElementSortKey: Comparable, Hashable {
    private var high: UInt64 = 0
    private var low: UInt64 = 0
    private var rest: [UInt8] = []
    /// End elements sort before start elements with the same key: `[a, k-1]` closes before `[k, b]` opens.
    private var startFlag: UInt8

    init(_ bytes: [UInt8], end: Bool = false) {
        for index in 0..<min(8, bytes.count) { high |= UInt64(bytes[index]) << (56 - 8 * UInt64(index)) }
        if bytes.count > 8 {
            for index in 8..<min(16, bytes.count) { low |= UInt64(bytes[index]) << (56 - 8 * UInt64(index - 8)) }
        }
        if bytes.count > 16 { rest = Array(bytes[16...]) }
        startFlag = end ? 0 : 1
    }

    static func < (lhs: ElementSortKey, rhs: ElementSortKey) -> Bool {
        if lhs.high != rhs.high { return lhs.high < rhs.high }
        if lhs.low != rhs.low { return lhs.low < rhs.low }
        if lhs.rest != rhs.rest { return lhs.rest.lexicographicallyPrecedes(rhs.rest) }
        return lhs.startFlag < rhs.startFlag
    }
}

/// Arithmetic on big-endian byte strings, for interval bounds.
internal enum IntervalArithmetic {
    /// `value - 1`, or `nil` for zero.
    static func predecessor(of value: [UInt8]) -> [UInt8]? {
        var result = value
        for index in result.indices.reversed() {
            if result[index] > 0 {
                result[index] -= 1
                return result
            }
            result[index] = 0xFF
        }
        return nil
    }

    /// The prefix length when `[low, high]` is exactly one prefix (`low` has only zeros and `high` only
    /// ones after the first `length` bits, which they share); `nil` otherwise.
    static func prefixLength(low: [UInt8], high: [UInt8]) -> Int? {
        guard low.count == high.count else { return nil }
        var length = 0
        var index = 0
        while index < low.count, low[index] == high[index] {
            length += 8
            index += 1
        }
        if index < low.count {
            let difference = low[index] ^ high[index]
            let shared = difference.leadingZeroBitCount
            let tailMask: UInt8 = 0xFF >> shared
            guard low[index] & tailMask == 0, high[index] & tailMask == tailMask else { return nil }
            length += shared
            for rest in (index + 1)..<low.count where low[rest] != 0 || high[rest] != 0xFF {
                return nil
            }
        }
        return length
    }
}
