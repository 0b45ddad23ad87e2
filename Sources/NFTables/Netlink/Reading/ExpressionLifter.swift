import CNetfilter

/// Lifts the kernel expressions of one rule back to the object model's statements: the inverse of what
/// `nft` 1.0.6 generates for a rule.
///
/// It follows the registers the way nft's own listing does (`netlink_delinearize.c`): a load fills a
/// register, a `cmp`, `range` or `lookup` on it becomes a match, an `immediate` feeds a `nat` or a
/// `meta`/`ct` set. Header loads are named from the protocol that the rule's earlier matches establish
/// (`meta nfproto`, `meta l4proto`, `ip protocol`), and those matches are dropped again when they only
/// are the implicit dependency nft adds in front of such a load, as `nft list` does.
internal struct ExpressionLifter {
    /// The family of the rule's table, which decides the network header and reject defaults.
    let family: TableFamily
    /// Every set of the table, anonymous ones included, by name.
    let sets: [String: KernelSet]
    /// Named sets that could not be read: a rule that uses one cannot be read either.
    var unreadableSets: Set<String> = []

    /// The statements of a rule; throws the reason when a part of it has no form in the model.
    func lift(_ expressions: [KernelExpression]) throws(LiftError) -> [Statement] {
        var state = State(family: family)
        var index = 0
        while index < expressions.count {
            let next = index + 1 < expressions.count ? expressions[index + 1] : nil
            let consumedNext = try lift(expressions[index], next: next, state: &state)
            index += consumedNext ? 2 : 1
        }
        try state.finish()
        return state.statements.compactMap { $0 }
    }

