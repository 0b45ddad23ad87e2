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
        var value: UInt32 = 0
        var parts = 0
        for part in text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard parts < 4, (1...3).contains(part.count), part.first != UInt8(ascii: "0") || part.count == 1,
                part.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
            else { return nil }
            let number = part.reduce(UInt32(0)) { $0 * 10 + UInt32($1 - UInt8(ascii: "0")) }
            guard number <= 255 else { return nil }
            value = value << 8 | number
            parts += 1
        }
        guard parts == 4 else { return nil }
        self.value = value
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
