import Foundation
import RouterModel

/// Reads the values of one databag member the way CloudStack's versions write them, and throws an error that
/// names the file and key when a value cannot be what its key needs.
internal struct FieldReader: Sendable {
    /// The file the value came from.
    var file: String
    /// Where the value is inside it.
    var path: KeyPath

    /// A reader for member `key` below this one.
    func key(_ key: String) -> FieldReader {
        FieldReader(file: file, path: path.key(key))
    }

    /// A reader for item `index` below this one.
    func index(_ index: Int) -> FieldReader {
        FieldReader(file: file, path: path.index(index))
    }

    func error(_ message: String, code: CloudStackImportError.Code = .invalidValue) -> CloudStackImportError {
        CloudStackImportError(code, file: file, key: path.description, message: message)
    }

    func finding(_ severity: CloudStackFinding.Severity, _ reason: String) -> CloudStackFinding {
        CloudStackFinding(severity, databag: file, key: path.description, reason: reason)
    }

    /// A finding of behaviour that is not carried over.
    func finding(_ reason: String) -> CloudStackFinding {
        finding(.notCarriedOver, reason)
    }

    /// An IPv4 or IPv6 address.
    func address(_ value: JSONValue) throws(CloudStackImportError) -> InternetAddress {
        guard let text = value.text?.trimmingCharacters(in: .whitespaces), let address = InternetAddress(text) else {
            throw error("\(value.shown) is not an IPv4 or IPv6 address")
        }
        return address
    }

    /// A prefix length: `"24"`, `24`, a dotted mask `"255.255.255.0"` or `"/24"`; at most `family`'s width.
    func prefixLength(_ value: JSONValue, family: AddressFamily) throws(CloudStackImportError) -> Int {
        if let text = value.text?.trimmingCharacters(in: .whitespaces) {
            let digits = text.hasPrefix("/") ? String(text.dropFirst()) : text
            if let length = Int(digits), (0...family.bitWidth).contains(length) { return length }
            if family == .ipv4, let mask = InternetAddress(text), let length = Self.maskLength(mask) { return length }
        }
        throw error("\(value.shown) is not a prefix length or netmask for \(family)")
    }

    /// The prefix length of a contiguous dotted netmask, or `nil`.
    static func maskLength(_ mask: InternetAddress) -> Int? {
        guard mask.family == .ipv4 else { return nil }
        let bits = mask.bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let length = bits.nonzeroBitCount
        guard bits == (length == 0 ? 0 : UInt32.max << (32 - length)) else { return nil }
        return length
    }

    /// A prefix of a rule (`10.1.1.0/24`) or a single address (`10.1.1.5`, the variant some versions write);
    /// host bits are cleared, as iptables does with `-s`.
    func rulePrefix(_ text: String) throws(CloudStackImportError) -> CIDR {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let cidr = CIDR(trimmed) { return cidr.prefix }
        if let address = InternetAddress(trimmed),
            let cidr = CIDR(address: address, prefixLength: address.family.bitWidth)
        {
            return cidr
        }
        throw error("\"\(trimmed)\" is neither an address nor a prefix such as 10.1.1.0/24")
    }

    /// A list of prefixes: a JSON array of strings, or one string with commas (`"10.1.1.0/25,10.1.1.128/25"`).
    /// Empty means none.
    func prefixList(_ value: JSONValue?) throws(CloudStackImportError) -> [CIDR] {
        guard let value, !value.isEmpty else { return [] }
        var texts: [String] = []
        if let items = value.array {
            for (index, item) in items.enumerated() {
                guard let text = item.text else { throw self.index(index).error("\(item.shown) is not a prefix") }
                texts += text.split(separator: ",").map(String.init)
            }
        } else if let text = value.text {
            texts = text.split(separator: ",").map(String.init)
        } else {
            throw error("\(value.shown) is not a list of prefixes")
        }
        var prefixes: [CIDR] = []
        for text in texts where !text.trimmingCharacters(in: .whitespaces).isEmpty {
            let prefix = try rulePrefix(text)
            if !prefixes.contains(prefix) { prefixes.append(prefix) }
        }
        return prefixes
    }

    /// A port range: `"22"`, `"22:22"`, `"8000-8010"`, `22`, or `[first, last]`.
    func portRange(_ value: JSONValue) throws(CloudStackImportError) -> PortRange {
        var bounds: [Int] = []
        if let items = value.array {
            bounds = items.compactMap(\.integer)
            guard bounds.count == items.count else { throw error("\(value.shown) is not a port range") }
        } else if let port = value.integer {
            bounds = [port]
        } else if let text = value.text {
            let parts = text.split(whereSeparator: { $0 == ":" || $0 == "-" })
            bounds = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard bounds.count == parts.count else { throw error("\(value.shown) is not a port range") }
        }
        guard (1...2).contains(bounds.count), let lower = bounds.first, let upper = bounds.last,
            let range = PortRange(lower: lower, upper: upper)
        else {
            throw error("\(value.shown) is not a port range of 1-65535 (\"22\", \"22:22\" or \"8000-8010\")")
        }
        return range
    }

    /// A protocol: a name (`tcp`, `udp`, `icmp`, `all`) or an IP protocol number.
    func ipProtocol(_ value: JSONValue) throws(CloudStackImportError) -> IPProtocolSpec {
        if let number = value.integer, (0...255).contains(number) { return IPProtocolSpec(number: UInt8(number)) }
        switch value.text?.trimmingCharacters(in: .whitespaces).lowercased() {
        case "tcp": return .tcp
        case "udp": return .udp
        case "icmp": return .icmp
        case "icmpv6", "ipv6-icmp": return .icmpv6
        case "all", "any": return .all
        default: throw error("\(value.shown) is not a protocol (tcp, udp, icmp, all or a number 0-255)")
        }
    }

    /// An ICMP type or code, where `-1` (and absence) means any.
    func icmpValue(_ value: JSONValue?) throws(CloudStackImportError) -> Int? {
        guard let value, !value.isEmpty else { return nil }
        guard let number = value.integer, (-1...255).contains(number) else {
            throw error("\(value.shown) is not an ICMP type or code (0-255, or -1 for any)")
        }
        return number == -1 ? nil : number
    }
}