    /// Lifts one expression; returns whether it also consumed `next` (a `cmp gte` and `cmp lte` pair).
    private func lift(_ expression: KernelExpression, next: KernelExpression?, state: inout State)
        throws(LiftError) -> Bool
    {
        switch expression {
        case .payload(let base, let offset, let length, let destination):
            let load = try state.payloadLoad(base: base, offset: Int(offset), length: Int(length))
            try state.write(.selector(.init(source: .payload(load), bigEndian: true)), to: destination)
        case .meta(let key, let destination):
            if let model = KernelKeys.metaKey(key) {
                let layout = KernelKeys.layout(model)
                try state.write(
                    .selector(.init(source: .expression(.meta(model), layout), bigEndian: layout.bigEndian)),
                    to: destination)
            } else if key == KernelKeys.Meta.iiftype {
                let layout = ValueLayout(type: .integer, length: 2, bigEndian: false)
                try state.write(
                    .selector(.init(source: .hiddenMeta(key: key, layout: layout), bigEndian: false)), to: destination)
            } else if key == KernelKeys.Meta.protocolType {
                let layout = ValueLayout(type: .integer, length: 2, bigEndian: true)
                try state.write(
                    .selector(.init(source: .hiddenMeta(key: key, layout: layout), bigEndian: true)), to: destination)
            } else {
                throw "\(KernelKeys.metaName(key)) has no form in vrc's model"
            }
        case .ct(let key, let direction, let destination):
            guard let model = KernelKeys.ctKey(key, direction: direction, family: family) else {
                let side = direction.map { $0 == 0 ? " original" : " reply" } ?? ""
                throw "ct\(side) \(KernelKeys.ctName(key).dropFirst(3)) has no form in vrc's model"
            }
            let layout = KernelKeys.layout(model)
            try state.write(
                .selector(.init(source: .expression(.ct(model), layout), bigEndian: layout.bigEndian)), to: destination)
        case .bitwise(let source, let destination, let length, let mask, let xor):
            guard case .selector(var selector) = try state.read(source), selector.mask == nil else {
                throw "a bitwise operation on something other than a packet field"
            }
            if !xor.allSatisfy({ $0 == 0 }) {
                // Only a value about to be written can carry an xor (`meta mark set mark or 0x40`).
                switch next {
                case .metaSet(_, let reads)? where reads == destination: break
                case .ctSet(_, _, let reads)? where reads == destination: break
                case .payloadWrite(let reads, _, _, _, _, _)? where reads == destination: break
                default: throw "a bitwise xor or or has no form in vrc's model"
                }
                selector.xor = Array(xor.prefix(Int(length)))
            }
            selector.mask = Array(mask.prefix(Int(length)))
            selector.maskBigEndian = selector.bigEndian
            try state.write(.selector(selector), to: destination)
        case .shift(let source, let destination, let right, let amount):
            guard case .selector(var selector) = try state.read(source), selector.mask != nil, right,
                selector.shiftedRight == 0
            else { throw "a bit shift other than the one nft puts after a header bit field" }
            selector.shiftedRight = Int(amount)
            try state.write(.selector(selector), to: destination)
        case .byteorder(let source, let destination, let op, _, _):
            guard case .selector(var selector) = try state.read(source) else {
                throw "a byte order conversion of something other than a packet field"
            }
            selector.bigEndian = op == UInt32(NFT_BYTEORDER_HTON.rawValue)
            try state.write(.selector(selector), to: destination)
        case .cmp(let source, let op, let data):
            if op == UInt32(NFT_CMP_GTE.rawValue), case .cmp(let nextSource, let nextOp, let high)? = next,
                nextSource == source, nextOp == UInt32(NFT_CMP_LTE.rawValue)
            {
                try liftRange(source: source, negated: false, low: data, high: high, state: &state)
                return true
            }
            try liftCompare(source: source, op: op, data: data, state: &state)
        case .range(let source, let op, let from, let to):
            try liftRange(
                source: source, negated: op == UInt32(NFT_RANGE_NEQ.rawValue), low: from, high: to, state: &state)
        case .lookup(let source, let destination, let name, let inverted):
            try liftLookup(source: source, destination: destination, name: name, inverted: inverted, state: &state)
        case .immediateData(let destination, let data):
            guard destination != UInt32(NFT_REG_VERDICT.rawValue) else { throw "data written to the verdict register" }
            try state.write(.constant(data), to: destination)
        case .immediateVerdict(let code, let chain):
            state.statements.append(.verdict(try SetElementDecoding.verdict(code: code, chain: chain)))
        case .metaSet(let key, let source):
            guard let model = KernelKeys.metaKey(key) else {
                throw "setting \(KernelKeys.metaName(key)) has no form in vrc's model"
            }
            let (value, from, bitwise) = try state.setSource(source, layout: KernelKeys.layout(model))
            state.statements.append(.metaSet(MetaSet(model, value: value, from: from, bitwise: bitwise)))
        case .ctSet(let key, let direction, let source):
            guard let model = KernelKeys.ctKey(key, direction: direction, family: family) else {
                throw "setting \(KernelKeys.ctName(key)) has no form in vrc's model"
            }
            let (value, from, bitwise) = try state.setSource(source, layout: KernelKeys.layout(model))
            state.statements.append(.ctSet(CtSet(model, value: value, from: from, bitwise: bitwise)))
        case .counter(let packets, let bytes):
            state.statements.append(.counter(Counter(packets: packets, bytes: bytes)))
        case .log(let prefix, let group, let snaplen, let queueThreshold, let level, let flags):
            state.statements.append(
                .log(
                    try StatementLifting.log(
                        prefix: prefix, group: group, snaplen: snaplen, queueThreshold: queueThreshold, level: level,
                        flags: flags)))
        case .limit(let rate, let unit, let burst, let type, let flags):
            state.statements.append(
                .limit(try StatementLifting.limit(rate: rate, unit: unit, burst: burst, type: type, flags: flags)))
        case .reject(let type, let code):
            state.statements.append(.reject(try state.reject(type: type, code: code)))
        case .nat(let registers):
            state.statements.append(.nat(try state.nat(registers)))
        case .masquerade(let flags, let protoMin, let protoMax):
            let target = try state.natTarget(
                family: nil, addressMin: nil, addressMax: nil, protoMin: protoMin, protoMax: protoMax)
            state.statements.append(.nat(NAT(.masquerade, to: target, flags: try StatementLifting.natFlags(flags))))
        case .redirect(let flags, let protoMin, let protoMax):
            let target = try state.natTarget(
                family: nil, addressMin: nil, addressMax: nil, protoMin: protoMin, protoMax: protoMax)
            state.statements.append(.nat(NAT(.redirect, to: target, flags: try StatementLifting.natFlags(flags))))
        case .payloadWrite(let source, let base, let offset, let length, let checksumType, let checksumOffset):
            state.statements.append(
                .payloadSet(
                    try state.payloadSet(
                        source: source, base: base, offset: offset, length: length, checksumType: checksumType,
                        checksumOffset: checksumOffset)))
        case .exthdr(let op, let type, let offset, let length, let flags, let destination):
            guard flags == 0,
                let field = ExthdrField.allCases.first(where: {
                    $0.location.op == op && $0.location.type == type && $0.location.offset == offset
                        && $0.location.length == Int(length)
                })
            else { throw "extension header \(type) bytes \(offset)+\(length) (op \(op)) has no form in vrc's model" }
            let layout = ValueLayout(type: .integer, length: Int(length), bigEndian: true)
            try state.write(
                .selector(.init(source: .expression(.exthdr(field), layout), bigEndian: true)), to: destination)
        case .fib(let flags, let result, let destination):
            let lookup = try StatementLifting.fibLookup(flags: flags, result: result)
            let layout = ValueLayout(type: .integer, length: 4, bigEndian: false)
            try state.write(
                .selector(.init(source: .expression(.fib(lookup), layout), bigEndian: false)), to: destination)
        case .numgen(let destination, let modulus, let type, let offset):
            guard let mode: NumgenMode = type == 0 ? .inc : type == 1 ? .random : nil else {
                throw "numgen type \(type) has no form in vrc's model"
            }
            let layout = ValueLayout(type: .integer, length: 4, bigEndian: false)
            try state.write(
                .selector(
                    .init(
                        source: .expression(.numgen(mode, modulus: modulus, offset: offset), layout), bigEndian: false)),
                to: destination)
        case .hash(let source, let length, let destination, let modulus, let seed, let offset, let type):
            guard type == 0 else { throw "symhash has no form in vrc's model" }
            let parts = try state.key(from: source, length: Int(length))
            let input = parts.count == 1 ? parts[0].expression : .concat(parts.map(\.expression))
            let layout = ValueLayout(type: .integer, length: 4, bigEndian: false)
            try state.write(
                .selector(
                    .init(
                        source: .expression(.jhash(input, modulus: modulus, seed: seed, offset: offset), layout),
                        bigEndian: false)),
                to: destination)
        case .notrack:
            state.statements.append(.notrack)
        case .dup(let register):
            state.statements.append(.dup(try state.dupAddress(register)))
        case .unsupported(_, let reason):
            throw LiftError(reason)
        }
        return false
    }

