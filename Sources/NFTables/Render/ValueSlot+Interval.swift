extension ValueSlot {
    /// A key of at most 16 bytes, read as a big-endian number so that it orders the way the kernel
    /// orders keys; `width` keeps keys of different kinds apart.
    struct OrderedKey: Comparable {
        var high: UInt64
        var low: UInt64
        var width: Int

        init(bytes: [UInt8]) {
            var high: UInt64 = 0
            var low: UInt64 = 0
            for (index, byte) in bytes.enumerated() {
                // Left-aligned, so that a shorter key of the same width compares by its leading bytes.
                if index < 8 {
                    high |= UInt64(byte) << (56 - 8 * index)
                } else {
                    low |= UInt64(byte) << (56 - 8 * (index - 8))
                }
            }
            self.init(high: high, low: low, width: bytes.count)
        }

        init(high: UInt64, low: UInt64, width: Int) {
            self.high = high
            self.low = low
            self.width = width
        }

        static func < (lhs: OrderedKey, rhs: OrderedKey) -> Bool {
            (lhs.width, lhs.high, lhs.low) < (rhs.width, rhs.high, rhs.low)
        }

        /// The next key of the same width, `nil` after the last one.
        var successor: OrderedKey? {
            let bits = width * 8
            if bits <= 64 {
                let step = UInt64(1) << (64 - bits)
                let (next, overflow) = high.addingReportingOverflow(step)
                return overflow ? nil : OrderedKey(high: next, low: 0, width: width)
            }
            let step = UInt64(1) << (128 - bits)
            let (nextLow, carry) = low.addingReportingOverflow(step)
            if !carry { return OrderedKey(high: high, low: nextLow, width: width) }
            let (nextHigh, overflow) = high.addingReportingOverflow(1)
            return overflow ? nil : OrderedKey(high: nextHigh, low: nextLow, width: width)
        }
    }

    /// Whether a value covers an interval: a prefix, a range, or an interface name ending in `*`
    /// (which nft stores as the range of names with that beginning).
    static func isInterval(_ value: Value) -> Bool {
        switch value {
        case .prefix, .range: return true
        case .string(let text): return text.hasSuffix("*")
        case .concat(let parts): return parts.contains { isInterval($0) }
        default: return false
        }
    }

    /// The first and last key that a single-part value covers; `nil` for concatenations.
    static func bounds(of value: Value) -> (low: OrderedKey, high: OrderedKey)? {
        switch value {
        case .integer(let number):
            let key = OrderedKey(high: number, low: 0, width: 8)
            return (key, key)
        case .address(let address):
            let key = OrderedKey(address)
            return (key, key)
        case .prefix(let address, let length):
            guard (0...address.bitWidth).contains(length) else { return nil }
            return (
                OrderedKey(address.masked(toPrefix: length)), OrderedKey(address.lastAddress(inPrefix: length))
            )
        case .range(let low, let high):
            guard let low = bounds(of: low), let high = bounds(of: high), low.low.width == high.low.width else {
                return nil
            }
            return (low.low, high.high)
        case .ether(let bytes):
            guard bytes.count <= 16 else { return nil }
            let key = OrderedKey(bytes: bytes)
            return (key, key)
        case .string(let text):
            let width = NFTSyntax.maxInterfaceNameBytes + 1
            var name = Array(text.utf8)
            let wildcard = name.last == UInt8(ascii: "*")
            if wildcard { name.removeLast() }
            guard name.count <= width else { return nil }
            let low = OrderedKey(bytes: name + [UInt8](repeating: 0, count: width - name.count))
            let high = wildcard ? OrderedKey(bytes: name + [UInt8](repeating: 0xFF, count: width - name.count)) : low
            return (low, high)
        case .concat:
            return nil
        }
    }

    /// Why these elements cannot be stored as they are: two cover the same key (the kernel refuses
    /// that, or nft merges them), or, when `mergesAdjacent`, two touch (nft merges those into one
    /// interval, so the kernel would hold other elements than the model). `nil` when they can.
    ///
    /// - Parameter elements: each value with the number that names it in messages (1-based).
    static func overlapProblem(_ elements: [(number: Int, value: Value)], mergesAdjacent: Bool) -> String? {
        var spans: [(low: OrderedKey, high: OrderedKey, number: Int)] = []
        spans.reserveCapacity(elements.count)
        var unordered: [Value: Int] = [:]
        for element in elements {
            if let bounds = bounds(of: element.value) {
                spans.append((bounds.low, bounds.high, element.number))
            } else if let earlier = unordered.updateValue(element.number, forKey: element.value) {
                return "element \(element.number) (\(text(of: element.value))) repeats element \(earlier)"
            }
        }
        guard spans.count > 1 else { return nil }
        spans.sort { $0.low < $1.low || ($0.low == $1.low && $0.number < $1.number) }
        func describe(_ number: Int) -> String {
            "element \(number) (\(text(of: elements.first { $0.number == number }!.value)))"
        }
        var previous = spans[0]
        for span in spans.dropFirst() {
            guard span.low.width == previous.low.width else {
                previous = span
                continue
            }
            let (first, second) =
                previous.number < span.number ? (previous.number, span.number) : (span.number, previous.number)
            if span.low == previous.low && span.high == previous.high {
                return "\(describe(second)) repeats element \(first)"
            }
            if span.low <= previous.high {
                return "\(describe(second)) overlaps \(describe(first))"
            }
            if mergesAdjacent, previous.high.successor == span.low {
                return "\(describe(second)) touches \(describe(first)); nft would merge them into one "
                    + "interval, so write them as one"
            }
            if previous.high < span.high {
                previous = span
            }
        }
        return nil
    }
}

extension ValueSlot.OrderedKey {
    init(_ address: IPAddress) {
        switch address {
        case .v4(let value): self.init(high: UInt64(value) << 32, low: 0, width: 4)
        case .v6(let bytes): self.init(bytes: bytes)
        }
    }
}
