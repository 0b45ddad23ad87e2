import NFTables
import RouterModel

/// Runs chains of a compiled table on a packet the way nf_tables does: rules in order, statements left to right,
/// a match that cannot load its field (a dependency fails, the header is too short) ends the rule without a
/// verdict; lookups in named sets and maps test every element (prefixes, ranges, concatenations).
///
/// It knows the statements and expressions the router compiler writes for filtering: matches against values,
/// anonymous and named sets, verdicts and verdict maps. Connection-tracking fields read the packet as its flow's
/// original direction (no NAT in between).
struct RulesetEvaluator {
    /// How a chain ended.
    enum Outcome: Equatable {
        case accept
        case drop
        /// The chain returned (by `return` or by running out of rules) to the chain that jumped to it.
        case fellThrough
    }

    /// A field's value: a number (addresses as 128-bit numbers) or a name.
    enum FieldValue: Equatable {
        case number(UInt128)
        case text(String)
    }

    let table: Table

    /// Runs `chain` on `packet`, following jumps and gotos.
    func run(_ chain: String, _ packet: TestPacket) -> Outcome {
        guard let rules = table.chain(named: chain)?.rules else { fatalError("no chain \(chain)") }
        for rule in rules {
            switch evaluate(rule, packet) {
            case nil: continue
            case .accept?: return .accept
            case .drop?: return .drop
            case .return?: return .fellThrough
            case .continue?: continue
            case .jump(let target)?:
                let outcome = run(target, packet)
                if outcome != .fellThrough { return outcome }
            case .goto(let target)?:
                return run(target, packet)
            }
        }
        return .fellThrough
    }

    /// The verdict a rule reaches, or `nil` when it stops (a match fails) or ends without one.
    private func evaluate(_ rule: Rule, _ packet: TestPacket) -> Verdict? {
        for statement in rule.statements {
            switch statement {
            case .match(let match):
                guard let fields = self.fields(match.left, packet), self.matches(match, fields) else { return nil }
            case .verdict(let verdict):
                return verdict
            case .verdictMap(let map):
                guard let fields = self.fields(map.key, packet) else { return nil }
                let elements: [SetElement]
                switch map.map {
                case .named(let name): elements = table.set(named: name)?.elements ?? []
                case .anonymous(let anonymous): elements = anonymous
                }
                guard let hit = elements.first(where: { Self.contains($0.key, fields) }), let verdict = hit.verdict
                else { return nil }
                return verdict
            case .counter:
                continue
            default:
                fatalError("the evaluator does not run \(statement)")
            }
        }
        return nil
    }

    private func matches(_ match: Match, _ fields: [FieldValue]) -> Bool {
        precondition(match.mask == nil, "the evaluator does not mask")
        let found: Bool
        switch match.right {
        case .value(let value): found = Self.contains(value, fields)
        case .set(let values): found = values.contains { Self.contains($0, fields) }
        case .named(let name):
            guard let set = table.set(named: name) else { fatalError("no set \(name)") }
            found = set.elements.contains { Self.contains($0.key, fields) }
        }
        switch match.op {
        case .eq: return found
        case .neq: return !found
        default: fatalError("the evaluator compares with == and != only")
        }
    }

    // MARK: Fields

