/// One network interface of the router.
///
/// ```json
/// { "name": "eth2", "role": "guest", "network": "web", "addresses": ["10.1.1.1/24", "fd00:1::1/64"] }
/// ```
public struct Interface: Hashable, Sendable {
    /// The Linux interface name: 1-15 bytes, without `/`, `:` or white space, and not `.` or `..`.
    public var name: String
    /// What the interface connects to.
    public var role: InterfaceRole
    /// For a `guest` interface, the key of its entry in `RouterDocument.networks`; `nil` for the other roles.
    public var network: String?
    /// The Ethernet address, when the document fixes one.
    public var mac: MACAddress?
    /// The router's addresses on this interface with their prefix lengths, at least one; the first is primary.
    public var addresses: [CIDR]
    /// The next hop for traffic leaving through a `public` interface; it lies in one of `addresses`' prefixes.
    public var gateway: InternetAddress?

    /// Creates an interface.
    public init(
        name: String, role: InterfaceRole, network: String? = nil, mac: MACAddress? = nil, addresses: [CIDR],
        gateway: InternetAddress? = nil
    ) {
        self.name = name
        self.role = role
        self.network = network
        self.mac = mac
        self.addresses = addresses
        self.gateway = gateway
    }
}

extension Interface: Codable, JSONRepresentable {
    /// Decodes and checks the interface on its own (references to other parts are checked by
    /// `RouterDocument.decode(from:source:)`).
    public init(from decoder: any Decoder) throws {
        self = try JSONNode.decodeModel(from: decoder, Self.read)
    }

    /// Encodes the fields that are set.
    public func encode(to encoder: any Encoder) throws {
        try jsonNode.encode(to: encoder)
    }

    var jsonNode: JSONNode {
        .object([
            "name": .string(name), "role": role.jsonNode, "network": network.map(JSONNode.string),
            "mac": mac?.jsonNode, "addresses": .array(addresses.map(\.jsonNode)), "gateway": gateway?.jsonNode,
        ])
    }

    /// The JSON keys of the object; any other is reported as unknown.
    static let fieldNames = ["name", "role", "network", "mac", "addresses", "gateway"]

    static func read(_ reader: inout ModelReader, _ node: JSONNode) -> Interface? {
        guard let object = reader.object(node, expected: "an interface object", fields: Self.fieldNames) else {
            return nil
        }
        let name = reader.required(object, "name") { reader, node in reader.text(node, parseName) }
        let role = reader.required(object, "role", InterfaceRole.read)
        let network = reader.optional(object, "network") { $0.string($1) }
        let mac = reader.optional(object, "mac", MACAddress.read)
        let addresses = reader.required(object, "addresses") { reader, node -> [CIDR]? in
            guard let addresses = reader.array(node, expected: "an array of CIDRs", readAddress) else { return nil }
            if addresses.isEmpty { reader.report("must hold at least one address, such as 10.1.1.1/24") }
            return addresses.compactMap { $0 }
        }
        let gateway = reader.optional(object, "gateway", InternetAddress.read)
        if let role {
            if role == .guest, !network.isPresent {
                reader.report("required for a guest interface", at: .key("network"))
            } else if role != .guest, network.isPresent {
                reader.report("only a guest interface names a network; this one is \(role)", at: .key("network"))
            }
            if role != .public, gateway.isPresent {
                reader.report("only a public interface has a gateway; this one is \(role)", at: .key("gateway"))
            }
        }
        if let gateway = gateway.value, let addresses {
            if addresses.contains(where: { $0.address == gateway }) {
                reader.report("\(gateway) is an address of the interface itself", at: .key("gateway"))
            } else if !addresses.contains(where: { $0.contains(gateway) }) {
                var seen = Set<CIDR>()
                let prefixes = addresses.map(\.prefix).filter { seen.insert($0).inserted }
                    .map(\.description).joined(separator: ", ")
                reader.report("\(gateway) is outside the interface's prefixes (\(prefixes))", at: .key("gateway"))
            }
        }
        // An interface with a problem of its own is still returned, as far as it could be read, so that the
        // document's checks of names and addresses across interfaces can run; the document is rejected anyway.
        guard let name, let role, let addresses else { return nil }
        return Interface(
            name: name, role: role, network: network.value, mac: mac.value, addresses: addresses,
            gateway: gateway.value)
    }

    /// An interface address: a host of its prefix, so neither the IPv4 network nor broadcast address.
    private static func readAddress(_ reader: inout ModelReader, _ node: JSONNode) -> CIDR? {
        guard let cidr = CIDR.read(&reader, node) else { return nil }
        if cidr.family == .ipv4, cidr.prefixLength <= 30 {
            if cidr.address == cidr.network {
                reader.report("\(cidr) is the network address of its prefix; an interface needs a host address")
                return nil
            }
            if cidr.address == cidr.lastAddress {
                reader.report("\(cidr) is the broadcast address of its prefix; an interface needs a host address")
                return nil
            }
        }
        return cidr
    }

    /// The bytes an interface name cannot hold, with why: those Linux refuses (`dev_valid_name`), and two it allows
    /// that an nftables string cannot carry.
    private static let forbiddenNameBytes: [UInt8: String] = {
        let linux: [UInt8: String] = [
            UInt8(ascii: "/"): "\"/\"", UInt8(ascii: ":"): "\":\"", 0x20: "a space", 0x09: "a tab",
            0x0A: "a line break", 0x0B: "a vertical tab", 0x0C: "a form feed", 0x0D: "a carriage return", 0: "NUL",
        ]
        let nftables: [UInt8: String] = [
            UInt8(ascii: "\""): "a double quote, which an nftables string cannot hold",
            UInt8(ascii: "\\"): "a backslash, which nftables reads as an escape",
        ]
        return linux.mapValues { "\($0), which Linux does not allow in an interface name" }.merging(nftables) { $1 }
    }()

    /// Linux's rules for a device name (`dev_valid_name`): 1-15 bytes, not `.` or `..`, no `/`, `:`, white
    /// space or NUL; and, for nftables, no other control character, no double quote or backslash, and no trailing
    /// `*` (a wildcard; a `*` elsewhere is an ordinary character).
    static func parseName(_ text: String) -> Result<String, FieldError> {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return .failure(FieldError("an interface name needs 1 to 15 bytes, found \"\"")) }
        guard bytes.count <= 15 else {
            return .failure(FieldError("\(text.quotedForMessage) is \(bytes.count) bytes long; Linux allows 15"))
        }
        guard text != ".", text != ".." else {
            return .failure(FieldError("\(text.quotedForMessage) is not a valid interface name"))
        }
        if text.hasSuffix("*") {
            return .failure(
                FieldError(
                    "\(text.quotedForMessage) ends in \"*\", which nftables reads as a wildcard for every name that "
                        + "begins with \(String(text.dropLast()).quotedForMessage)"))
        }
        if let reason = bytes.lazy.compactMap({ Self.forbiddenNameBytes[$0] }).first {
            return .failure(FieldError("\(text.quotedForMessage) contains \(reason)"))
        }
        if let control = bytes.first(where: { $0 < 0x20 || $0 == 0x7F }) {
            let code = String(control, radix: 16, uppercase: true)
            return .failure(
                FieldError(
                    "\(text.quotedForMessage) contains the control character U+\(String(repeating: "0", count: 4 - code.count))\(code), "
                        + "which nftables cannot hold in an interface name"))
        }
        return .success(text)
    }
}
