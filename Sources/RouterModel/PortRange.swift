/// A port or an inclusive range of ports, 1-65535: `"443"` or `"8000-8099"` in JSON.
///
/// A JSON integer (`443`) is read as a one-port range too; ranges are always written back as strings.
public struct PortRange: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The first port.
    public let lower: Int
    /// The last port; equal to `lower` for a single port.
    public let upper: Int

    /// Creates a range; `nil` unless `1 <= lower <= upper <= 65535`.
    public init?(lower: Int, upper: Int) {
        guard 1 <= lower, lower <= upper, upper <= 65535 else { return nil }
        self.lower = lower
        self.upper = upper
    }

    /// A range of one port; `nil` outside 1-65535.
    public init?(port: Int) {
        self.init(lower: port, upper: port)
    }

    /// Parses `"N"` or `"N-M"`; `nil` for anything else.
    public init?(_ text: String) {
        guard case .success(let range) = Self.parse(text) else { return nil }
        self = range
    }

    /// The number of ports in the range.
    public var count: Int { upper - lower + 1 }

    /// Whether `port` lies in the range.
    public func contains(_ port: Int) -> Bool { (lower...upper).contains(port) }

    /// Whether the two ranges share a port.
    public func overlaps(_ other: PortRange) -> Bool { lower <= other.upper && other.lower <= upper }

    /// `N` or `N-M`.
    public var description: String { lower == upper ? "\(lower)" : "\(lower)-\(upper)" }

    /// By first port, then by last port.
    public static func < (lhs: PortRange, rhs: PortRange) -> Bool {
        (lhs.lower, lhs.upper) < (rhs.lower, rhs.upper)
    }
}

extension PortRange: Codable, JSONRepresentable {
    /// Decodes from `"N"`, `"N-M"` or an integer.
    public init(from decoder: any Decoder) throws {
        self = try JSONNode.decodeModel(from: decoder, Self.read)
    }

    /// Encodes as `"N"` or `"N-M"`.
    public func encode(to encoder: any Encoder) throws {
        try jsonNode.encode(to: encoder)
    }

    var jsonNode: JSONNode { .string(description) }

    static func read(_ reader: inout ModelReader, _ node: JSONNode) -> PortRange? {
        if case .integer(let port) = node.value {
            guard let range = PortRange(port: port) else {
                reader.report("port \(port) is out of range 1-65535")
                return nil
            }
            return range
        }
        guard case .string = node.value else {
            reader.report("expected a port \"N\" or a range \"N-M\", found \(node.kindDescription)")
            return nil
        }
        return reader.text(node, parse)
    }

    static func parse(_ text: String) -> Result<PortRange, FieldError> {
        // Read by hand: this runs for every rule of documents with 100,000 of them.
        var first: Int?
        var current = 0
        var digits = 0
        for byte in text.utf8 {
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte), digits < 5 {
                current = current * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            } else if byte == UInt8(ascii: "-"), digits > 0, first == nil {
                first = current
                current = 0
                digits = 0
            } else {
                digits = -1
                break
            }
        }
        guard digits > 0 else {
            return .failure(FieldError("expected a port \"N\" or a range \"N-M\", found \(text.quotedForMessage)"))
        }
        let lower = first ?? current
        let upper = current
        if let outside = (1...65535).contains(lower) ? ((1...65535).contains(upper) ? nil : upper) : lower {
            return .failure(FieldError("port \(outside) is out of range 1-65535"))
        }
        guard let range = PortRange(lower: lower, upper: upper) else {
            return .failure(FieldError("range \(text) runs backwards; write \(upper)-\(lower)"))
        }
        return .success(range)
    }
}
