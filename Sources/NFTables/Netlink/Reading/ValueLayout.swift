/// How one value, or one part of a concatenated key, is laid out in the kernel's bytes.
internal struct ValueLayout: Hashable {
    /// The type, which decides how the bytes read (address, MAC, name or number).
    var type: DataType
    /// The number of bytes the kernel uses for the value.
    var length: Int
    /// Whether the bytes are in network order; otherwise host order.
    var bigEndian: Bool
    /// For header bit fields (`ip dscp`): how far the value sits left of the lowest loaded bit.
    var shift: Int = 0

    /// The bytes the value takes in a register or a concatenated key: parts start on 4-byte boundaries.
    var paddedLength: Int { (length + 3) & ~3 }

    /// The layout nft uses for a value of `type` in a set.
    init(type: DataType, length: Int? = nil, bigEndian: Bool? = nil) {
        self.type = type
        self.length = length ?? type.byteLength
        self.bigEndian = bigEndian ?? type.isBigEndian
    }

    init(type: DataType, length: Int, bigEndian: Bool, shift: Int) {
        self.type = type
        self.length = length
        self.bigEndian = bigEndian
        self.shift = shift
    }

    /// Reads a value of this layout from exactly `length` bytes.
    func decode(_ bytes: ArraySlice<UInt8>) throws(LiftError) -> Value {
        guard bytes.count == length else {
            throw "a \(type.rawValue) value of \(bytes.count) bytes where \(length) were expected"
        }
        switch type {
        case .ipv4Addr, .ipv6Addr:
            guard let address = IPAddress(bytes: Array(bytes)) else { throw "an address of \(bytes.count) bytes" }
            return .address(address)
        case .etherAddr:
            return .ether(Array(bytes))
        case .ifname:
            return .string(String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self))
        case .verdict:
            throw "a verdict where a value was expected"
        default:
            return .integer(try integer(bytes))
        }
    }

    /// Reads the bytes as an unsigned number in this layout's byte order, shifted down by ``shift``.
    func integer(_ bytes: ArraySlice<UInt8>) throws(LiftError) -> UInt64 {
        guard bytes.count <= 8 else { throw "a number of \(bytes.count) bytes" }
        return ValueLayout.integer(bytes, bigEndian: bigEndian) >> UInt64(shift)
    }

    /// The bytes as an unsigned number (at most 8 bytes).
    static func integer(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> UInt64 {
        var value: UInt64 = 0
        if bigEndian || !ValueLayout.hostIsLittleEndian {
            for byte in bytes { value = value << 8 | UInt64(byte) }
        } else {
            for byte in bytes.reversed() { value = value << 8 | UInt64(byte) }
        }
        return value
    }

    static let hostIsLittleEndian: Bool = 1.littleEndian == 1

    /// The key's bytes in network order part by part, so that comparing them bytewise orders values.
    static func networkOrder(_ bytes: [UInt8], parts: [ValueLayout]) -> [UInt8] {
        guard hostIsLittleEndian, parts.contains(where: { !$0.bigEndian && $0.length > 1 }) else { return bytes }
        var result = bytes
        var offset = 0
        for part in parts {
            let end = offset + part.length
            guard end <= result.count else { break }
            if !part.bigEndian && part.type != .ifname { result[offset..<end].reverse() }
            offset += part.paddedLength
        }
        return result
    }
}
