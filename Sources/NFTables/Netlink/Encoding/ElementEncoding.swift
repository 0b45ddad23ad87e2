import CNetfilter

/// Turns model elements into kernel elements, as nft 1.0.6 does, and packs them into element messages.
///
/// Interval sets of one key part become start and end elements: sorted, merged when the set merges, with an
/// end element at zero first when the lowest interval does not start there, and the last interval left
/// open (no end element, the "open" flag in its userdata) when it reaches the top of the key space.
/// Concatenated interval sets carry each interval in one element, as key and key end.
///
/// Key bytes are written into one reusable buffer and copied by libnftnl; the only allocations per element
/// are libnftnl's own.
internal struct ElementEncoding {
    /// What the element messages are addressed to.
    struct Target {
        var family: UInt32
        var table: String
        var set: String
        var id: UInt32?
    }

    let layout: SetLayout
    let target: Target
    /// Merge overlapping and adjacent intervals instead of refusing them.
    let autoMerge: Bool
    /// Put the end element at zero in front (nft does when it creates a set with its elements).
    let leadingEnd: Bool

    /// An element with this much payload or more goes to the next message; the list stays below 64 KiB.
    static let messageLimit = 64 * 1024

    /// Element messages for `elements`, and the size nft declares for them: the number of kernel elements,
    /// counting the end element an interval open at the top does without.
    func encode(_ elements: [SetElement]) throws(ValueBytes.Mismatch) -> (batches: [NftnlSet], count: Int) {
        var batches = Batches(target: target)
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: 256, alignment: 8)
        defer { scratch.deallocate() }
        if layout.interval && !layout.isConcat {
            try encodeIntervals(elements, into: &batches, scratch: scratch)
        } else {
            for element in elements {
                try encodePlain(element, into: &batches, scratch: scratch)
            }
        }
        let count = batches.count + batches.openIntervals
        return (batches.finish(), count)
    }

    // MARK: Plain and concatenated-interval elements

    private func encodePlain(_ element: SetElement, into batches: inout Batches, scratch: UnsafeMutableRawPointer)
        throws(ValueBytes.Mismatch)
    {
        let keyLength = layout.keyLength
        let key = UnsafeMutableRawBufferPointer(start: scratch, count: keyLength)
        var keyEnd: UnsafeMutableRawBufferPointer?
        if layout.interval {
            // A concatenation of intervals: each part contributes its low end to the key, its high end to
            // the key end.
            guard case .concat(let values) = element.key, values.count == layout.key.count else {
                throw ValueBytes.Mismatch(reason: "expected a concatenation of \(layout.key.count) values")
            }
            let end = UnsafeMutableRawBufferPointer(start: scratch + 64, count: keyLength)
            key.initializeMemory(as: UInt8.self, repeating: 0)
            end.initializeMemory(as: UInt8.self, repeating: 0)
            for (index, (value, spec)) in zip(values, layout.key).enumerated() {
                let offset = layout.keyOffsets[index]
                let (low, high) = try bounds(value, spec)
                low.store(length: spec.length, to: key.baseAddress! + offset)
                high.store(length: spec.length, to: end.baseAddress! + offset)
            }
            keyEnd = end
        } else {
            try layout.writeKey(element.key, to: scratch)
        }
        try batches.append(
            key: UnsafeRawBufferPointer(key), keyEnd: keyEnd.map(UnsafeRawBufferPointer.init), isEnd: false,
            data: try data(of: element, scratch: scratch + 128), userdata: Self.userdata(element.comment, open: false))
    }

    // MARK: Intervals of one key part

    /// One interval, inclusive at both ends, with the element it came from.
    private struct Interval {
        var low: Key128
        var high: Key128
        var index: Int
    }

    private func encodeIntervals(
        _ elements: [SetElement], into batches: inout Batches, scratch: UnsafeMutableRawPointer
    ) throws(ValueBytes.Mismatch) {
        let spec = layout.key[0]
        let length = spec.length
        var intervals: [Interval] = []
        intervals.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            let (low, high) = try bounds(element.key, spec)
            guard low <= high else {
                throw ValueBytes.Mismatch(reason: "the range \(element.key) is empty (its start is above its end)")
            }
            intervals.append(Interval(low: low, high: high, index: index))
        }
        intervals.sort { $0.low < $1.low }

        var merged: [Interval] = []
        merged.reserveCapacity(intervals.count)
        let top = Key128.maximum(length: length)
        for interval in intervals {
            guard let last = merged.last else {
                merged.append(interval)
                continue
            }
            let overlaps = interval.low <= last.high
            let adjacent = !overlaps && last.high != top && interval.low == last.high.incremented()
            if autoMerge && (overlaps || adjacent) {
                if interval.high > last.high {
                    merged[merged.count - 1].high = interval.high
                }
            } else if overlaps {
                throw ValueBytes.Mismatch(
                    reason:
                        "conflicting intervals specified: \(elements[last.index].key) and "
                        + "\(elements[interval.index].key)"
                )
            } else {
                merged.append(interval)
            }
        }

        let key = UnsafeMutableRawBufferPointer(start: scratch, count: length)
        if leadingEnd, let first = merged.first, first.low != Key128.zero {
            key.initializeMemory(as: UInt8.self, repeating: 0)
            try batches.append(
                key: UnsafeRawBufferPointer(key), keyEnd: nil, isEnd: true, data: nil, userdata: nil)
        }
        for interval in merged {
            let element = elements[interval.index]
            let open = interval.high == top
            interval.low.store(length: length, to: scratch)
            try batches.append(
                key: UnsafeRawBufferPointer(key), keyEnd: nil, isEnd: false,
                data: try data(of: element, scratch: scratch + 128),
                userdata: Self.userdata(element.comment, open: open))
            if open {
                batches.openIntervals += 1
            } else {
                interval.high.incremented().store(length: length, to: scratch)
                try batches.append(key: UnsafeRawBufferPointer(key), keyEnd: nil, isEnd: true, data: nil, userdata: nil)
            }
        }
    }

    /// The inclusive ends of a key value of one part, big endian.
    private func bounds(_ value: Value, _ spec: ValueSpec) throws(ValueBytes.Mismatch) -> (Key128, Key128) {
        let network = spec.network
        let length = spec.length
        guard length <= 16 else { throw ValueBytes.Mismatch(reason: "keys longer than 16 bytes cannot be intervals") }
        var buffer = (UInt64(0), UInt64(0))
        return try withUnsafeMutableBytes(of: &buffer) { (raw) throws(ValueBytes.Mismatch) -> (Key128, Key128) in
            let pointer = raw.baseAddress!
            switch value {
            case .prefix(let address, let prefixLength):
                try ValueBytes.write(.address(address), network, to: pointer)
                let low = Key128(loading: pointer, length: length)
                let hostBits = length * 8 - prefixLength
                guard hostBits >= 0 else { throw ValueBytes.Mismatch(reason: "prefix /\(prefixLength) is too long") }
                return (low.masked(keepingHighBits: prefixLength, length: length), low.settingLowBits(hostBits))
            case .range(let lowValue, let highValue):
                try ValueBytes.write(lowValue, network, to: pointer)
                let low = Key128(loading: pointer, length: length)
                try ValueBytes.write(highValue, network, to: pointer)
                return (low, Key128(loading: pointer, length: length))
            case .string(let text) where spec.isString && text.hasSuffix("*"):
                let stem = Array(text.utf8.dropLast())
                guard stem.count < length else { throw ValueBytes.Mismatch(reason: "'\(text)' is too long") }
                pointer.initializeMemory(as: UInt8.self, repeating: 0, count: length)
                stem.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress!, byteCount: stem.count) }
                let low = Key128(loading: pointer, length: length)
                return (low, low.settingLowBits((length - stem.count) * 8))
            default:
                try ValueBytes.write(value, network, to: pointer)
                let point = Key128(loading: pointer, length: length)
                return (point, point)
            }
        }
    }

    // MARK: Data and userdata

    private func data(of element: SetElement, scratch: UnsafeMutableRawPointer) throws(ValueBytes.Mismatch)
        -> Batches.ElementData?
    {
        switch layout.data {
        case nil:
            return nil
        case .verdict:
            guard let verdict = element.verdict else {
                throw ValueBytes.Mismatch(reason: "element \(element.key) of a verdict map needs a verdict")
            }
            return .verdict(verdict)
        case .values:
            guard let value = element.value else {
                throw ValueBytes.Mismatch(reason: "element \(element.key) of a map needs a value")
            }
            try layout.writeData(value, to: scratch)
            return .bytes(UnsafeRawBufferPointer(start: scratch, count: layout.dataLength))
        }
    }

    /// Element userdata: the comment, then the flags TLV for an interval left open at the top.
    static func userdata(_ comment: String?, open: Bool) -> [UInt8]? {
        guard comment != nil || open else { return nil }
        var userdata = Userdata()
        if let comment {
            userdata.putString(Userdata.SetElementType.comment.rawValue, comment)
        }
        if open {
            userdata.putUInt32(Userdata.SetElementType.flags.rawValue, UInt32(NFTNL_SET_ELEM_F_INTERVAL_OPEN.rawValue))
        }
        return userdata.bytes
    }
}

