/// The checks of one statement of a rule, which may depend on the statements before it in the rule
/// (a port needs a transport protocol match first) and on the base chains the rule runs from.
internal struct StatementValidator {
    /// The table the statement belongs to.
    let table: TableValidator
    /// `table inet x, chain c, rule 3, statement 2`.
    let location: String
    /// The statements before this one in the rule.
    let previous: ArraySlice<Statement>
    /// The base chains the rule's chain is reached from (itself, for a base chain).
    let contexts: Set<TableValidator.HookContext>

    var family: TableFamily { table.table.family }

    func fail(_ reason: String) -> NFTablesError {
        RulesetValidator.failure(location, reason)
    }

    func validate(_ statement: Statement) throws(NFTablesError) {
        try checkProtocolConflicts(statement)
        switch statement {
        case .match(let match): try check(match)
        case .counter: break
        case .log(let log): try check(log)
        case .limit(let limit): try check(limit)
        case .verdict: break  // jump and goto targets are checked with the whole table
        case .verdictMap(let map): try check(map)
        case .reject(let reject): try check(reject)
        case .nat(let nat): try check(nat)
        case .metaSet(let set):
            try checkSet(key: set.key.rawValue, keyType: set.key.dataType, meta: set.key, set.value, set.from)
            try checkBitwise(set.bitwise, name: "meta \(set.key.rawValue)", keyType: set.key.dataType, from: set.from)
        case .ctSet(let set):
            try checkSet(key: set.key.rawValue, keyType: set.key.dataType, ct: set.key, set.value, set.from)
            try checkBitwise(set.bitwise, name: "ct \(set.key.rawValue)", keyType: set.key.dataType, from: set.from)
        case .notrack: break
        case .dup(let address):
            switch family {
            case .ip where address.isV4, .ip6 where !address.isV4: break
            case .ip, .ip6:
                throw fail("dup to \(address): the address must be of the table's family (\(family.rawValue))")
            default:
                throw fail("dup to an address exists only in ip and ip6 tables")
            }
        case .payloadSet(let set):
            guard set.field == .ipDscp || set.field == .ip6Dscp else {
                throw fail("\(set.field.rawValue) cannot be set (vrc writes ip dscp and ip6 dscp)")
            }
            try check(.payload(set.field))
            guard case .integer(let value) = set.value, value <= 63 else {
                throw fail("\(set.field.rawValue) set: a DSCP value is a number from 0 to 63")
            }
        }
    }

    // MARK: - Expressions

