/// An IPv6 address, such as `fd00:1::1`.
///
/// Parsing accepts the text forms of RFC 4291 (with `::` and a dotted IPv4 tail) but no zone (`%eth0`);
/// `description` writes the canonical form of RFC 5952.
public struct IPv6Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The first 64 bits.
    public var high: UInt64
    /// The last 64 bits.
    public var low: UInt64

    /// Creates an address from its two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses IPv6 text; `nil` for anything else.
    public init?(_ text: String) {
        guard let groups = Self.parseGroups(Array(text.utf8)) else { return nil }
        high = groups[0..<4].reduce(0) { $0 << 16 | UInt64($1) }
        low = groups[4..<8].reduce(0) { $0 << 16 | UInt64($1) }
    }

    /// The sixteen bytes in network order.
    public var bytes: [UInt8] {
        (0..<16).map { index in
            let half = index < 8 ? high : low
            return UInt8(truncatingIfNeeded: half >> (56 - 8 * UInt64(index % 8)))
        }
    }

    /// The eight 16-bit groups.
    var groups: [UInt16] {
        (0..<8).map { index in
            let half = index < 4 ? high : low
            return UInt16(truncatingIfNeeded: half >> (48 - 16 * UInt64(index % 4)))
        }
    }

    /// RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups (the first of
    /// equal runs) written `::`, and IPv4-mapped addresses as `::ffff:192.0.2.1`.
    public var description: String {
        let groups = self.groups
        if high == 0, low >> 32 == 0xFFFF {
            return "::ffff:" + IPv4Address(UInt32(truncatingIfNeeded: low)).description
        }
        var bestStart = -1
        var bestLength = 1
        var runStart = -1
        for index in 0...8 {
            if index < 8, groups[index] == 0 {
                if runStart < 0 { runStart = index }
            } else if runStart >= 0 {
                if index - runStart > bestLength {
                    bestStart = runStart
                    bestLength = index - runStart
                }
                runStart = -1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestStart >= 0 else { return hex.joined(separator: ":") }
        let head = hex[..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }

    /// Orders addresses numerically.
    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    private static func parseGroups(_ text: [UInt8]) -> [UInt16]? {
        let colon = UInt8(ascii: ":")
        guard text.count >= 2, text.count <= 45 else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var compressed = false
        var index = 0
        if text[0] == colon {
            guard text[1] == colon else { return nil }
            compressed = true
            index = 2
        }
        while index < text.count {
            var end = index
            while end < text.count, text[end] != colon { end += 1 }
            let token = text[index..<end]
            if token.contains(UInt8(ascii: ".")) {
                // A dotted IPv4 tail ends the address.
                guard end == text.count, let v4 = IPv4Address.parse(token) else { return nil }
                let pair = [UInt16(truncatingIfNeeded: v4 >> 16), UInt16(truncatingIfNeeded: v4)]
                if compressed { tail += pair } else { head += pair }
                index = end
                break
            }
            guard (1...4).contains(token.count) else { return nil }
            var group: UInt16 = 0
            for byte in token {
                guard let digit = hexValue(byte) else { return nil }
                group = group << 4 | UInt16(digit)
            }
            if compressed { tail.append(group) } else { head.append(group) }
            index = end
            guard index < text.count else { break }
            index += 1
            guard index < text.count else { return nil }
            if text[index] == colon {
                guard !compressed else { return nil }
                compressed = true
                index += 1
            }
        }
        let count = head.count + tail.count
        if compressed {
            guard count <= 7 else { return nil }
            return head + Array(repeating: 0, count: 8 - count) + tail
        }
        return count == 8 ? head : nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