extension ElementEncoding {
    /// Element messages being filled: a new one starts when the next element would pass the limit.
    fileprivate struct Batches {
        enum ElementData {
            case verdict(Verdict)
            case bytes(UnsafeRawBufferPointer)
        }

        let target: Target
        private var batches: [NftnlSet] = []
        private var current: NftnlSet?
        private var currentBytes = 0
        private let overhead: Int
        private(set) var count = 0
        /// Intervals that reach the top of the key space and so have no end element.
        var openIntervals = 0

        init(target: Target) {
            self.target = target
            // nlmsghdr, nfgenmsg, table and set names, set id, and the header of the element list.
            overhead =
                16 + 4 + Batches.attributeSize(target.table.utf8.count + 1)
                + Batches.attributeSize(target.set.utf8.count + 1) + (target.id == nil ? 0 : 8) + 4
        }

        static func attributeSize(_ payload: Int) -> Int {
            4 + (payload + 3) / 4 * 4
        }

        mutating func append(
            key: UnsafeRawBufferPointer, keyEnd: UnsafeRawBufferPointer?, isEnd: Bool, data: ElementData?,
            userdata: [UInt8]?
        ) throws(ValueBytes.Mismatch) {
            let element = nftnl_set_elem_alloc()!
            var size = 4 + 4 + Batches.attributeSize(key.count)
            nftnl_set_elem_set(element, UInt16(NFTNL_SET_ELEM_KEY), key.baseAddress, UInt32(key.count))
            if let keyEnd {
                nftnl_set_elem_set(
                    element, UInt16(NFTNL_SET_ELEM_KEY_END), keyEnd.baseAddress, UInt32(keyEnd.count))
                size += 4 + Batches.attributeSize(keyEnd.count)
            }
            if isEnd {
                nftnl_set_elem_set_u32(
                    element, UInt16(NFTNL_SET_ELEM_FLAGS), UInt32(NFT_SET_ELEM_INTERVAL_END.rawValue))
                size += 8
            }
            switch data {
            case nil:
                break
            case .verdict(let verdict):
                nftnl_set_elem_set_u32(element, UInt16(NFTNL_SET_ELEM_VERDICT), UInt32(bitPattern: verdict.code))
                size += 4 + 4 + 8
                if let chain = verdict.chain {
                    nftnl_set_elem_set_str(element, UInt16(NFTNL_SET_ELEM_CHAIN), chain)
                    size += Batches.attributeSize(chain.utf8.count + 1)
                }
            case .bytes(let bytes):
                nftnl_set_elem_set(element, UInt16(NFTNL_SET_ELEM_DATA), bytes.baseAddress, UInt32(bytes.count))
                size += 4 + Batches.attributeSize(bytes.count)
            }
            if let userdata {
                userdata.withUnsafeBytes { buffer in
                    _ = nftnl_set_elem_set(
                        element, UInt16(NFTNL_SET_ELEM_USERDATA), buffer.baseAddress, UInt32(buffer.count))
                }
                size += Batches.attributeSize(userdata.count)
            }
            if current == nil || overhead + currentBytes + size >= ElementEncoding.messageLimit {
                startBatch()
            }
            nftnl_set_elem_add(current!.pointer, element)
            currentBytes += size
            count += 1
        }

        private mutating func startBatch() {
            let set = NftnlSet()
            nftnl_set_set_u32(set.pointer, UInt16(NFTNL_SET_FAMILY.rawValue), target.family)
            nftnl_set_set_str(set.pointer, UInt16(NFTNL_SET_TABLE.rawValue), target.table)
            nftnl_set_set_str(set.pointer, UInt16(NFTNL_SET_NAME.rawValue), target.set)
            if let id = target.id {
                nftnl_set_set_u32(set.pointer, UInt16(NFTNL_SET_ID.rawValue), id)
            }
            batches.append(set)
            current = set
            currentBytes = 0
        }

        consuming func finish() -> [NftnlSet] {
            batches
        }
    }
}

