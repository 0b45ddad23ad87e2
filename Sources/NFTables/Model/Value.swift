/// A constant a rule compares with, a set holds, or a statement writes.
///
/// In JSON a value is a number, a string (an address `"192.0.2.1"`, a prefix
/// `"192.0.2.0/24"`, a MAC `"02:00:00:00:00:01"`, otherwise text such as an interface
/// name, where a trailing `*` is a wildcard), or an object: `{"range": [LOW, HIGH]}`,
/// `{"concat": [V, ...]}`, `{"string": "..."}` for text that would read as an address.
public indirect enum Value: Hashable, Sendable {
    /// An integer: a port, a protocol number, a mark, a type, a bitmask of flags.
    case integer(UInt64)
    /// An IPv4 or IPv6 address.
    case address(IPAddress)
    /// An address prefix, `192.0.2.0/24`; the address has no bits set past the prefix.
    case prefix(IPAddress, Int)
    /// An inclusive range of integers or of addresses.
    case range(Value, Value)
    /// Text, such as an interface name; `"eth*"` matches every name starting with `eth`.
    case string(String)
    /// An Ethernet address, six bytes.
    case ether([UInt8])
    /// One value for each part of a concatenated key.
    case concat([Value])
}

extension Value {
    /// Whether the value covers an interval rather than one point (needs an interval set).
    public var isInterval: Bool {
        switch self {
        case .prefix, .range: return true
        case .concat(let parts): return parts.contains { $0.isInterval }
        default: return false
        }
    }

    /// Parses the string form used in JSON: address, prefix, MAC, or plain text.
    public init(parsing text: String) {
        if let slash = text.firstIndex(of: "/"),
            let address = IPAddress(String(text[..<slash])),
            let length = Int(text[text.index(after: slash)...]),
            (0...address.bitWidth).contains(length)
        {
            self = .prefix(address.masked(toPrefix: length), length)
        } else if let address = IPAddress(text) {
            self = .address(address)
        } else if let mac = Value.parseEther(text) {
            self = .ether(mac)
        } else {
            self = .string(text)
        }
    }

    private static func parseEther(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6, parts.allSatisfy({ $0.count == 2 }) else { return nil }
        let bytes = parts.compactMap { UInt8($0, radix: 16) }
        return bytes.count == 6 ? bytes : nil
    }

    /// The form `Value(parsing:)` reads back, for values that have one.
    var parsableText: String? {
        switch self {
        case .address(let address): return address.description
        case .prefix(let address, let length): return "\(address)/\(length)"
        case .ether(let bytes): return Value.etherText(bytes)
        case .string(let text): return Value(parsing: text) == self ? text : nil
        default: return nil
        }
    }

    static func etherText(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: ":")
    }
}

extension Value: Codable {
    private enum CodingKeys: String, CodingKey {
        case range, concat, string
    }

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer() {
            if let number = try? single.decode(UInt64.self) {
                self = .integer(number)
                return
            }
            if let text = try? single.decode(String.self) {
                self = Value(parsing: text)
                return
            }
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let bounds = try container.decodeIfPresent([Value].self, forKey: .range) {
            guard bounds.count == 2 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .range, in: container, debugDescription: "a range has exactly two bounds")
            }
            self = .range(bounds[0], bounds[1])
        } else if let parts = try container.decodeIfPresent([Value].self, forKey: .concat) {
            self = .concat(parts)
        } else if let text = try container.decodeIfPresent(String.self, forKey: .string) {
            self = .string(text)
        } else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "a value is a number, a string, or an object with range, concat or string"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .integer(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .range(let low, let high):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode([low, high], forKey: .range)
        case .concat(let parts):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(parts, forKey: .concat)
        case .string(let text) where parsableText == nil:
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(text, forKey: .string)
        default:
            var container = encoder.singleValueContainer()
            try container.encode(parsableText!)
        }
    }
}