    /// Checks that an expression exists in the table's family and has what it depends on.
    func check(_ expression: Expression, inConcat: Bool = false) throws(NFTablesError) {
        switch expression {
        case .payload(let field):
            let families: [TableFamily]
            switch field {
            case .ipSaddr, .ipDaddr, .ipProtocol, .ipLength, .ipTtl, .ipFragOff, .ipDscp, .ipEcn, .icmpType, .icmpCode:
                families = [.ip, .inet, .bridge, .netdev]
            case .ip6Saddr, .ip6Daddr, .ip6Nexthdr, .ip6Hoplimit, .ip6Dscp, .icmpv6Type, .icmpv6Code:
                families = [.ip6, .inet, .bridge, .netdev]
            case .tcpSport, .tcpDport, .tcpFlags, .udpSport, .udpDport, .thSport, .thDport, .sctpSport, .sctpDport,
                .dccpSport, .dccpDport, .espSpi, .ahSpi, .compCpi:
                families = [.ip, .ip6, .inet, .bridge, .netdev]
            case .etherSaddr:
                families = TableFamily.allCases
            }
            guard families.contains(family) else {
                throw fail("\(field.rawValue) cannot be used in a table of the \(family.rawValue) family")
            }
        case .meta(let key):
            if key == .nfproto && family != .inet {
                throw fail("meta nfproto can be used only in inet tables (nft refuses it elsewhere)")
            }
        case .ct(let key):
            try checkConntrack("ct \(key.rawValue)")
            switch key {
            case .originalIpSaddr, .originalIpDaddr, .replyIpSaddr, .replyIpDaddr:
                if family == .ip6 || family == .arp {
                    throw fail("ct \(key.rawValue) cannot be used in a table of the \(family.rawValue) family")
                }
            case .originalIp6Saddr, .originalIp6Daddr, .replyIp6Saddr, .replyIp6Daddr:
                if family == .ip || family == .arp {
                    throw fail("ct \(key.rawValue) cannot be used in a table of the \(family.rawValue) family")
                }
            case .originalProtoSrc, .originalProtoDst, .replyProtoSrc, .replyProtoDst:
                // `ct original protocol 6` tells nft the connection's protocol as well.
                let hasCtProtocol = previous.contains { statement in
                    guard case .match(let match) = statement else { return false }
                    return match.left == .ct(.originalProtocol) && match.op == .eq && match.mask == nil
                }
                if !hasTransportProtocol && !hasCtProtocol {
                    throw fail(
                        "ct \(key.rawValue) needs a transport protocol match earlier in the rule "
                            + "(such as meta l4proto 6); nft cannot read the port otherwise")
                }
            default:
                break
            }
        case .concat(let parts):
            guard !inConcat else { throw fail("a concatenation cannot contain another concatenation") }
            guard parts.count >= 2 else { throw fail("a concatenation needs at least two parts") }
            for part in parts {
                switch part {
                case .numgen, .jhash, .fib, .exthdr:
                    throw fail("numgen, jhash, fib and extension headers cannot be part of a concatenation")
                default:
                    try check(part, inConcat: true)
                }
            }
        case .numgen(_, let modulus, let offset):
            try checkGenerator(modulus: modulus, offset: offset, name: "numgen")
        case .jhash(let input, let modulus, _, let offset):
            try checkGenerator(modulus: modulus, offset: offset, name: "jhash")
            switch input {
            case .numgen, .jhash, .fib, .exthdr: throw fail("jhash hashes packet fields, not another generator")
            default: try check(input)
            }
        case .fib:
            guard [.ip, .ip6, .inet].contains(family) else {
                throw fail("fib cannot be used in a table of the \(family.rawValue) family")
            }
        case .exthdr(let field):
            // IPv6 extension headers only where every packet is IPv6, as vrc adds no dependency for them.
            let families: [TableFamily] = field.location.op == 0 ? [.ip6] : [.ip, .ip6, .inet]
            guard families.contains(family) else {
                throw fail("\(field.rawValue) cannot be used in a table of the \(family.rawValue) family")
            }
        }
    }

    /// Connection tracking does not run for arp and netdev tables (the kernel answers `EPROTO`), and for
    /// bridge tables only with the `nf_conntrack_bridge` module, which vrc does not count on.
    func checkConntrack(_ what: String) throws(NFTablesError) {
        if family == .arp || family == .netdev || family == .bridge {
            throw fail("\(what) needs connection tracking, which \(family.rawValue) tables do not have")
        }
    }

    private func checkGenerator(modulus: UInt32, offset: UInt32, name: String) throws(NFTablesError) {
        guard modulus > 0 else { throw fail("\(name) with mod 0; the kernel refuses it") }
        guard UInt64(offset) + UInt64(modulus) - 1 <= UInt64(UInt32.max) else {
            throw fail("\(name) offset \(offset) plus mod \(modulus) goes past 32 bits; the kernel refuses it")
        }
    }

    /// Whether a statement before this one names the transport protocol, which nft needs before it
    /// reads a port (`tcp dport 80`, `meta l4proto 6`, `meta l4proto { tcp, udp }`, `ip protocol 17`);
    /// a range or a named set of protocols does not (see `Match.namesTransportProtocol`).
    var hasTransportProtocol: Bool {
        previous.contains { statement in
            guard case .match(let match) = statement else { return false }
            return match.namesTransportProtocol || Self.readsTransportHeader(match.left)
        }
    }

    /// Whether a key names the transport protocol: a tcp or udp field, or the protocol itself (matched
    /// with `op`), in it or in one of its parts.
    static func setsTransportProtocol(_ expression: Expression, op: MatchOperator) -> Bool {
        switch expression {
        case .meta(.l4proto), .payload(.ipProtocol), .payload(.ip6Nexthdr): return op == .eq
        case .concat(let parts): return parts.contains { setsTransportProtocol($0, op: op) }
        default: return readsTransportHeader(expression)
        }
    }

