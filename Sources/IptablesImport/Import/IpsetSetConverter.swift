import NFTables

/// Turns an ipset into the nftables set that holds the same elements: `hash:ip` becomes a set of
/// `ipv4_addr`, `hash:net` an interval set, `hash:ip,port` a set of `ipv4_addr . inet_proto . inet_service`,
/// and so on; `bitmap:` types become interval sets of the same keys.
///
/// A set that nftables cannot hold with the same meaning (`list:set`, elements with `nomatch`, a set of the
/// other address family) is refused with an ``IptablesImportError`` that names its `create` line.
public struct IpsetSetConverter: Sendable {
    /// The longest set timeout ipset accepts, in seconds (`ipset(8)`: 2147483).
    static let maximumTimeout: UInt64 = 2_147_483

    /// A set turned into an nftables set, with what did not carry over exactly.
    public struct Conversion: Hashable, Sendable {
        /// The nftables set.
        public var set: NFTSet
        /// What changed on the way (counters dropped, element timeouts reset), one sentence each.
        public var notes: [String]
        /// Where the set was created: `ipsets.txt:3`.
        public var source: String
    }

    /// One part of an ipset type (`ip`, `net`, `port`, ...).
    private enum Part {
        case address(network: Bool)
        case port
        /// A port of any protocol (`bitmap:port`).
        case service
        case mac
        case iface
        case mark

        var keyTypes: (IptablesFamily) -> [DataType] {
            { family in
                switch self {
                case .address: return [family == .ipv4 ? .ipv4Addr : .ipv6Addr]
                case .port: return [.inetProto, .inetService]
                case .service: return [.inetService]
                case .mac: return [.etherAddr]
                case .iface: return [.ifname]
                case .mark: return [.mark]
                }
            }
        }
    }

    /// The family of the dump the sets are for.
    public var family: IptablesFamily
    /// The file the sets come from, for errors.
    public var file: String

    /// Creates a converter for the sets of `file`, used by rules of `family`.
    public init(family: IptablesFamily, file: String) {
        self.family = family
        self.file = file
    }

    /// The nftables set for `definition`.
    public func convert(_ definition: IpsetDefinition) throws(IptablesImportError) -> Conversion {
        let expectedFamily = family == .ipv4 ? "inet" : "inet6"
        guard definition.family == expectedFamily else {
            throw refuse(
                definition,
                "set '\(definition.name)' is of family \(definition.family), but the dump is for "
                    + (family == .ipv4 ? "IPv4" : "IPv6"))
        }
        let parts = try parts(of: definition)
        var notes: [String] = []
        var interval = definition.type.hasPrefix("bitmap:")
        var prefixLength: Int?
        if let netmask = definition.options["netmask"] {
            guard let length = Int(netmask), length >= 1, length <= (family == .ipv4 ? 32 : 128) else {
                throw refuse(definition, "set '\(definition.name)' has an invalid netmask '\(netmask)'")
            }
            prefixLength = length
            interval = true
        }
        var elements: [SetElement] = []
        elements.reserveCapacity(definition.entries.count)
        var reportedTimeouts = false
        var reportedCounters = false
        for entry in definition.entries {
            if entry.options["nomatch"] != nil {
                throw IptablesImportError(
                    .ipset, file: file, line: entry.line, column: entry.column,
                    message: "element '\(entry.element)' of set '\(definition.name)' is a 'nomatch' exception, "
                        + "which nftables sets cannot express")
            }
            let fields = entry.element.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == parts.count else {
                throw badElement(
                    entry, definition, "has \(fields.count) parts, the type \(definition.type) \(parts.count)")
            }
            var values: [Value] = []
            for (part, field) in zip(parts, fields) {
                guard let converted = value(field, as: part, prefixLength: prefixLength) else {
                    throw badElement(entry, definition, "cannot be read as \(definition.type)")
                }
                values.append(contentsOf: converted)
            }
            let key: Value = values.count == 1 ? values[0] : .concat(values)
            if key.isInterval { interval = true }
            if entry.options["timeout"] != nil, !reportedTimeouts {
                notes.append("set '\(definition.name)': element timeouts restart at the set's timeout")
                reportedTimeouts = true
            }
            if entry.options["packets"] != nil || entry.options["bytes"] != nil, !reportedCounters {
                notes.append("set '\(definition.name)': element counters are not carried over")
                reportedCounters = true
            }
            let comment = entry.options["comment"].flatMap { $0.isEmpty ? nil : $0 }
            elements.append(SetElement(key: key, comment: comment))
        }
        var flags: [SetFlag] = interval ? [.interval] : []
        var timeout: UInt64?
        if let seconds = definition.options["timeout"] {
            guard let value = UInt64(seconds) else {
                throw refuse(definition, "set '\(definition.name)' has an invalid timeout '\(seconds)'")
            }
            guard value <= Self.maximumTimeout else {
                throw refuse(
                    definition,
                    "set '\(definition.name)' has a timeout of \(seconds) seconds; ipset allows at most "
                        + "\(Self.maximumTimeout)")
            }
            flags.append(.timeout)
            timeout = value * 1000
        }
        let size = definition.options["maxelem"].flatMap { UInt32($0) }
        let set = NFTSet(
            name: definition.name,
            keyType: parts.flatMap { $0.keyTypes(family) },
            flags: flags,
            timeout: timeout,
            size: size,
            autoMerge: interval && parts.count == 1,
            elements: elements
        )
        return Conversion(set: set, notes: notes, source: "\(file):\(definition.line)")
    }