    /// `left op value`, from a `cmp`.
    private func liftCompare(source: UInt32, op kernelOp: UInt32, data: [UInt8], state: inout State) throws(LiftError) {
        guard let op = ExpressionLifter.matchOperator(kernelOp) else { throw "comparison operator \(kernelOp)" }
        guard case .selector(let selector) = try state.read(source) else {
            throw "a comparison of something other than a packet field"
        }
        guard selector.shiftedRight == 0 else { throw "a comparison of a shifted value" }
        switch selector.source {
        case .hiddenMeta(let key, let layout):
            guard op == .eq, selector.mask == nil else {
                throw "\(KernelKeys.metaName(key)) has no form in vrc's model"
            }
            let value = try layout.integer(data[...])
            try state.noteHiddenDependency(metaKey: key, value: value)
        case .expression(let expression, var layout):
            layout.bigEndian = selector.bigEndian
            let match: Match
            if let mask = selector.mask, case .exthdr(let field) = expression, let bits = field.bits,
                mask == bits.mask, op == .eq || op == .neq
            {
                // A bit field of an extension header: nft masks it and compares the value in place.
                let number = data.prefix(layout.length).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                match = Match(expression, op, .integer(number >> UInt64(bits.shift)))
            } else if let mask = selector.mask {
                match = try ExpressionLifter.maskedMatch(
                    expression, layout: layout, mask: mask, maskBigEndian: selector.maskBigEndian, op: op, data: data)
            } else {
                match = try ExpressionLifter.plainMatch(expression, layout: layout, op: op, data: data)
            }
            let index = state.append(.match(match))
            if op == .eq, selector.mask == nil, case .integer(let value) = match.right.singleValue {
                if expression == .meta(.nfproto) { state.noteNetworkDependency(nfproto: value, statement: index) }
                if expression == .meta(.l4proto) {
                    state.noteTransportDependency(UInt8(truncatingIfNeeded: value), statement: index, droppable: true)
                }
            }
        case .payload(let load):
            try liftPayloadCompare(load, mask: selector.mask, op: op, data: data, state: &state)
        }
    }

