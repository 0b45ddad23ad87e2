import CNetfilter

extension RuleLowering {
    /// A match: dependencies, then a load, then a comparison, a range, or a lookup.
    mutating func lowerMatch(_ match: Match) throws(NFTablesError) {
        let parts = try selectors(of: match.left)
        try require(parts)
        switch match.right {
        case .named(let name):
            try lookupNamedSet(name, parts: parts, op: match.op, mask: match.mask)
        case .set(let values):
            guard !values.isEmpty else { throw invalid("an anonymous set needs at least one element") }
            if parts.count == 1 && values.count == 1 {
                // nft turns a set of one element into a plain comparison (where `!=` on flags compares the
                // whole value).
                try compare(parts[0], match.op, values[0], mask: match.mask, flagNegationMeansNone: false)
            } else {
                try lookupAnonymousSet(values, parts: parts, op: match.op, mask: match.mask)
            }
        case .value(let value):
            guard parts.count == 1 else {
                // As nft: "Use concatenations with sets and maps, not singleton values".
                throw invalid("a concatenation can only be matched against a set or a map")
            }
            try compare(parts[0], match.op, value, mask: match.mask)
        }
        establish(match)
    }

    /// Records protocols that a match pins down, so later selectors need no dependency of their own.
    private mutating func establish(_ match: Match) {
        guard match.op == .eq, match.mask == nil else { return }
        // Even a set of protocols is enough for NAT to map ports (`meta l4proto { tcp, udp } dnat to :80`).
        if match.namesTransportProtocol {
            context.transportMatched = true
        }
        let value: Value
        switch match.right {
        case .value(let single): value = single
        case .set(let values) where values.count == 1: value = values[0]
        default: return
        }
        switch match.left {
        case .meta(.nfproto):
            let spec = Selector(match.left).spec
            if let bytes = try? ValueBytes.bytes(value, spec), let network = NetworkProtocol(rawValue: bytes[0]) {
                context.network = network
            }
        case .meta(.l4proto), .payload(.ipProtocol), .payload(.ip6Nexthdr):
            let spec = Selector(match.left).spec
            if let bytes = try? ValueBytes.bytes(value, spec) {
                context.transport = bytes[0]
            }
        default:
            break
        }
    }

    static func cmpOperator(_ op: MatchOperator) -> nft_cmp_ops {
        switch op {
        case .eq: return NFT_CMP_EQ
        case .neq: return NFT_CMP_NEQ
        case .lt: return NFT_CMP_LT
        case .le: return NFT_CMP_LTE
        case .gt: return NFT_CMP_GT
        case .ge: return NFT_CMP_GTE
        }
    }

    func bytes(_ value: Value, _ spec: ValueSpec, _ name: String) throws(NFTablesError) -> [UInt8] {
        do {
            return try ValueBytes.bytes(value, spec)
        } catch {
            throw invalid("\(name): \(error.reason)")
        }
    }

    func networkBytes(_ value: Value, _ spec: ValueSpec, _ name: String) throws(NFTablesError) -> [UInt8] {
        do {
            return try ValueBytes.bigEndianBytes(value, spec)
        } catch {
            throw invalid("\(name): \(error.reason)")
        }
    }