    private func parts(of definition: IpsetDefinition) throws(IptablesImportError) -> [Part] {
        let pieces = definition.type.split(separator: ":", maxSplits: 1).map(String.init)
        guard pieces.count == 2, ["hash", "bitmap"].contains(pieces[0]) else {
            throw refuse(definition, "set type \(definition.type) has no nftables equivalent")
        }
        var parts: [Part] = []
        for name in pieces[1].split(separator: ",") {
            switch name {
            case "ip": parts.append(.address(network: pieces[0] == "bitmap"))
            case "net": parts.append(.address(network: true))
            case "port": parts.append(.port)
            case "mac": parts.append(.mac)
            case "iface": parts.append(.iface)
            case "mark": parts.append(.mark)
            default: throw refuse(definition, "set type \(definition.type) has no nftables equivalent")
            }
        }
        if definition.type == "bitmap:port" { return [.service] }
        return parts
    }

    /// The key values of one field: one value, or two for a port (`tcp:80` is protocol and port).
    private func value(_ field: String, as part: Part, prefixLength: Int?) -> [Value]? {
        switch part {
        case .address:
            return address(field, prefixLength: prefixLength).map { [$0] }
        case .port:
            var proto: UInt64 = 6
            var port = Substring(field)
            if let colon = field.firstIndex(of: ":") {
                let protocols: [String: UInt64] = ["tcp": 6, "udp": 17, "sctp": 132, "udplite": 136]
                guard let number = protocols[String(field[..<colon])] else { return nil }
                proto = number
                port = field[field.index(after: colon)...]
            }
            guard let service = Self.integerOrRange(port, maximum: 65535) else { return nil }
            return [.integer(proto), service]
        case .service:
            return Self.integerOrRange(Substring(field), maximum: 65535).map { [$0] }
        case .mac:
            let value = Value(parsing: field)
            if case .ether = value { return [value] }
            return nil
        case .iface:
            guard !field.isEmpty, !field.contains(":"), field.utf8.count < 16 else { return nil }
            return [.string(field)]
        case .mark:
            let digits = field.hasPrefix("0x") ? UInt64(field.dropFirst(2), radix: 16) : UInt64(field)
            guard let mark = digits, mark <= UInt64(UInt32.max) else { return nil }
            return [.integer(mark)]
        }
    }

    private func address(_ field: String, prefixLength: Int?) -> Value? {
        if let dash = field.firstIndex(of: "-") {
            guard let low = IPAddress(String(field[..<dash])),
                let high = IPAddress(String(field[field.index(after: dash)...])),
                low.isV4 == (family == .ipv4), high.isV4 == low.isV4, low <= high
            else { return nil }
            return .range(.address(low), .address(high))
        }
        let value = Value(parsing: field)
        switch value {
        case .address(let address) where address.isV4 == (family == .ipv4):
            guard let prefixLength else { return value }
            return .prefix(address.masked(toPrefix: prefixLength), prefixLength)
        case .prefix(let address, let length) where address.isV4 == (family == .ipv4):
            return length == address.bitWidth ? .address(address) : value
        default:
            return nil
        }
    }

    private static func integerOrRange(_ text: Substring, maximum: UInt64) -> Value? {
        if let dash = text.firstIndex(of: "-") {
            guard let low = UInt64(text[..<dash]), let high = UInt64(text[text.index(after: dash)...]), low <= high,
                high <= maximum
            else { return nil }
            return .range(.integer(low), .integer(high))
        }
        guard let number = UInt64(text), number <= maximum else { return nil }
        return .integer(number)
    }

    private func refuse(_ definition: IpsetDefinition, _ message: String) -> IptablesImportError {
        IptablesImportError(.ipset, file: file, line: definition.line, column: definition.typeColumn, message: message)
    }

    private func badElement(_ entry: IpsetEntry, _ definition: IpsetDefinition, _ why: String) -> IptablesImportError {
        IptablesImportError(
            .ipset, file: file, line: entry.line, column: entry.column,
            message: "element '\(entry.element)' of set '\(definition.name)' \(why)")
    }
}
