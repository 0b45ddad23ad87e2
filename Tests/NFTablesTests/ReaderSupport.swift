import Foundation

@testable import NFTables

extension Ruleset {
    /// The ruleset in the form a read-back yields: without what only the kernel knows (handles, counter
    /// values), and with every choice the kernel cannot tell apart made one way.
    ///
    /// Each rewrite below turns a model into another that the kernel stores identically, so comparing two
    /// rulesets in this form is comparing what the kernel holds:
    /// - symbolic names (`"established,related"`, `"echo-request"`) are their numbers;
    /// - set elements, set flags and NAT flags in one order (the kernel keeps no order for them);
    /// - a base chain without a policy has the kernel's default, `accept`;
    /// - interval values as nft lists them: `a-a` is `a`, `a/32` is `a`, a range that is a prefix is the prefix;
    /// - a one-element anonymous set is its value (nft compiles it to a comparison);
    /// - on flag types `& m == 0` is `!= m` and `& m != 0` is `== m` (nft's flag tests);
    /// - `log level warn`, `burst 5 packets` and `burst 0 bytes` are the defaults, written as absent;
    /// - `reject` with the family's default ICMP type and code is plain `reject`;
    /// - NAT outside inet tables names no family.
    var readBackCanonical: Ruleset {
        var copy = self
        copy.tables = tables.map { $0.readBackCanonical }
        return copy
    }
}

extension Table {
    var readBackCanonical: Table {
        var table = self
        table.handle = nil
        table.sets = sets.map { set in
            var set = set
            set.handle = nil
            // The kernel keeps timeouts in jiffies (4 ms at HZ=250): `1d1h1m1s1ms` reads back without its 1 ms.
            set.timeout = set.timeout.map { $0 - $0 % 4 }
            set.flags = Array(Set(set.flags)).sorted { $0.rawValue < $1.rawValue }
            set.elements = ReadBackCanonical.sorted(
                set.elements.map {
                    ReadBackCanonical.element(
                        $0, types: set.keyType, dataTypes: set.isVerdictMap ? [] : set.dataType ?? [])
                })
            return set
        }
        table.chains = chains.map { chain in
            var chain = chain
            chain.handle = nil
            if var hook = chain.hook, hook.policy == nil {
                hook.policy = .accept
                chain.hook = hook
            }
            chain.rules = chain.rules.map { rule in
                var rule = rule
                rule.handle = nil
                rule.statements = ReadBackCanonical.transportFields(
                    rule.statements.map { ReadBackCanonical.statement($0, family: family) })
                return rule
            }
            return chain
        }
        return table
    }
}

/// The rewrites of ``Ruleset/readBackCanonical``.
enum ReadBackCanonical {
    static func sorted(_ elements: [SetElement]) -> [SetElement] {
        elements.sorted { key($0) < key($1) }
    }

    static func sorted(_ values: [Value]) -> [Value] {
        values.sorted { key($0) < key($1) }
    }