    /// A selector compared with one value, prefix or range.
    ///
    /// On flag types without a mask, `==` means "any of these flags" (`ct state established,related`) and,
    /// with `flagNegationMeansNone`, `!=` means "none of them" (rendered `ct state & (a|b) == 0`).
    mutating func compare(
        _ selector: Selector, _ op: MatchOperator, _ value: Value, mask: UInt64?, flagNegationMeansNone: Bool = true
    ) throws(NFTablesError) {
        let spec = selector.spec
        let word = allocate()
        let register = RuleLowering.register(word: word)
        let isEquality = op == .eq || op == .neq
        switch value {
        case .prefix(let address, let length):
            guard isEquality else { throw invalid("\(selector.name): a prefix can only be compared with == or !=") }
            let full = try bytes(.address(address), spec, selector.name)
            if length > 0 && length % 8 == 0 {
                // Byte-aligned prefixes compare fewer bytes; payloads are also loaded shorter.
                let count = length / 8
                load(selector, word: word, length: selector.isPayload ? count : nil)
                build.cmp(RuleLowering.cmpOperator(op), sreg: register, data: Array(full.prefix(count)))
            } else {
                let prefixMask = IPAddress.mask(prefix: length, bytes: full.count)
                load(selector, word: word)
                build.bitwise(
                    reg: register, mask: prefixMask, xor: [UInt8](repeating: 0, count: full.count),
                    namesOperation: false)
                let masked = zip(full, prefixMask).map { $0 & $1 }
                build.cmp(RuleLowering.cmpOperator(op), sreg: register, data: masked)
            }

        case .range(let low, let high):
            guard isEquality else { throw invalid("\(selector.name): a range can only be compared with == or !=") }
            load(selector, word: word)
            if let mask {
                build.bitwise(
                    reg: register, mask: try maskBytes(mask, spec, selector.name), xor: zeros(spec.length),
                    namesOperation: true)
            }
            if spec.needsByteorderForRanges {
                build.hton(reg: register, length: spec.length)
            }
            let from = try networkBytes(low, spec, selector.name)
            let to = try networkBytes(high, spec, selector.name)
            if op == .eq {
                build.cmp(NFT_CMP_GTE, sreg: register, data: from)
                build.cmp(NFT_CMP_LTE, sreg: register, data: to)
            } else {
                build.rangeNotEqual(sreg: register, from: from, to: to)
            }

        case .string(let text) where spec.isString && text.hasSuffix("*"):
            guard isEquality else { throw invalid("\(selector.name): a wildcard can only be compared with == or !=") }
            let stem = Array(text.utf8.dropLast())
            guard stem.count < spec.length else { throw invalid("\(selector.name): '\(text)' is too long") }
            load(selector, word: word)
            build.cmp(RuleLowering.cmpOperator(op), sreg: register, data: stem)

        default:
            load(selector, word: word)
            var data = try bytes(shifted(value, selector), spec, selector.name)
            if let bits = selector.bitField {
                build.bitwise(reg: register, mask: bits.mask, xor: zeros(bits.mask.count), namesOperation: true)
            }
            if let mask {
                build.bitwise(
                    reg: register, mask: try maskBytes(mask, spec, selector.name), xor: zeros(spec.length),
                    namesOperation: true)
            }
            if spec.isBitmask && mask == nil && op == .eq {
                // An implicit match on flags means "any of them": (flags & value) != 0.
                build.bitwise(reg: register, mask: data, xor: zeros(spec.length), namesOperation: false)
                build.cmp(NFT_CMP_NEQ, sreg: register, data: zeros(spec.length))
                return
            }
            if spec.isBitmask && mask == nil && op == .neq && flagNegationMeansNone {
                build.bitwise(reg: register, mask: data, xor: zeros(spec.length), namesOperation: true)
                build.cmp(NFT_CMP_EQ, sreg: register, data: zeros(spec.length))
                return
            }
            if !isEquality && spec.needsByteorderForRanges {
                build.hton(reg: register, length: spec.length)
                data = try networkBytes(value, spec, selector.name)
            }
            build.cmp(RuleLowering.cmpOperator(op), sreg: register, data: data)
        }
    }

    /// Key bytes of a single (non-interval) key value, for comparisons.
    func keyBytes(_ value: Value, layout: SetLayout, parts: [Selector]) throws(NFTablesError) -> [UInt8] {
        do {
            return try layout.keyBytes(value)
        } catch {
            throw invalid("\(parts.map(\.name).joined(separator: " . ")): \(error.reason)")
        }
    }

    /// A lone bit field is compared in place: nft shifts the value rather than the field.
    func shifted(_ value: Value, _ selector: Selector) throws(NFTablesError) -> Value {
        guard let bits = selector.bitField else { return value }
        let number: UInt64
        switch value {
        case .integer(let integer): number = integer
        case .string(let text):
            guard let symbol = selector.spec.symbols.value(of: text, bitmask: false) else {
                throw invalid("\(selector.name): '\(text)' is not a value of this type")
            }
            number = symbol
        default:
            throw invalid("\(selector.name): expected a number")
        }
        return .integer(number << UInt64(bits.shift))
    }

    func maskBytes(_ mask: UInt64, _ spec: ValueSpec, _ name: String) throws(NFTablesError) -> [UInt8] {
        do {
            var maskSpec = spec
            maskSpec.symbols = .none
            return try ValueBytes.bytes(.integer(mask), maskSpec)
        } catch {
            throw invalid("\(name): mask \(error.reason)")
        }
    }

    func zeros(_ count: Int) -> [UInt8] {
        [UInt8](repeating: 0, count: count)
    }

    // MARK: Lookups

    /// `left @name`: a lookup in a named set of the table.
    mutating func lookupNamedSet(_ name: String, parts: [Selector], op: MatchOperator, mask: UInt64?)
        throws(NFTablesError)
    {
        guard op == .eq || op == .neq else { throw invalid("a set can only be matched with == or !=") }
        guard let set = table.set(named: name) else { throw invalid("set '\(name)' does not exist") }
        guard !set.isMap else { throw invalid("'\(name)' is a map, not a set") }
        let word = try loadKey(parts, of: set, mask: mask)
        build.lookup(
            sreg: RuleLowering.register(word: word), set: name, id: namedSetIDs[name], dreg: nil, inverted: op == .neq)
    }