    /// Whether an expression reads a tcp or udp header field, whose protocol nft then matches first.
    static func readsTransportHeader(_ expression: Expression) -> Bool {
        switch expression {
        case .payload(.tcpSport), .payload(.tcpDport), .payload(.tcpFlags), .payload(.udpSport),
            .payload(.udpDport):
            return true
        case .concat(let parts): return parts.contains { readsTransportHeader($0) }
        default: return false
        }
    }

    // MARK: - Match

    private func check(_ match: Match) throws(NFTablesError) {
        try check(match.left)
        let slots = ValueSlot.slots(for: match.left)
        let isConcat = slots.count > 1
        let ordering = match.op != .eq && match.op != .neq

        if let mask = match.mask {
            guard !isConcat, slots[0].isNumeric || slots[0].type == .ipv4Addr else {
                throw fail("a mask applies only to a number or an IPv4 address, not to \(match.left)")
            }
            let limit = slots[0].type == .ipv4Addr ? UInt64(UInt32.max) : slots[0].max
            guard mask <= limit else {
                throw fail("the mask 0x\(String(mask, radix: 16)) is wider than \(match.left)")
            }
            guard case .value(let value) = match.right else {
                throw fail("a masked match compares with one value, not a set")
            }
            if let problem = slots[0].problem(with: value, intervals: false) {
                throw fail(problem)
            }
            return
        }

        switch match.right {
        case .value(let value):
            if isConcat {
                throw fail("nft compares a concatenation only with a set: write {\"set\": [...]} or a named set")
            }
            if ordering {
                try checkOrdering(slots[0], match.left)
            }
            if let problem = TableValidator.keyProblem(value, slots: slots, intervals: !ordering) {
                throw fail(problem)
            }
        case .set(let values):
            guard !ordering else { throw fail("\(match.op.rawValue) cannot compare with a set") }
            guard !values.isEmpty else { throw fail("the anonymous set is empty") }
            for (index, value) in values.enumerated() {
                if let problem = TableValidator.keyProblem(value, slots: slots, intervals: true) {
                    throw fail("element \(index + 1): \(problem)")
                }
            }
            let numbered = values.enumerated().map { (number: $0.offset + 1, value: $0.element) }
            let interval = values.contains { ValueSlot.isInterval($0) }
            if let problem = ValueSlot.overlapProblem(numbered, mergesAdjacent: interval) {
                throw fail("anonymous set: \(problem)")
            }
        case .named(let name):
            guard !ordering else { throw fail("\(match.op.rawValue) cannot compare with a set") }
            guard let set = table.setsByName[name] else {
                throw fail("@\(name): the table has no set named \(name)")
            }
            guard !set.isMap else {
                throw fail("@\(name) is a map; a match looks keys up in a set")
            }
            try checkKeyType(of: set, against: match.left)
        }
    }

    private func checkOrdering(_ slot: ValueSlot, _ expression: Expression) throws(NFTablesError) {
        if slot.type.isBitmask {
            throw fail("\(expression) holds flags; compare them with == or != (or a mask), not an ordering")
        }
        switch slot.type {
        case .ifname, .etherAddr, .verdict:
            throw fail("\(expression) cannot be compared with an ordering operator")
        default:
            break
        }
    }

    /// Checks that a named set's key type is the type of what is looked up in it.
    func checkKeyType(of set: NFTSet, against key: Expression) throws(NFTablesError) {
        let expected = key.dataTypes
        guard set.keyType == expected else {
            throw fail(
                "@\(set.name) has keys of type \(ValueSlot.typeText(set.keyType)), but \(key) is of type "
                    + ValueSlot.typeText(expected))
        }
    }

    // MARK: - Log and limit

    private func check(_ log: Log) throws(NFTablesError) {
        if let prefix = log.prefix {
            if let problem = NFTSyntax.quotedStringProblem(prefix) {
                throw fail("the log prefix \(problem)")
            }
            let length = prefix.utf8.count
            guard length <= NFTSyntax.maxLogPrefixBytes else {
                throw fail(
                    "the log prefix is \(length) bytes long; the kernel allows \(NFTSyntax.maxLogPrefixBytes)")
            }
        }
        if log.level == .audit && log.prefix != nil {
            throw fail("log level audit takes no prefix")
        }
        if log.group == nil {
            if log.snaplen != nil || log.queueThreshold != nil {
                throw fail("snaplen and queue-threshold apply to nflog groups only; set group too")
            }
        } else if log.level != nil {
            throw fail("a log statement has a level (kernel log) or a group (nflog), not both")
        }
    }

