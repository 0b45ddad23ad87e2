/// An IPv4 or IPv6 address without a prefix length, such as `198.51.100.10` or `fd00:1::20`.
///
/// In JSON it is a string. (The name keeps clear of `NFTables.IPAddress`; `bytes` converts between them.)
public enum InternetAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// An IPv4 address.
    case v4(IPv4Address)
    /// An IPv6 address.
    case v6(IPv6Address)

    /// Parses IPv4 or IPv6 text; `nil` for anything else (including text with a prefix length).
    public init?(_ text: String) {
        if text.utf8.contains(UInt8(ascii: ":")) {
            guard let address = IPv6Address(text) else { return nil }
            self = .v6(address)
        } else {
            guard let address = IPv4Address(text) else { return nil }
            self = .v4(address)
        }
    }

    /// IPv4 or IPv6.
    public var family: AddressFamily {
        if case .v4 = self { return .ipv4 }
        return .ipv6
    }

    /// The address's bytes in network order: 4 for IPv4, 16 for IPv6.
    public var bytes: [UInt8] {
        switch self {
        case .v4(let address): return address.bytes
        case .v6(let address): return address.bytes
        }
    }

    /// The address with every bit after the first `prefixLength` cleared.
    public func masked(toPrefixLength prefixLength: Int) -> InternetAddress {
        switch self {
        case .v4(let address):
            return .v4(IPv4Address(address.value & Self.mask32(prefixLength)))
        case .v6(let address):
            let (highMask, lowMask) = Self.mask128(prefixLength)
            return .v6(IPv6Address(high: address.high & highMask, low: address.low & lowMask))
        }
    }

    /// The address with every bit after the first `prefixLength` set: the last address of its prefix.
    public func filled(afterPrefixLength prefixLength: Int) -> InternetAddress {
        switch self {
        case .v4(let address):
            return .v4(IPv4Address(address.value | ~Self.mask32(prefixLength)))
        case .v6(let address):
            let (highMask, lowMask) = Self.mask128(prefixLength)
            return .v6(IPv6Address(high: address.high | ~highMask, low: address.low | ~lowMask))
        }
    }

    /// The usual text form (RFC 5952 for IPv6).
    public var description: String {
        switch self {
        case .v4(let address): return address.description
        case .v6(let address): return address.description
        }
    }

    /// IPv4 before IPv6, then numerically.
    public static func < (lhs: InternetAddress, rhs: InternetAddress) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let a), .v4(let b)): return a < b
        case (.v6(let a), .v6(let b)): return a < b
        case (.v4, .v6): return true
        case (.v6, .v4): return false
        }
    }

    private static func mask32(_ length: Int) -> UInt32 {
        // Smart shifts give 0 for a shift of 32, which is the mask of /0.
        UInt32.max << UInt32(32 - max(0, min(32, length)))
    }

    private static func mask128(_ length: Int) -> (UInt64, UInt64) {
        let length = max(0, min(128, length))
        return (UInt64.max << UInt64(64 - min(length, 64)), UInt64.max << UInt64(128 - max(length, 64)))
    }
}

extension InternetAddress: Codable, JSONRepresentable {
    /// Decodes from a string.
    public init(from decoder: any Decoder) throws {
        self = try JSONNode.decodeModel(from: decoder, Self.read)
    }

    /// Encodes as a string.
    public func encode(to encoder: any Encoder) throws {
        try jsonNode.encode(to: encoder)
    }

    var jsonNode: JSONNode { .string(description) }

    static func read(_ reader: inout ModelReader, _ node: JSONNode) -> InternetAddress? {
        reader.text(node, expected: "an IPv4 or IPv6 address", parse)
    }

    static func parse(_ text: String) -> Result<InternetAddress, FieldError> {
        if let address = InternetAddress(text) { return .success(address) }
        if text.utf8.contains(UInt8(ascii: "/")) {
            return .failure(FieldError("expected an address without a prefix length, found \(text.quotedForMessage)"))
        }
        return .failure(FieldError("expected an IPv4 or IPv6 address, found \(text.quotedForMessage)"))
    }
}