    /// The values an expression reads, one per part, or `nil` when the packet does not have them.
    func fields(_ expression: Expression, _ packet: TestPacket) -> [FieldValue]? {
        switch expression {
        case .concat(let parts):
            var values: [FieldValue] = []
            for part in parts {
                guard let value = fields(part, packet) else { return nil }
                values += value
            }
            return values
        case .payload(let field):
            return payload(field, packet).map { [$0] }
        case .meta(let key):
            switch key {
            case .iifname: return [.text(packet.iifname)]
            case .oifname: return [.text(packet.oifname)]
            case .l4proto: return [.number(UInt128(packet.l4proto))]
            case .nfproto: return [.number(packet.family == .ipv4 ? 2 : 10)]
            default: fatalError("the evaluator does not read meta \(key)")
            }
        case .ct(let key):
            switch key {
            case .originalIpDaddr:
                return packet.family == .ipv4 ? [.number(PacketNumbers.coordinate(packet.destination))] : nil
            case .originalIp6Daddr:
                return packet.family == .ipv6 ? [.number(PacketNumbers.coordinate(packet.destination))] : nil
            case .originalProtoDst:
                return packet.destinationPort.map { [.number(UInt128($0))] }
            default: fatalError("the evaluator does not read ct \(key)")
            }
        default:
            fatalError("the evaluator does not read \(expression)")
        }
    }

    private func payload(_ field: PayloadField, _ packet: TestPacket) -> FieldValue? {
        func address(_ family: AddressFamily, _ address: InternetAddress) -> FieldValue? {
            packet.family == family ? .number(PacketNumbers.coordinate(address)) : nil
        }
        func transportByte(_ offset: Int, protocol number: UInt8?, family: AddressFamily? = nil) -> FieldValue? {
            if let number, packet.l4proto != number { return nil }
            if let family, packet.family != family { return nil }
            return packet.transport.count > offset ? .number(UInt128(packet.transport[offset])) : nil
        }
        func port(protocol number: UInt8?) -> FieldValue? {
            if let number, packet.l4proto != number { return nil }
            return packet.destinationPort.map { .number(UInt128($0)) }
        }
        switch field {
        case .ipSaddr: return address(.ipv4, packet.source)
        case .ipDaddr: return address(.ipv4, packet.destination)
        case .ip6Saddr: return address(.ipv6, packet.source)
        case .ip6Daddr: return address(.ipv6, packet.destination)
        case .thDport: return port(protocol: nil)
        case .tcpDport: return port(protocol: 6)
        case .udpDport: return port(protocol: 17)
        case .icmpType: return transportByte(0, protocol: 1, family: .ipv4)
        case .icmpCode: return transportByte(1, protocol: 1, family: .ipv4)
        case .icmpv6Type: return transportByte(0, protocol: 58, family: .ipv6)
        case .icmpv6Code: return transportByte(1, protocol: 58, family: .ipv6)
        default: fatalError("the evaluator does not read \(field.rawValue)")
        }
    }

    // MARK: Values

    /// Whether a key value (one part, or a concatenation of parts) holds the fields.
    static func contains(_ value: Value, _ fields: [FieldValue]) -> Bool {
        if case .concat(let parts) = value {
            return parts.count == fields.count && zip(parts, fields).allSatisfy { contains($0, $1) }
        }
        return fields.count == 1 && contains(value, fields[0])
    }

    private static func contains(_ value: Value, _ field: FieldValue) -> Bool {
        switch (value, field) {
        case (.string(let text), .text(let name)):
            return text.hasSuffix("*") ? name.hasPrefix(text.dropLast()) : name == text
        case (.range(let low, let high), .number(let number)):
            guard let low = bound(low), let high = bound(high) else { return false }
            return low <= number && number <= high
        case (.prefix(let address, let length), .number(let point)):
            let first = number(of: address)
            let hostBits = address.bitWidth - length
            let last = hostBits == 128 ? UInt128.max : first | ((UInt128(1) << hostBits) - 1)
            return first <= point && point <= last
        default:
            return bound(value).map { $0 == field.numberValue } ?? false
        }
    }

    private static func bound(_ value: Value) -> UInt128? {
        switch value {
        case .integer(let integer): return UInt128(integer)
        case .address(let address): return number(of: address)
        default: return nil
        }
    }

    private static func number(of address: IPAddress) -> UInt128 {
        address.bytes.reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
    }
}

extension RulesetEvaluator.FieldValue {
    var numberValue: UInt128? {
        if case .number(let number) = self { return number }
        return nil
    }
}