    private static func key<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
    }

    static func element(_ element: SetElement, types: [DataType], dataTypes: [DataType] = []) -> SetElement {
        var element = element
        element.key = value(symbolic(element.key, types: types))
        element.value = element.value.map { value(symbolic($0, types: dataTypes)) }
        return element
    }

    /// A symbolic name as the number it stands for, part by part.
    static func symbolic(_ value: Value, types: [DataType]) -> Value {
        switch value {
        case .string(let text) where types.count == 1 && types[0] != .ifname:
            return NFTSymbols.number(of: text, as: types[0]).map { .integer($0) } ?? value
        case .range(let low, let high):
            return .range(symbolic(low, types: types), symbolic(high, types: types))
        case .concat(let parts) where parts.count == types.count:
            return .concat(zip(parts, types).map { symbolic($0, types: [$1]) })
        default:
            return value
        }
    }

    /// An interval value as nft lists it.
    static func value(_ value: Value) -> Value {
        switch value {
        case .prefix(let address, let length) where length == address.bitWidth:
            return .address(address)
        case .range(let low, let high) where low == high:
            return low
        case .range(.address(let low), .address(let high)):
            for length in 0...low.bitWidth
            where low.masked(toPrefix: length) == low && low.lastAddress(inPrefix: length) == high {
                return length == low.bitWidth ? .address(low) : .prefix(low, length)
            }
            return value
        case .concat(let parts):
            return .concat(parts.map(self.value))
        default:
            return value
        }
    }

    static func statement(_ statement: Statement, family: TableFamily) -> Statement {
        switch statement {
        case .counter:
            return .counter(Counter())
        case .match(let match):
            return .match(self.match(match))
        case .log(var log):
            if log.level == .warn { log.level = nil }
            return .log(log)
        case .limit(var limit):
            if limit.burst == (limit.bytes ? 0 : 5) { limit.burst = nil }
            return .limit(limit)
        case .reject(let reject):
            return .reject(self.reject(reject, family: family))
        case .nat(var nat):
            nat.flags = Array(Set(nat.flags)).sorted { $0.rawValue < $1.rawValue }
            if family != .inet { nat.family = nil }
            if case .map(let key, .anonymous(let elements)) = nat.to {
                nat.to = .map(key: key, map: .anonymous(sorted(elements.map { element($0, types: key.dataTypes) })))
            }
            if case .address(let address, let port) = nat.to {
                nat.to = .address(address.map(value), port: port.map(value))
            }
            return .nat(nat)
        case .verdictMap(var map):
            if case .anonymous(let elements) = map.map {
                map.map = .anonymous(sorted(elements.map { element($0, types: map.key.dataTypes) }))
            }
            return .verdictMap(map)
        default:
            return statement
        }
    }

    /// `meta l4proto udp th dport 53` is `udp dport 53`, and `meta l4proto udp udp dport 53` is too: nft
    /// reads the transport header by the protocol the match established, and drops the match as that
    /// read's dependency.
    static func transportFields(_ statements: [Statement]) -> [Statement] {
        var result = statements
        guard
            let index = result.firstIndex(where: {
                guard case .match(let match) = $0, match.left == .meta(.l4proto), match.op == .eq, match.mask == nil,
                    case .value(.integer(let proto)) = match.right
                else { return false }
                return proto == 6 || proto == 17
            }),
            case .match(let dependency) = result[index], case .value(.integer(let proto)) = dependency.right
        else { return result }
        let renamed: [PayloadField: PayloadField] =
            proto == 6 ? [.thSport: .tcpSport, .thDport: .tcpDport] : [.thSport: .udpSport, .thDport: .udpDport]
        let ownFields: Set<PayloadField> =
            proto == 6 ? [.tcpSport, .tcpDport, .tcpFlags] : [.udpSport, .udpDport]
        var renamedAny = false
        for position in result.indices where position > index {
            guard case .match(var match) = result[position], case .payload(let field) = match.left else { continue }
            if let name = renamed[field] {
                match.left = .payload(name)
                result[position] = .match(match)
                renamedAny = true
            } else if ownFields.contains(field) {
                renamedAny = true
            }
        }
        if renamedAny { result.remove(at: index) }
        return result
    }

    static func match(_ match: Match) -> Match {
        var match = match
        let types = match.left.dataTypes
        switch match.right {
        case .value(let value): match.right = .value(symbolic(value, types: types))
        case .set(let values): match.right = .set(values.map { symbolic($0, types: types) })
        case .named: break
        }
        if types.count == 1, types[0] == .ipv4Addr || types[0] == .ipv6Addr, let mask = match.mask,
            case .value(.address(let address)) = match.right
        {
            let width = address.bitWidth
            for length in 0...width
            where mask == (width == 32 ? UInt64(UInt32.max) << (32 - length) & UInt64(UInt32.max) : 0)
                && length > 0
            {
                return Match(match.left, match.op, .prefix(address, length))
            }
        }
        if case .set(let values) = match.right {
            let canonical = sorted(values.map(value))
            match.right = canonical.count == 1 ? .value(canonical[0]) : .set(canonical)
        }
        if types.count == 1, types[0].isBitmask, let mask = match.mask, case .value(.integer(0)) = match.right {
            switch match.op {
            case .eq: return Match(match.left, .neq, .integer(mask))
            case .neq: return Match(match.left, .eq, .integer(mask))
            default: break
            }
        }
        return match
    }

    static func reject(_ reject: Reject, family: TableFamily) -> Reject {
        // Without a code, each kind means "port unreachable".
        let defaultCodes: [RejectType: UInt8] = [.icmp: 3, .icmpv6: 4, .icmpx: 1]
        let code = reject.code ?? reject.type.flatMap { defaultCodes[$0] }
        switch (family, reject.type, code) {
        case (.ip, .icmp?, 3?), (.ip6, .icmpv6?, 4?), (.inet, .icmpx?, 1?), (.bridge, .icmpx?, 1?):
            return Reject()
        default:
            return reject
        }
    }
}