/// A key of up to 16 bytes as a big-endian number, for sorting and merging intervals without allocating.
internal struct Key128: Comparable {
    var high: UInt64
    var low: UInt64

    static let zero = Key128(high: 0, low: 0)

    /// Reads `length` bytes as a big-endian number.
    init(loading pointer: UnsafeRawPointer, length: Int) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        let bytes = pointer.assumingMemoryBound(to: UInt8.self)
        for index in 0..<length {
            high = high << 8 | low >> 56
            low = low << 8 | UInt64(bytes[index])
        }
        self.init(high: high, low: low)
    }

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The largest key of `length` bytes: all ones.
    static func maximum(length: Int) -> Key128 {
        Key128.zero.settingLowBits(length * 8)
    }

    /// The key with its lowest `count` bits set.
    func settingLowBits(_ count: Int) -> Key128 {
        var result = self
        if count >= 128 {
            return Key128(high: .max, low: .max)
        }
        if count >= 64 {
            result.low = .max
            result.high |= count == 64 ? 0 : (UInt64.max >> (128 - count))
        } else if count > 0 {
            result.low |= UInt64.max >> (64 - count)
        }
        return result
    }

    /// The key with only its highest `keep` bits (of `length` bytes) left.
    func masked(keepingHighBits keep: Int, length: Int) -> Key128 {
        let hostBits = length * 8 - keep
        let ones = Key128.zero.settingLowBits(hostBits)
        return Key128(high: high & ~ones.high, low: low & ~ones.low)
    }

    func incremented() -> Key128 {
        let low = self.low &+ 1
        return Key128(high: low == 0 ? high &+ 1 : high, low: low)
    }

    /// Writes the low `length` bytes big endian.
    func store(length: Int, to pointer: UnsafeMutableRawPointer) {
        let bytes = pointer.assumingMemoryBound(to: UInt8.self)
        for index in 0..<length {
            let shift = (length - 1 - index) * 8
            bytes[index] =
                shift >= 64
                ? UInt8(truncatingIfNeeded: high >> UInt64(shift - 64))
                : UInt8(truncatingIfNeeded: low >> UInt64(shift))
        }
    }

    static func < (lhs: Key128, rhs: Key128) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }
}