    private func liftPayloadCompare(
        _ load: LiftRegister.PayloadLoad, mask: [UInt8]?, op: MatchOperator, data: [UInt8], state: inout State
    ) throws(LiftError) {
        let header = load.header
        if let mask {
            if let (field, shift) = header.field(offset: load.offset, length: load.length, mask: mask),
                shift > 0 || field.bitLength % 8 != 0
            {
                let model = try ExpressionLifter.modelField(field)
                let layout = ValueLayout(type: model.dataType, length: load.length, bigEndian: true, shift: shift)
                state.append(
                    .match(try ExpressionLifter.plainMatch(.payload(model), layout: layout, op: op, data: data)))
                return
            }
            guard let (field, _) = header.field(offset: load.offset, length: load.length, mask: nil) else {
                throw "a masked load of \(load.length) bytes at \(header.rawValue) header offset \(load.offset)"
            }
            let model = try ExpressionLifter.modelField(field)
            let layout = ValueLayout(type: model.dataType, length: load.length, bigEndian: true)
            state.append(
                .match(
                    try ExpressionLifter.maskedMatch(
                        .payload(model), layout: layout, mask: mask, maskBigEndian: true, op: op, data: data)))
            return
        }
        if let (field, _) = header.field(offset: load.offset, length: load.length, mask: nil) {
            let model = try ExpressionLifter.modelField(field)
            let layout = ValueLayout(type: model.dataType, length: load.length, bigEndian: true)
            let match = try ExpressionLifter.plainMatch(.payload(model), layout: layout, op: op, data: data)
            let index = state.append(.match(match))
            if op == .eq, case .integer(let value) = match.right.singleValue,
                model == .ipProtocol || model == .ip6Nexthdr
            {
                state.noteTransportDependency(
                    UInt8(truncatingIfNeeded: value), statement: index, droppable: !load.consumedDependency)
            }
            return
        }
        if op == .eq, let fields = header.coveredFields(offset: load.offset, length: load.length), fields.count > 1 {
            guard data.count == load.length else {
                throw "a comparison of \(data.count) bytes with a \(load.length)-byte load"
            }
            var offset = 0
            for field in fields {
                let model = try ExpressionLifter.modelField(field)
                let length = field.bitLength / 8
                let layout = ValueLayout(type: model.dataType, length: length, bigEndian: true)
                let part = Array(data[offset..<(offset + length)])
                state.append(
                    .match(try ExpressionLifter.plainMatch(.payload(model), layout: layout, op: .eq, data: part)))
                offset += length
            }
            return
        }
        if op == .eq || op == .neq, let field = header.prefixedField(offset: load.offset, length: load.length),
            let model = field.field, model.dataType == .ipv4Addr || model.dataType == .ipv6Addr
        {
            guard data.count == load.length else { throw "a prefix comparison of \(data.count) bytes" }
            let padded = data + [UInt8](repeating: 0, count: field.bitLength / 8 - data.count)
            guard let address = IPAddress(bytes: padded) else { throw "a prefix comparison of \(data.count) bytes" }
            state.append(.match(Match(.payload(model), op, .prefix(address, load.length * 8))))
            return
        }
        throw "a load of \(load.length) bytes at \(header.rawValue) header offset \(load.offset) is no field vrc knows"
    }

    /// `left low-high` from a `range` expression or a `cmp gte` and `cmp lte` pair.
    private func liftRange(source: UInt32, negated: Bool, low: [UInt8], high: [UInt8], state: inout State)
        throws(LiftError)
    {
        guard case .selector(let selector) = try state.read(source) else {
            throw "a range comparison of something other than a packet field"
        }
        let (expression, layout) = try state.resolve(selector)
        let range = Value.range(try layout.decode(low[...]), try layout.decode(high[...]))
        state.append(.match(Match(expression, negated ? .neq : .eq, range)))
    }

    /// A set membership match, a verdict map, or a map lookup whose data a later statement uses.
    private func liftLookup(
        source: UInt32, destination: UInt32?, name: String, inverted: Bool, state: inout State
    ) throws(LiftError) {
        guard let set = sets[name] else { throw "a lookup in set \(name), which the table does not have" }
        guard !unreadableSets.contains(name) else { throw "it uses set \(name), which vrc cannot express" }
        let parts = try state.key(from: source, length: set.keyLength)
        let key = parts.count == 1 ? parts[0].expression : .concat(parts.map(\.expression))
        let dataParts = try set.dataLayouts()
        func decodedElements() throws(LiftError) -> [SetElement] {
            let decoding = SetElementDecoding(
                keyParts: parts.map(\.layout), dataParts: dataParts, isVerdictMap: set.isVerdictMap,
                dataIsInterval: set.dataIsInterval, isInterval: set.isInterval)
            return try decoding.decode(set.elements)
        }
        guard let destination else {
            let operand: Operand = set.isAnonymous ? .set(try decodedElements().map(\.key)) : .named(name)
            state.append(.match(Match(key, inverted ? .neq : .eq, operand: operand)))
            return
        }
        guard !inverted else { throw "an inverted map lookup" }
        let map: MapSource = set.isAnonymous ? .anonymous(try decodedElements()) : .named(name)
        if destination == UInt32(NFT_REG_VERDICT.rawValue) {
            guard set.isVerdictMap else { throw "a lookup into the verdict register from a map of data" }
            state.append(.verdictMap(VerdictMap(key: key, map: map)))
            return
        }
        guard let dataParts, set.isMap else { throw "a data lookup in set \(name), which is not a map" }
        try state.writeMap(
            LiftRegister.MapLookup(key: key, map: map, set: set, dataParts: dataParts), length: set.dataLength ?? 0,
            to: destination)
    }

