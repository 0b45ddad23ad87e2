/// An address with a prefix length, such as `10.1.1.1/24` or `fd00:1::/64`.
///
/// Interface addresses use it with host bits (`10.1.1.1/24` is the address 10.1.1.1 on the network
/// 10.1.1.0/24); rule and route prefixes must have none. In JSON it is a string.
public struct CIDR: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The address as written, host bits included.
    public let address: InternetAddress
    /// The number of leading bits that name the network: 0-32 for IPv4, 0-128 for IPv6.
    public let prefixLength: Int

    /// Creates a CIDR; `nil` when `prefixLength` does not fit the address family.
    public init?(address: InternetAddress, prefixLength: Int) {
        guard (0...address.family.bitWidth).contains(prefixLength) else { return nil }
        self.address = address
        self.prefixLength = prefixLength
    }

    /// Parses `ADDRESS/LENGTH`; `nil` for anything else.
    public init?(_ text: String) {
        guard case .success(let cidr) = Self.parse(text) else { return nil }
        self = cidr
    }

    /// IPv4 or IPv6.
    public var family: AddressFamily { address.family }

    /// The first address of the prefix: `10.1.1.0` for `10.1.1.1/24`.
    public var network: InternetAddress { address.masked(toPrefixLength: prefixLength) }

    /// The last address of the prefix: `10.1.1.255` for `10.1.1.1/24`.
    public var lastAddress: InternetAddress { address.filled(afterPrefixLength: prefixLength) }

    /// The prefix without host bits: `10.1.1.0/24` for `10.1.1.1/24`.
    public var prefix: CIDR {
        // The length already fits the family.
        CIDR(address: network, prefixLength: prefixLength)!
    }

    /// Whether the address has bits set after the prefix (as interface addresses do).
    public var hasHostBits: Bool { network != address }

    /// Whether `address` lies in this prefix.
    public func contains(_ address: InternetAddress) -> Bool {
        address.family == family && address.masked(toPrefixLength: prefixLength) == network
    }

    /// Whether every address of `other` lies in this prefix.
    public func contains(_ other: CIDR) -> Bool {
        other.prefixLength >= prefixLength && contains(other.address)
    }

    /// Whether the two prefixes share an address (one then contains the other).
    public func overlaps(_ other: CIDR) -> Bool {
        contains(other) || other.contains(self)
    }

    /// `ADDRESS/LENGTH`, the address in its usual text form.
    public var description: String { "\(address)/\(prefixLength)" }

    /// By address, then by prefix length.
    public static func < (lhs: CIDR, rhs: CIDR) -> Bool {
        (lhs.address, lhs.prefixLength) < (rhs.address, rhs.prefixLength)
    }
}

extension CIDR: Codable, JSONRepresentable {
    /// Decodes from a string.
    public init(from decoder: any Decoder) throws {
        self = try JSONNode.decodeModel(from: decoder, Self.read)
    }

    /// Encodes as a string.
    public func encode(to encoder: any Encoder) throws {
        try jsonNode.encode(to: encoder)
    }

    var jsonNode: JSONNode { .string(description) }

    static func read(_ reader: inout ModelReader, _ node: JSONNode) -> CIDR? {
        reader.text(node, expected: "an address with a prefix length such as 10.1.1.0/24", parse)
    }

    /// Reads a prefix that must not have host bits (rule and route prefixes).
    static func readPrefix(_ reader: inout ModelReader, _ node: JSONNode) -> CIDR? {
        guard let cidr = read(&reader, node) else { return nil }
        guard !cidr.hasHostBits else {
            reader.report("\(cidr) has host bits set; did you mean \(cidr.prefix)?")
            return nil
        }
        return cidr
    }

    static func parse(_ text: String) -> Result<CIDR, FieldError> {
        guard let slash = text.utf8.firstIndex(of: UInt8(ascii: "/")) else {
            let example = text.utf8.contains(UInt8(ascii: ":")) ? "fd00:1::/64" : "10.1.1.0/24"
            return .failure(
                FieldError(
                    "expected an address with a prefix length such as \(example), found \(text.quotedForMessage)"))
        }
        let addressBytes = text.utf8[..<slash]
        let address: InternetAddress?
        if addressBytes.contains(UInt8(ascii: ":")) {
            address = IPv6Address(String(decoding: addressBytes, as: UTF8.self)).map(InternetAddress.v6)
        } else {
            address = IPv4Address.parse(addressBytes).map { .v4(IPv4Address($0)) }
        }
        guard let address else {
            return .failure(FieldError("\(text.quotedForMessage) does not start with an IPv4 or IPv6 address"))
        }
        let lengthBytes = text.utf8[text.utf8.index(after: slash)...]
        guard (1...3).contains(lengthBytes.count),
            lengthBytes.first != UInt8(ascii: "0") || lengthBytes.count == 1,
            lengthBytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else {
            return .failure(FieldError("\(text.quotedForMessage) has no valid prefix length after the \"/\""))
        }
        let length = lengthBytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        guard let cidr = CIDR(address: address, prefixLength: length) else {
            let family = address.family
            return .failure(
                FieldError("prefix length \(length) is longer than \(family.bitWidth), the \(family) maximum"))
        }
        return .success(cidr)
    }
}
