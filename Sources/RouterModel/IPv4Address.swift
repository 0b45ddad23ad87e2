/// An IPv4 address, such as `198.51.100.10`.
///
/// Parsing is strict: four decimal parts 0-255 without leading zeros (`010.0.0.1` is refused because some tools
/// read it as octal).
public struct IPv4Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The address as a number; `0xC6336400` is 198.51.100.0.
    public var value: UInt32

    /// Creates an address from its number.
    public init(_ value: UInt32) {
        self.value = value
    }

    /// Parses dotted-decimal text; `nil` for anything else.
    public init?(_ text: String) {
        guard let value = Self.parse(text.utf8) else { return nil }
        self.value = value
    }

    /// Reads the four parts byte by byte (this runs for every address of large documents).
    static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt32? {
        var value: UInt32 = 0
        var parts = 0
        var part: UInt32 = 0
        var digits = 0
        var leadingZero = false
        for byte in bytes {
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                guard digits < 3, !leadingZero else { return nil }
                leadingZero = digits == 0 && byte == UInt8(ascii: "0")
                part = part * 10 + UInt32(byte - UInt8(ascii: "0"))
                digits += 1
            } else if byte == UInt8(ascii: "."), digits > 0, parts < 3, part <= 255 {
                value = value << 8 | part
                parts += 1
                part = 0
                digits = 0
                leadingZero = false
            } else {
                return nil
            }
        }
        guard parts == 3, digits > 0, part <= 255 else { return nil }
        return value << 8 | part
    }

    /// The four bytes in network order.
    public var bytes: [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
    }

    /// Dotted-decimal text.
    public var description: String {
        bytes.map(String.init).joined(separator: ".")
    }

    /// Orders addresses numerically.
    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool {
        lhs.value < rhs.value
    }
}