    /// Mirrors the kernel's overflow checks in `nft_limit_init`, which refuse with `EOVERFLOW`.
    private func check(_ limit: Limit) throws(NFTablesError) {
        guard limit.rate > 0 else { throw fail("a limit rate of 0; the kernel refuses it") }
        let nanoseconds = limit.unit.seconds * 1_000_000_000
        var burst = UInt64(limit.burst ?? 0)
        if !limit.bytes && burst == 0 {
            burst = 5  // the kernel's (and nft's) default packet burst
        }
        let (rateWithBurst, overflow) = limit.rate.addingReportingOverflow(burst)
        var tooLarge = overflow
        if !tooLarge {
            if limit.bytes {
                tooLarge = nanoseconds.multipliedReportingOverflow(by: rateWithBurst).overflow
            } else {
                tooLarge = (nanoseconds / limit.rate).multipliedReportingOverflow(by: burst).overflow
            }
        }
        if tooLarge {
            throw fail(
                "limit rate \(limit.rate)\(limit.bytes ? " bytes" : "")/\(limit.unit.rawValue) with burst \(burst) "
                    + "overflows the kernel's token bucket; use a shorter unit")
        }
    }

    // MARK: - Verdict maps

    private func check(_ map: VerdictMap) throws(NFTablesError) {
        try check(map.key)
        switch map.map {
        case .named(let name):
            guard let set = table.setsByName[name] else {
                throw fail("@\(name): the table has no map named \(name)")
            }
            guard set.isVerdictMap else {
                throw fail("@\(name) is not a verdict map (its data type must be verdict)")
            }
            try checkKeyType(of: set, against: map.key)
        case .anonymous(let elements):
            try checkAnonymousMap(elements, key: map.key, dataSlots: nil, verdicts: true)
        }
    }

    /// Checks the elements of an anonymous map created with the rule.
    func checkAnonymousMap(
        _ elements: [SetElement], key: Expression, dataSlots: [ValueSlot]?, verdicts: Bool
    ) throws(NFTablesError) {
        guard !elements.isEmpty else { throw fail("the anonymous map is empty") }
        let keySlots = ValueSlot.slots(for: key)
        for (index, element) in elements.enumerated() {
            try table.checkElement(
                element, keySlots: keySlots, dataSlots: dataSlots, verdicts: verdicts, intervals: true,
                at: "\(location), element \(index + 1)")
        }
        // nft merges touching intervals of sets, but not of maps, whose elements carry different data.
        let numbered = elements.enumerated().map { (number: $0.offset + 1, value: $0.element.key) }
        if let problem = ValueSlot.overlapProblem(numbered, mergesAdjacent: false) {
            throw fail("anonymous map: \(problem)")
        }
    }

    // MARK: - Reject

    private func check(_ reject: Reject) throws(NFTablesError) {
        let allowed: [TableFamily]
        let maxCode: UInt8
        switch reject.type {
        case .none:
            allowed = [.ip, .ip6, .inet, .bridge, .netdev]
            maxCode = 0
            if reject.code != nil {
                throw fail("a reject code needs a reject type (icmp, icmpv6 or icmpx)")
            }
        case .tcpReset:
            allowed = [.ip, .ip6, .inet, .bridge, .netdev]
            maxCode = 0
            if reject.code != nil { throw fail("tcp reset has no code") }
        case .icmp:
            allowed = [.ip, .inet, .bridge, .netdev]
            maxCode = 15
        case .icmpv6:
            allowed = [.ip6, .inet, .bridge, .netdev]
            maxCode = 7
        case .icmpx:
            allowed = [.inet, .bridge, .netdev]
            maxCode = 3
        }
        let typeName = reject.type?.rawValue ?? "reject"
        guard allowed.contains(family) else {
            throw fail("\(typeName) cannot be used in a table of the \(family.rawValue) family")
        }
        if let code = reject.code, code > maxCode {
            throw fail("\(code) is not a \(typeName) unreachable code (0 to \(maxCode))")
        }
        for context in contexts where context.hook == .postrouting || context.hook == .egress {
            throw fail(
                "reject cannot run at the \(context.hook.rawValue) hook, and this rule is reached from base chain "
                    + "'\(context.chain)'")
        }
    }

