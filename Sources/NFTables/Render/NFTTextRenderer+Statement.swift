extension NFTTextRenderer {
    mutating func append(_ statement: Statement) {
        switch statement {
        case .match(let match):
            appendMatch(match)
        case .counter(let counter):
            output.append("counter")
            if counter.packets != 0 || counter.bytes != 0 {
                output.append(" packets ")
                output.append(String(counter.packets))
                output.append(" bytes ")
                output.append(String(counter.bytes))
            }
        case .log(let log):
            appendLog(log)
        case .limit(let limit):
            appendLimit(limit)
        case .verdict(let verdict):
            appendVerdict(verdict)
        case .verdictMap(let map):
            appendExpression(map.key)
            output.append(" vmap ")
            appendMapSource(map.map, keyTypes: map.key.dataTypes, dataTypes: [.verdict])
        case .reject(let reject):
            appendReject(reject)
        case .nat(let nat):
            appendNAT(nat)
        case .metaSet(let set):
            output.append("meta ")
            output.append(set.key.rawValue)
            output.append(" set ")
            appendSource(value: set.value, from: set.from, type: set.key.dataType)
            appendBitwise(set.bitwise, type: set.key.dataType)
        case .ctSet(let set):
            output.append("ct ")
            output.append(set.key.rawValue)
            output.append(" set ")
            appendSource(value: set.value, from: set.from, type: set.key.dataType)
            appendBitwise(set.bitwise, type: set.key.dataType)
        case .notrack:
            output.append("notrack")
        case .payloadSet(let set):
            output.append(set.field.rawValue)
            output.append(" set ")
            appendValue(set.value, type: set.field.dataType)
        case .dup(let address):
            output.append("dup to ")
            appendAddress(address)
        }
    }

    mutating func appendExpression(_ expression: Expression) {
        output.append(expression.description)
    }

    /// A comparison. On flag types an unmasked `==` is nft's implicit "any of these flags"
    /// (`ct state established,related`); `!=` is "none of them", which nft spells with a mask
    /// (`ct state & (established | related) == 0`): its own `!=` would compare the whole value.
    private mutating func appendMatch(_ match: Match) {
        let types = match.left.dataTypes
        let single = types.count == 1 ? types[0] : nil
        appendExpression(match.left)
        if let mask = match.mask {
            output.append(" & ")
            appendMask(mask, type: single)
            output.append(" ")
            output.append(match.op.rawValue)
            output.append(" ")
            appendOperand(match.right, types: types)
            return
        }
        if let type = single, type.isBitmask, case .value(let value) = match.right,
            let bits = Self.number(value, as: type)
        {
            switch match.op {
            case .eq:
                output.append(" ")
                appendFlags(bits, type: type, separator: ",")
                return
            case .neq:
                output.append(" & ")
                appendMask(bits, type: type)
                output.append(" == 0")
                return
            default:
                break
            }
        }
        switch (match.op, match.left) {
        case (.eq, .numgen), (.eq, .jhash):
            // Spelled out so the value cannot read as another argument of the generator.
            output.append(" == ")
        case (.eq, _):
            output.append(" ")
        default:
            output.append(" ")
            output.append(match.op.rawValue)
            output.append(" ")
        }
        appendOperand(match.right, types: types)
    }

    private mutating func appendMask(_ mask: UInt64, type: DataType?) {
        switch type {
        case .some(let flagType) where flagType.isBitmask:
            if symbolic, let names = NFTSymbols.flagNames(of: mask, as: flagType) {
                output.append("(")
                for (index, name) in names.enumerated() {
                    if index > 0 { output.append(" | ") }
                    output.append(name)
                }
                output.append(")")
            } else {
                appendHex(mask)
            }
        case .some(.ipv4Addr) where mask <= UInt64(UInt32.max):
            appendAddress(.v4(UInt32(mask)))
        default:
            appendHex(mask)
        }
    }

    private mutating func appendOperand(_ operand: Operand, types: [DataType]) {
        switch operand {
        case .value(let value):
            appendValue(value, types: types)
        case .set(let values):
            output.append("{ ")
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(", ") }
                appendValue(value, types: types)
            }
            output.append(" }")
        case .named(let name):
            output.append("@")
            appendName(name)
        }
    }

    /// `@name`, or an anonymous map `{ KEY : DATA, ... }`.
    private mutating func appendMapSource(_ source: MapSource, keyTypes: [DataType], dataTypes: [DataType]) {
        switch source {
        case .named(let name):
            output.append("@")
            appendName(name)
        case .anonymous(let elements):
            output.append("{ ")
            let intervalData = SetElement.haveIntervalData(elements)
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(", ") }
                appendElement(element, keyTypes: keyTypes, dataTypes: dataTypes, intervalData: intervalData)
            }
            output.append(" }")
        }
    }

    private mutating func appendSource(value: Value?, from: Expression?, type: DataType) {
        if let from {
            appendExpression(from)
        } else if let value {
            appendValue(value, type: type)
        }
    }

    /// ` and MASK xor XOR`, leaving out a mask of all ones and a zero xor.
    private mutating func appendBitwise(_ bitwise: Bitwise?, type: DataType) {
        guard let bitwise else { return }
        let allOnes: UInt64 = type.byteLength >= 8 ? UInt64.max : (UInt64(1) << (8 * type.byteLength)) - 1
        if bitwise.mask != allOnes {
            output.append(" and 0x" + String(bitwise.mask, radix: 16))
        }
        if bitwise.xor != 0 || bitwise.mask == allOnes {
            output.append(" xor 0x" + String(bitwise.xor, radix: 16))
        }
    }

    private mutating func appendLog(_ log: Log) {
        output.append("log")
        if let prefix = log.prefix {
            output.append(" prefix ")
            appendQuoted(prefix)
        }
        if let level = log.level {
            output.append(" level ")
            output.append(level.rawValue)
        }
        if let group = log.group {
            output.append(" group ")
            output.append(String(group))
        }
        if let snaplen = log.snaplen {
            output.append(" snaplen ")
            output.append(String(snaplen))
        }
        if let threshold = log.queueThreshold {
            output.append(" queue-threshold ")
            output.append(String(threshold))
        }
    }

    private mutating func appendLimit(_ limit: Limit) {
        output.append(limit.over ? "limit rate over " : "limit rate ")
        output.append(String(limit.rate))
        if limit.bytes { output.append(" bytes") }
        output.append("/")
        output.append(limit.unit.rawValue)
        if let burst = limit.burst {
            output.append(" burst ")
            output.append(String(burst))
            output.append(limit.bytes ? " bytes" : " packets")
        }
    }

    /// `reject`, `reject with tcp reset`, `reject with icmp type host-unreachable`... A type without a
    /// code writes the type's default code (port unreachable), the one the kernel would pick.
    private mutating func appendReject(_ reject: Reject) {
        output.append("reject")
        guard let type = reject.type else { return }
        switch type {
        case .tcpReset:
            output.append(" with tcp reset")
        case .icmp:
            output.append(" with icmp type ")
            appendInteger(UInt64(reject.code ?? 3), type: .icmpCode)
        case .icmpv6:
            output.append(" with icmpv6 type ")
            appendInteger(UInt64(reject.code ?? 4), type: .icmpv6Code)
        case .icmpx:
            output.append(" with icmpx type ")
            let code = UInt64(reject.code ?? 1)
            if symbolic, let entry = NFTSymbols.icmpxCode.first(where: { $0.value == code }) {
                output.append(entry.name)
            } else {
                output.append(String(code))
            }
        }
    }

    /// `snat ip to 192.0.2.1:80`, `dnat ip6 to [fd00::1]-[fd00::5]:80-90 random`,
    /// `masquerade to :1024-65535`, `dnat ip to ip daddr . tcp dport map @forwards`.
    private mutating func appendNAT(_ nat: NAT) {
        output.append(nat.kind.rawValue)
        if let family = nat.family {
            output.append(" ")
            output.append(family.rawValue)
        }
        switch nat.to {
        case .none:
            break
        case .address(let address, let port):
            output.append(" to ")
            if let address {
                let bracketed = port != nil && Self.isIPv6(address)
                appendNATAddress(address, bracketed: bracketed)
            }
            if let port {
                output.append(":")
                appendValue(port, type: .inetService)
            }
        case .map(let key, let source):
            output.append(" to ")
            appendExpression(key)
            output.append(" map ")
            let address: DataType = nat.family == .ip6 ? .ipv6Addr : .ipv4Addr
            appendMapSource(source, keyTypes: key.dataTypes, dataTypes: [address, .inetService])
        }
        if !nat.flags.isEmpty {
            output.append(" ")
            for (index, flag) in nat.flags.enumerated() {
                if index > 0 { output.append(",") }
                output.append(flag.rawValue)
            }
        }
    }

    /// An address or address range; IPv6 ones in brackets when a port follows (`[fd00::1]:80`).
    private mutating func appendNATAddress(_ address: Value, bracketed: Bool) {
        if bracketed, case .range(let low, let high) = address {
            appendNATAddress(low, bracketed: true)
            output.append("-")
            appendNATAddress(high, bracketed: true)
        } else if bracketed {
            output.append("[")
            appendValue(address, type: nil)
            output.append("]")
        } else {
            appendValue(address, type: nil)
        }
    }

    private static func isIPv6(_ value: Value) -> Bool {
        switch value {
        case .address(let address), .prefix(let address, _): return !address.isV4
        case .range(let low, _): return isIPv6(low)
        default: return false
        }
    }
}
