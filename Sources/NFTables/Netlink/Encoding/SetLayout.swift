import CNetfilter

/// The shape of a set or map as the kernel stores it: key parts, data, and whether keys are intervals.
internal struct SetLayout {
    /// What a map's elements carry.
    enum Data {
        case verdict
        /// Values of these types (several for concatenated data); with `interval`, each value is a range
        /// stored as its two ends one after the other (`dnat to ip saddr map { ... : 192.0.2.1-192.0.2.9 }`).
        case values([ValueSpec], interval: Bool)
    }

    /// One spec per part of the key.
    var key: [ValueSpec]
    var data: Data?
    /// Whether keys are prefixes and ranges (`NFT_SET_INTERVAL`).
    var interval: Bool

    var isConcat: Bool { key.count > 1 }
    var isMap: Bool { data != nil }

    /// Bytes of a key: concatenation parts take whole 4-byte words each.
    var keyLength: Int { SetLayout.length(key) }

    /// nft's type id of the key; a concatenation shifts each part's id by 6 bits.
    var keyType: UInt32 { SetLayout.type(key) }

    var keyByteOrder: ByteOrder { isConcat ? .invalid : key[0].byteOrder }

    /// Offsets of the key parts.
    var keyOffsets: [Int] { SetLayout.offsets(key) }

    var dataLength: Int {
        switch data {
        case nil, .verdict: return 0
        case .values(let parts, let interval): return SetLayout.length(parts) * (interval ? 2 : 1)
        }
    }

    var dataType: UInt32 {
        switch data {
        case nil: return 0
        case .verdict: return UInt32(NFT_DATA_VERDICT.rawValue)
        case .values(let parts, _): return SetLayout.type(parts)
        }
    }

    var dataByteOrder: ByteOrder {
        switch data {
        case .values(let parts, _) where parts.count == 1: return parts[0].byteOrder
        default: return .invalid
        }
    }

    var dataIsInterval: Bool {
        if case .values(_, true) = data { return true }
        return false
    }

    var dataIsConcat: Bool {
        if case .values(let parts, _) = data { return parts.count > 1 }
        return false
    }

    static func length(_ parts: [ValueSpec]) -> Int {
        parts.count == 1 ? parts[0].length : parts.reduce(0) { $0 + ($1.length + 3) / 4 * 4 }
    }

    static func type(_ parts: [ValueSpec]) -> UInt32 {
        parts.reduce(0) { $0 << 6 | $1.typeID }
    }

    static func offsets(_ parts: [ValueSpec]) -> [Int] {
        var offsets: [Int] = []
        var offset = 0
        for part in parts {
            offsets.append(offset)
            offset += (part.length + 3) / 4 * 4
        }
        return offsets
    }
}

extension SetLayout {
    /// The layout of a named set as the model declares it.
    init(_ set: NFTSet) {
        let key = set.keyType.map { ValueSpec($0) }
        let data: Data?
        if set.isVerdictMap {
            data = .verdict
        } else if let types = set.dataType {
            data = .values(types.map { ValueSpec($0) }, interval: set.hasIntervalData)
        } else {
            data = nil
        }
        self.init(key: key, data: data, interval: set.flags.contains(.interval))
    }

    /// The bytes of one non-interval key: a value, or a concatenation of values.
    func keyBytes(_ value: Value) throws(ValueBytes.Mismatch) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: keyLength)
        var failure: ValueBytes.Mismatch?
        bytes.withUnsafeMutableBytes { buffer in
            do throws(ValueBytes.Mismatch) {
                try writeKey(value, to: buffer.baseAddress!)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Writes one non-interval key at `destination` (`keyLength` bytes, padding zeroed).
    func writeKey(_ value: Value, to destination: UnsafeMutableRawPointer) throws(ValueBytes.Mismatch) {
        try SetLayout.write(value, parts: key, bigEndian: interval, to: destination)
    }

    /// Writes the data of a map element (`dataLength` bytes).
    func writeData(_ value: Value, to destination: UnsafeMutableRawPointer) throws(ValueBytes.Mismatch) {
        guard case .values(let parts, let interval) = data else {
            throw ValueBytes.Mismatch(reason: "this map holds verdicts")
        }
        if interval {
            let half = SetLayout.length(parts)
            let (low, high) = try SetLayout.bounds(value)
            try SetLayout.write(low, parts: parts, bigEndian: false, to: destination)
            try SetLayout.write(high, parts: parts, bigEndian: false, to: destination + half)
        } else {
            try SetLayout.write(value, parts: parts, bigEndian: false, to: destination)
        }
    }

    /// The two ends of a range value (a single value is both).
    static func bounds(_ value: Value) throws(ValueBytes.Mismatch) -> (Value, Value) {
        switch value {
        case .range(let low, let high): return (low, high)
        case .prefix(let address, let length):
            return (.address(address), .address(address.lastAddress(inPrefix: length)))
        default: return (value, value)
        }
    }

    /// Writes a value, or the parts of a concatenated value at their word offsets.
    static func write(_ value: Value, parts: [ValueSpec], bigEndian: Bool, to destination: UnsafeMutableRawPointer)
        throws(ValueBytes.Mismatch)
    {
        if parts.count == 1 {
            try ValueBytes.write(value, bigEndian ? parts[0].network : parts[0], to: destination)
            return
        }
        guard case .concat(let values) = value, values.count == parts.count else {
            throw ValueBytes.Mismatch(reason: "expected a concatenation of \(parts.count) values")
        }
        destination.initializeMemory(as: UInt8.self, repeating: 0, count: length(parts))
        var offset = 0
        for (part, spec) in zip(values, parts) {
            try ValueBytes.write(part, bigEndian ? spec.network : spec, to: destination + offset)
            offset += (spec.length + 3) / 4 * 4
        }
    }
}

extension ValueSpec {
    /// The same type with numbers stored big endian, as interval sets and ranges compare them.
    var network: ValueSpec {
        guard byteOrder == .host, !isString else { return self }
        var copy = self
        copy.byteOrder = .big
        return copy
    }
}