    // MARK: - meta and ct set

    /// A bitwise change applies to a number copied from an expression, and fits the key.
    private func checkBitwise(_ bitwise: Bitwise?, name: String, keyType: DataType, from: Expression?)
        throws(NFTablesError)
    {
        guard let bitwise else { return }
        guard from != nil else { throw fail("\(name) set: a bitwise change needs an expression to copy from") }
        guard keyType == .mark || keyType == .integer else {
            throw fail("\(name) set: a bitwise change applies only to numbers")
        }
        let max: UInt64 = keyType.byteLength >= 8 ? UInt64.max : (UInt64(1) << (8 * keyType.byteLength)) - 1
        guard bitwise.mask <= max, bitwise.xor <= max else {
            throw fail("\(name) set: the bitwise mask and xor must fit in \(keyType.byteLength) bytes")
        }
    }

    private func checkSet(
        key: String, keyType: DataType, meta: MetaKey? = nil, ct: CtKey? = nil, _ value: Value?,
        _ from: Expression?
    ) throws(NFTablesError) {
        let name = meta != nil ? "meta \(key)" : "ct \(key)"
        if ct != nil { try checkConntrack(name) }
        let settable: Bool
        if let meta {
            settable = meta == .mark || meta == .pkttype || meta == .nftrace || meta == .priority
        } else {
            settable = ct == .mark || ct == .zone
        }
        guard settable else {
            throw fail(
                "\(name) cannot be set (vrc sets meta mark, meta pkttype, meta nftrace, meta priority, ct mark and "
                    + "ct zone)")
        }
        switch (value, from) {
        case (.some(let value), .none):
            let slot =
                ct == .zone
                ? ValueSlot(type: .integer, max: 0xFFFF, label: name)
                : ValueSlot(type: keyType, max: ValueSlot.slots(for: [keyType])[0].max, label: name)
            if let problem = slot.problem(with: value, intervals: false) {
                throw fail(problem)
            }
        case (.none, .some(let source)):
            try check(source)
            let types = source.dataTypes
            let numeric: Set<DataType> = [.integer, .mark]
            guard types.count == 1, types[0] == keyType || (numeric.contains(types[0]) && numeric.contains(keyType))
            else {
                throw fail("\(name) cannot be set from \(source), which is of type \(ValueSlot.typeText(types))")
            }
        default:
            throw fail("\(name) set needs either a value or an expression to copy from, not both or neither")
        }
        if meta == .pkttype {
            let allowed: Hook = family == .netdev ? .ingress : .prerouting
            for context in contexts where context.hook != allowed {
                throw fail(
                    "meta pkttype can be set only at the \(allowed.rawValue) hook, and this rule is reached from "
                        + "base chain '\(context.chain)' (\(context.hook.rawValue))")
            }
        }
    }

    // MARK: - Interface names

    /// Why `name` cannot be an interface name (or, with `wildcard`, a name pattern ending in `*`).
    static func interfaceNameProblem(_ name: String, wildcard: Bool) -> String? {
        if let problem = NFTSyntax.quotedStringProblem(name) {
            return "the interface name \(problem)"
        }
        guard !name.isEmpty else { return "the interface name is empty" }
        let length = name.utf8.count
        guard length <= NFTSyntax.maxInterfaceNameBytes else {
            return "the interface name \"\(name)\" is \(length) bytes long; at most "
                + "\(NFTSyntax.maxInterfaceNameBytes) fit"
        }
        if name.contains("\\") {
            return "the interface name \"\(name)\" contains a backslash, which nft reads as an escape"
        }
        // Only a trailing '*' is a wildcard; anywhere else it is an ordinary character ("e*h1" matches exactly).
        if name.hasSuffix("*") {
            guard wildcard else { return "\"\(name)\" is a wildcard; a device must be named exactly" }
            guard name != "*" else {
                return "\"*\" alone matches every interface; nft refuses it, leave the match out"
            }
        }
        return nil
    }
}
