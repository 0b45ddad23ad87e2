/// One part of a key or datum: its type and the largest integer it holds, with a label for messages
/// (`tcp dport`, `ipv4_addr`).
internal struct ValueSlot: Hashable {
    var type: DataType
    var max: UInt64
    var label: String

    /// The slots of what an expression yields, one per part of a concatenation.
    static func slots(for expression: Expression) -> [ValueSlot] {
        switch expression {
        case .payload(let field):
            return [ValueSlot(type: field.dataType, max: maxValue(of: field), label: field.rawValue)]
        case .meta(let key):
            return [ValueSlot(type: key.dataType, max: maxValue(of: key), label: "meta \(key.rawValue)")]
        case .ct(let key):
            return [ValueSlot(type: key.dataType, max: maxValue(of: key), label: "ct \(key.rawValue)")]
        case .concat(let parts):
            return parts.flatMap { slots(for: $0) }
        case .numgen, .jhash:
            return [ValueSlot(type: .integer, max: UInt64(UInt32.max), label: expression.description)]
        case .fib:
            return [ValueSlot(type: .integer, max: UInt64(UInt32.max), label: expression.description)]
        case .exthdr(let field):
            var bits = field.location.length * 8
            if let mask = field.bits?.mask {
                bits = mask.reduce(0) { (count: Int, byte: UInt8) in count + byte.nonzeroBitCount }
            }
            return [ValueSlot(type: .integer, max: (UInt64(1) << UInt64(bits)) - 1, label: expression.description)]
        }
    }

    /// The slots of a set's declared key or data type.
    static func slots(for types: [DataType]) -> [ValueSlot] {
        types.map { ValueSlot(type: $0, max: maxValue(of: $0), label: $0.rawValue) }
    }

    /// The description of `types` as nft declares them: `ipv4_addr . inet_service`.
    static func typeText(_ types: [DataType]) -> String {
        types.map(\.rawValue).joined(separator: " . ")
    }

    private static func maxValue(of type: DataType) -> UInt64 {
        switch type {
        case .inetService: return 0xFFFF
        case .dscp: return 63
        case .ctDir: return 1
        case .hour: return 86399
        case .boolean: return 1
        default: return type.byteLength >= 8 ? UInt64.max : (UInt64(1) << (8 * type.byteLength)) - 1
        }
    }

    private static func maxValue(of field: PayloadField) -> UInt64 {
        switch field {
        case .ipLength, .ipFragOff, .compCpi: return 0xFFFF
        case .ipTtl, .ip6Hoplimit: return 0xFF
        case .ipEcn: return 3
        default: return maxValue(of: field.dataType)
        }
    }

    private static func maxValue(of key: MetaKey) -> UInt64 {
        maxValue(of: key.dataType)
    }

    private static func maxValue(of key: CtKey) -> UInt64 {
        switch key {
        case .zone: return 0xFFFF
        case .packets, .originalPackets, .replyPackets, .bytes, .originalBytes, .replyBytes, .avgpkt, .originalAvgpkt,
            .replyAvgpkt:
            return UInt64.max
        default: return maxValue(of: key.dataType)
        }
    }

    /// Whether values of this slot are integers (compared, masked and ranged as numbers).
    var isNumeric: Bool {
        switch type {
        case .ipv4Addr, .ipv6Addr, .etherAddr, .ifname, .verdict: return false
        default: return true
        }
    }

    /// Why `value` cannot stand in this slot, or `nil` when it can. `intervals` allows prefixes and
    /// ranges (and interface-name wildcards).
    func problem(with value: Value, intervals: Bool) -> String? {
        var shown: String { ValueSlot.text(of: value) }
        switch value {
        case .concat:
            return "\(shown) is a concatenation, but \(label) is a single value"
        case .range(let low, let high):
            guard intervals else { return "a range (\(shown)) cannot be used here" }
            if case .range = low { return "\(shown) is not a valid range" }
            if case .range = high { return "\(shown) is not a valid range" }
            if let problem = problem(with: low, intervals: false) ?? problem(with: high, intervals: false) {
                return problem
            }
            guard let lowBounds = ValueSlot.bounds(of: low), let highBounds = ValueSlot.bounds(of: high),
                lowBounds.low.width == highBounds.low.width
            else {
                return "\(shown) mixes values of different kinds"
            }
            if highBounds.low < lowBounds.low {
                return "the range \(shown) ends before it starts"
            }
            return nil
        default:
            break
        }
        switch type {
        case .ipv4Addr, .ipv6Addr:
            let wantV4 = type == .ipv4Addr
            let family = wantV4 ? "an IPv4 address" : "an IPv6 address"
            switch value {
            case .address(let address):
                return address.isV4 == wantV4 ? nil : "\(shown) is not \(family) (\(label))"
            case .prefix(let address, let length):
                guard address.isV4 == wantV4 else { return "\(shown) is not \(family) prefix (\(label))" }
                guard intervals else { return "a prefix (\(shown)) cannot be used here" }
                guard (0...address.bitWidth).contains(length) else {
                    return "the prefix length \(length) is longer than \(address.bitWidth) bits"
                }
                guard address.masked(toPrefix: length) == address else {
                    return "\(shown) has bits set after the prefix; write \(address.masked(toPrefix: length))/\(length)"
                }
                return nil
            default:
                return "\(shown) is not \(family) (\(label))"
            }
        case .etherAddr:
            guard case .ether(let bytes) = value, bytes.count == 6 else {
                return "\(shown) is not an Ethernet address (\(label))"
            }
            return nil
        case .ifname:
            guard case .string(let name) = value else { return "\(shown) is not an interface name (\(label))" }
            return StatementValidator.interfaceNameProblem(name, wildcard: true)
        case .verdict:
            return "\(shown) is a value, but \(label) holds verdicts"
        default:
            guard let number = NFTTextRenderer.number(value, as: type) else {
                if case .string(let text) = value {
                    return "\"\(text)\" is not a name nft knows for \(label) (\(type.rawValue)); write the number"
                }
                return "\(shown) is not a number (\(label) is \(type.rawValue))"
            }
            guard number <= max else {
                return "\(number) is too large for \(label) (at most \(max))"
            }
            return nil
        }
    }

    /// The value as messages show it: numbers in decimal, as nft would read them back.
    static func text(of value: Value) -> String {
        var renderer = NFTTextRenderer(symbolic: false)
        renderer.appendValue(value, type: nil)
        return renderer.output
    }
}
