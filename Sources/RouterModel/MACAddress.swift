/// An Ethernet address, such as `1e:00:c3:00:00:0a`. In JSON it is a string of six two-digit hexadecimal parts
/// separated by colons; it is written back in lower case.
public struct MACAddress: Hashable, Sendable, CustomStringConvertible {
    /// The six bytes.
    public let bytes: [UInt8]

    /// Creates an address from six bytes; `nil` for any other count.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 6 else { return nil }
        self.bytes = bytes
    }

    /// Parses `xx:xx:xx:xx:xx:xx`; `nil` for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        let bytes = parts.compactMap { part in part.utf8.count == 2 ? UInt8(part, radix: 16) : nil }
        guard parts.count == 6, bytes.count == 6 else { return nil }
        self.bytes = bytes
    }

    /// Whether the group bit is set: such an address names a group of stations, never one interface.
    public var isMulticast: Bool { bytes[0] & 1 == 1 }

    /// Lower-case text.
    public var description: String {
        bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined(separator: ":")
    }
}

extension MACAddress: Codable, JSONRepresentable {
    /// Decodes from a string.
    public init(from decoder: any Decoder) throws {
        self = try JSONNode.decodeModel(from: decoder, Self.read)
    }

    /// Encodes as a string.
    public func encode(to encoder: any Encoder) throws {
        try jsonNode.encode(to: encoder)
    }

    var jsonNode: JSONNode { .string(description) }

    static func read(_ reader: inout ModelReader, _ node: JSONNode) -> MACAddress? {
        reader.text(node, expected: "a MAC address such as 1e:00:c3:00:00:0a") { text in
            guard let mac = MACAddress(text) else {
                return .failure(
                    FieldError("expected a MAC address such as 1e:00:c3:00:00:0a, found \(text.quotedForMessage)"))
            }
            if mac.isMulticast {
                return .failure(FieldError("\(mac) is a multicast address; an interface needs a unicast one"))
            }
            if mac.bytes.allSatisfy({ $0 == 0 }) {
                return .failure(FieldError("00:00:00:00:00:00 is not a usable MAC address"))
            }
            return .success(mac)
        }
    }
}