    /// Loads a key for a lookup in a named set, checking that the key fits the set.
    mutating func loadKey(_ parts: [Selector], of set: NFTSet, mask: UInt64?) throws(NFTablesError) -> Int {
        let layout = SetLayout(set)
        guard layout.key.count == parts.count,
            zip(layout.key, parts).allSatisfy({ $0.length == $1.keySpec.length })
        else {
            throw invalid(
                "\(parts.map(\.name).joined(separator: " . ")) does not fit the key of set '\(set.name)' "
                    + "(\(set.keyType.map(\.rawValue).joined(separator: " . ")))")
        }
        return loadKey(parts, layout: layout, mask: mask)
    }

    /// Loads a key for a lookup, the way nft does for a set of this layout.
    mutating func loadKey(_ parts: [Selector], layout: SetLayout, mask: UInt64?) -> Int {
        if parts.count == 1 {
            let word = allocate()
            let register = RuleLowering.register(word: word)
            load(parts[0], word: word)
            if let bits = parts[0].bitField {
                build.bitwise(reg: register, mask: bits.mask, xor: zeros(bits.mask.count), namesOperation: true)
            }
            if let mask, let bytes = try? maskBytes(mask, parts[0].spec, parts[0].name) {
                build.bitwise(reg: register, mask: bytes, xor: zeros(bytes.count), namesOperation: true)
            }
            if layout.interval && parts[0].spec.needsByteorderForRanges {
                build.hton(reg: register, length: parts[0].spec.length)
            }
            return word
        }
        let word = allocate(concatLength: layout.keyLength)
        loadParts(parts, word: word, byteorder: layout.interval, shiftBitFields: true)
        return word
    }

    /// `left { a, b }`: an anonymous constant set made with the rule, and a lookup in it.
    mutating func lookupAnonymousSet(_ values: [Value], parts: [Selector], op: MatchOperator, mask: UInt64?)
        throws(NFTablesError)
    {
        guard op == .eq || op == .neq else { throw invalid("a set can only be matched with == or !=") }
        var keys = values
        if parts.count == 1, parts[0].bitField != nil {
            keys = try values.map { (value) throws(NFTablesError) in try shifted(value, parts[0]) }
        }
        let interval = keys.contains { $0.isInterval || $0.isWildcard }
        let layout = SetLayout(key: parts.map(\.keySpec), data: nil, interval: interval)
        let encoded = try makeAnonymousSet(
            layout: layout, elements: keys.map { SetElement(key: $0) }, parts: parts, isMap: false)
        let word = loadKey(parts, layout: layout, mask: mask)
        build.lookup(
            sreg: RuleLowering.register(word: word), set: "__set%d", id: encoded.id, dreg: nil,
            inverted: op == .neq)
    }

    /// Creates an anonymous set or map and keeps it to be sent before the rule.
    mutating func makeAnonymousSet(layout: SetLayout, elements: [SetElement], parts: [Selector], isMap: Bool)
        throws(NFTablesError) -> EncodedSet
    {
        let description = AnonymousSetDescription(
            layout: layout, typeof: RuleLowering.keyTypeof(parts, isMap: isMap, interval: layout.interval),
            isMap: isMap)
        let encoded = try SetEncoder.encodeAnonymous(
            description, elements: elements, table: table, ids: &ids, location: location)
        anonymousSets.append(encoded)
        return encoded
    }

    /// The key `typeof` nft records for an anonymous set: the expression for sets, and for maps only when
    /// the key is a concatenation. A concatenation lists its parts up to the first one nft cannot describe: a
    /// bit field, or in an interval set a number converted to big endian.
    static func keyTypeof(_ parts: [Selector], isMap: Bool, interval: Bool) -> [UInt8]? {
        if parts.count == 1 {
            guard !isMap, let typeof = parts[0].typeof else { return nil }
            return typeofUserdata(exprType: typeof.exprType, data: typeof.data)
        }
        var list = Userdata()
        for (index, part) in parts.enumerated() {
            guard let typeof = part.typeof, !(interval && part.spec.needsByteorderForRanges) else { break }
            list.put(UInt8(index), typeofUserdata(exprType: typeof.exprType, data: typeof.data))
        }
        return typeofUserdata(exprType: 13, data: list.bytes)
    }

    /// `NFTNL_UDATA_SET_TYPEOF_EXPR` and `NFTNL_UDATA_SET_TYPEOF_DATA`.
    static func typeofUserdata(exprType: UInt32, data: [UInt8]) -> [UInt8] {
        var userdata = Userdata()
        userdata.putUInt32(0, exprType)
        userdata.put(1, data)
        return userdata.bytes
    }
}

extension Selector {
    /// The layout of this selector's values as a set key: a lone bit field keeps its loaded width.
    var keySpec: ValueSpec { spec }
}

extension Value {
    /// Whether the value is an interface name ending in `*`, which matches as a prefix.
    var isWildcard: Bool {
        if case .string(let text) = self, text.hasSuffix("*") { return true }
        if case .concat(let parts) = self { return parts.contains { $0.isWildcard } }
        return false
    }
}
