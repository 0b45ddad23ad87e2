import CNetfilter

extension RuleLowering {
    mutating func lowerLog(_ log: Log) throws(NFTablesError) {
        if log.group != nil && log.level != nil {
            throw invalid("log: level and group are mutually exclusive")
        }
        if let prefix = log.prefix, prefix.utf8.count > 127 {
            throw invalid("log: the prefix is longer than 127 bytes")
        }
        build.log(log)
    }

    func lowerLimit(_ limit: Limit) {
        // nft's default burst: 5 packets, or none for a byte rate.
        let burst = limit.burst ?? (limit.bytes ? 0 : 5)
        build.limit(
            rate: limit.rate, unitSeconds: limit.unit.seconds, burst: burst, bytes: limit.bytes, inverted: limit.over)
    }

    mutating func lowerReject(_ reject: Reject) throws(NFTablesError) {
        let icmpUnreach = UInt32(NFT_REJECT_ICMP_UNREACH.rawValue)
        let icmpx = UInt32(NFT_REJECT_ICMPX_UNREACH.rawValue)
        switch reject.type {
        case nil:
            switch table.family {
            case .ip: build.reject(type: icmpUnreach, code: reject.code ?? 3)
            case .ip6: build.reject(type: icmpUnreach, code: reject.code ?? 4)
            default: build.reject(type: icmpx, code: reject.code ?? UInt8(NFT_REJECT_ICMPX_PORT_UNREACH.rawValue))
            }
        case .tcpReset:
            try require(ProtocolDependency(transport: 6), for: "reject with tcp reset")
            build.reject(type: UInt32(NFT_REJECT_TCP_RST.rawValue), code: 0)
        case .icmp:
            try require(ProtocolDependency(network: .ipv4), for: "reject with icmp")
            build.reject(type: icmpUnreach, code: reject.code ?? 3)
        case .icmpv6:
            try require(ProtocolDependency(network: .ipv6), for: "reject with icmpv6")
            build.reject(type: icmpUnreach, code: reject.code ?? 4)
        case .icmpx:
            build.reject(type: icmpx, code: reject.code ?? UInt8(NFT_REJECT_ICMPX_PORT_UNREACH.rawValue))
        }
    }

    /// `ip dscp set V` as nft 1.0.6 writes it: the first two header bytes loaded, the field replaced with a
    /// `bitwise`, and written back with the IPv4 header checksum fixed.
    mutating func lowerPayloadSet(_ set: PayloadSet) throws(NFTablesError) {
        let selector = Selector(.payload(set.field))
        try require([selector])
        guard case .integer(let value) = set.value, value <= 63 else {
            throw invalid("\(set.field.rawValue) set: a DSCP value is a number from 0 to 63")
        }
        let v4 = set.field == .ipDscp
        guard v4 || set.field == .ip6Dscp else { throw invalid("\(set.field.rawValue) cannot be set") }
        let word = allocate()
        let register = RuleLowering.register(word: word)
        let network = UInt32(NFT_PAYLOAD_NETWORK_HEADER.rawValue)
        build.payload(base: network, offset: 0, length: 2, dreg: register)
        let shifted = UInt16(value) << (v4 ? 2 : 6)
        build.bitwise(
            reg: register, mask: v4 ? [0xFF, 0x03] : [0xF0, 0x3F],
            xor: [UInt8(truncatingIfNeeded: shifted >> 8), UInt8(truncatingIfNeeded: shifted)], namesOperation: true)
        build.payloadWrite(
            base: network, offset: 0, length: 2, sreg: register,
            checksumType: v4 ? UInt32(NFT_PAYLOAD_CSUM_INET.rawValue) : 0, checksumOffset: v4 ? 10 : 0)
    }

    mutating func lowerMetaSet(_ meta: MetaSet) throws(NFTablesError) {
        let target = Selector(.meta(meta.key))
        guard case .meta(let key) = target.source else { return }
        let word = try loadStatementValue(
            value: meta.value, from: meta.from, bitwise: meta.bitwise, spec: target.spec, name: target.name)
        build.metaSet(key: key, sreg: RuleLowering.register(word: word))
    }

    mutating func lowerCtSet(meta ct: CtSet) throws(NFTablesError) {
        let target = Selector(.ct(ct.key))
        guard case .ct(let key, let direction) = target.source else { return }
        let word = try loadStatementValue(
            value: ct.value, from: ct.from, bitwise: ct.bitwise, spec: target.spec, name: target.name)
        build.ctSet(key: key, direction: direction, sreg: RuleLowering.register(word: word))
    }

    /// Puts the value a statement writes in a register: a constant, or an expression loaded.
    private mutating func loadStatementValue(
        value: Value?, from expression: Expression?, bitwise: Bitwise? = nil, spec: ValueSpec, name: String
    ) throws(NFTablesError) -> Int {
        if bitwise != nil && expression == nil { throw invalid("\(name) set: a bitwise change needs an expression") }
        switch (value, expression) {
        case (let value?, nil):
            let data = try bytes(value, spec, name)
            let word = allocate()
            build.immediate(dreg: RuleLowering.register(word: word), data: data)
            return word
        case (nil, let expression?):
            let parts = try selectors(of: expression)
            guard parts.count == 1 else { throw invalid("\(name) set: a concatenation cannot be written") }
            try require(parts)
            let word = allocate()
            load(parts[0], word: word)
            if let bitwise {
                // One `bitwise`, as nft makes of an `and`/`or`/`xor` chain on the value.
                build.bitwise(
                    reg: RuleLowering.register(word: word), mask: try maskBytes(bitwise.mask, spec, name),
                    xor: try maskBytes(bitwise.xor, spec, name), namesOperation: true)
            }
            return word
        default:
            throw invalid("\(name) set needs either a value or an expression")
        }
    }

    /// `key vmap { ... }` or `key vmap @name`: a lookup whose data is the verdict.
    mutating func lowerVerdictMap(_ map: VerdictMap) throws(NFTablesError) {
        let parts = try selectors(of: map.key)
        try require(parts)
        let verdictRegister = UInt32(NFT_REG_VERDICT.rawValue)
        switch map.map {
        case .named(let name):
            guard let set = table.set(named: name) else { throw invalid("map '\(name)' does not exist") }
            guard set.isVerdictMap else { throw invalid("'\(name)' is not a verdict map") }
            let word = try loadKey(parts, of: set, mask: nil)
            build.lookup(
                sreg: RuleLowering.register(word: word), set: name, id: namedSetIDs[name], dreg: verdictRegister,
                inverted: false)
        case .anonymous(let elements):
            guard !elements.isEmpty else { throw invalid("an anonymous map needs at least one element") }
            var keyed = elements
            if parts.count == 1, parts[0].bitField != nil {
                // A lone bit field keeps its place in the register: the keys move instead.
                for index in keyed.indices {
                    keyed[index].key = try shifted(keyed[index].key, parts[0])
                }
            }
            let interval = keyed.contains { $0.key.isInterval || $0.key.isWildcard }
            let layout = SetLayout(key: parts.map(\.keySpec), data: .verdict, interval: interval)
            let encoded = try makeAnonymousSet(layout: layout, elements: keyed, parts: parts, isMap: true)
            let word = loadKey(parts, layout: layout, mask: nil)
            build.lookup(
                sreg: RuleLowering.register(word: word), set: "__map%d", id: encoded.id, dreg: verdictRegister,
                inverted: false)
        }
    }
}