    static func matchOperator(_ op: UInt32) -> MatchOperator? {
        switch op {
        case UInt32(NFT_CMP_EQ.rawValue): return .eq
        case UInt32(NFT_CMP_NEQ.rawValue): return .neq
        case UInt32(NFT_CMP_LT.rawValue): return .lt
        case UInt32(NFT_CMP_LTE.rawValue): return .le
        case UInt32(NFT_CMP_GT.rawValue): return .gt
        case UInt32(NFT_CMP_GTE.rawValue): return .ge
        default: return nil
        }
    }

    static func modelField(_ field: PayloadHeader.Field) throws(LiftError) -> PayloadField {
        guard let model = field.field else { throw "\(field.name) has no form in vrc's model" }
        return model
    }

    /// `left op value` without a mask.
    ///
    /// On flag types the model's unmasked `==` means "any of these flags" and `!=` "none of them", so nft's
    /// comparisons of the whole value (`tcp flags == syn`, `ct state != established`, a plain `cmp`) keep
    /// their meaning with a mask of every bit.
    static func plainMatch(_ expression: Expression, layout: ValueLayout, op: MatchOperator, data: [UInt8])
        throws(LiftError) -> Match
    {
        if layout.type == .ifname, data.count < layout.length, !data.contains(0) {
            // A name compared on fewer bytes and without its NUL is nft's wildcard: `iifname "eth*"`.
            return Match(expression, op, .string(String(decoding: data, as: UTF8.self) + "*"))
        }
        if layout.type == .ipv4Addr || layout.type == .ipv6Addr, data.count < layout.length, op == .eq || op == .neq {
            // nft compares only the prefix bytes of a ct address: `ct original ip saddr 192.0.2.0/24`.
            let padded = data + [UInt8](repeating: 0, count: layout.length - data.count)
            guard let address = IPAddress(bytes: padded) else { throw "an address of \(data.count) bytes" }
            return Match(expression, op, .prefix(address, data.count * 8))
        }
        let value = try layout.decode(data[...])
        if layout.type.isBitmask, op == .eq || op == .neq, layout.length <= 8 {
            return Match(expression, op, value, mask: UInt64.max >> (64 - 8 * UInt64(layout.length)))
        }
        return Match(expression, op, value)
    }

    /// `left & mask op value`: an address prefix, a flag test, or a masked comparison.
    static func maskedMatch(
        _ expression: Expression, layout: ValueLayout, mask: [UInt8], maskBigEndian: Bool, op: MatchOperator,
        data: [UInt8]
    ) throws(LiftError) -> Match {
        if layout.type == .ipv4Addr || layout.type == .ipv6Addr {
            guard let address = IPAddress(bytes: data) else { throw "an address of \(data.count) bytes" }
            let ones = mask.reduce(0) { $0 + $1.nonzeroBitCount }
            if IPAddress.mask(prefix: ones, bytes: mask.count) == mask, op == .eq || op == .neq {
                return Match(expression, op, .prefix(address, ones))
            }
            guard mask.count <= 8 else { throw "an IPv6 address compared under a mask that is no prefix" }
            return Match(expression, op, .address(address), mask: ValueLayout.integer(mask[...], bigEndian: true))
        }
        guard mask.count <= 8, data.count <= 8 else { throw "a mask of \(mask.count) bytes" }
        let maskValue = ValueLayout.integer(mask[...], bigEndian: maskBigEndian)
        let value = try layout.integer(data[...])
        if layout.type.isBitmask && value == 0 {
            // nft's flag test: `ct state established,related` is `& 0x6 != 0`; `tcp flags ! syn` is `& 0x2 == 0`.
            switch op {
            case .neq: return Match(expression, .eq, .integer(maskValue))
            case .eq: return Match(expression, .neq, .integer(maskValue))
            default: break
            }
        }
        return Match(expression, op, .integer(value), mask: maskValue)
    }
}

extension Operand {
    /// The value of a single-value operand.
    fileprivate var singleValue: Value? {
        if case .value(let value) = self { return value }
        return nil
    }
}
