import CNetfilter

extension RuleLowering {
    /// snat, dnat, masquerade and redirect: addresses and ports loaded into registers, then the NAT expression.
    mutating func lowerNAT(_ nat: NAT) throws(NFTablesError) {
        var registers = ExpressionBuilder.NATRegisters()
        registers.flags = nat.flags.reduce(0) { $0 | $1.rangeFlag }
        let protoSpecified = UInt32(NF_NAT_RANGE_PROTO_SPECIFIED)

        switch (nat.kind, nat.to) {
        case (.masquerade, nil), (.redirect, nil):
            break
        case (.masquerade, .address(nil, let port?)), (.redirect, .address(nil, let port?)):
            try requireTransport(for: "\(nat.kind.rawValue) to a port")
            try loadPorts(port, into: &registers)
            registers.flags |= protoSpecified
        case (.masquerade, _), (.redirect, _):
            throw invalid("\(nat.kind.rawValue) takes a port only")
        case (.snat, nil), (.dnat, nil):
            throw invalid("\(nat.kind.rawValue) needs an address or a port")
        case (.snat, .address(let address, let port)?), (.dnat, .address(let address, let port)?):
            guard address != nil || port != nil else {
                throw invalid("\(nat.kind.rawValue) needs an address or a port")
            }
            // Without an address nft gives the table's family (`inet` too) rather than an address family.
            var family = table.family.nfproto
            if let address {
                let version = try natFamily(nat, addresses: [address])
                family = version.rawValue
                try loadAddresses(address, family: version, into: &registers)
            }
            if let port {
                try requireTransport(for: "\(nat.kind.rawValue) to a port")
                try loadPorts(port, into: &registers)
                registers.flags |= protoSpecified
            }
            build.nat(type: nat.kind == .snat ? NFT_NAT_SNAT : NFT_NAT_DNAT, family: family, registers: registers)
            return
        case (.snat, .map(let key, let source)?), (.dnat, .map(let key, let source)?):
            try lowerNATMap(nat, key: key, source: source, registers: &registers)
            return
        }
        if nat.kind == .masquerade {
            build.masquerade(registers: registers)
        } else {
            build.redirect(registers: registers)
        }
    }

    private mutating func requireTransport(for name: String) throws(NFTablesError) {
        guard context.transport != nil || context.transportMatched else {
            throw invalid("\(name): transport protocol mapping is only valid after transport protocol match")
        }
    }

    /// The family of the addresses: the table's, or in inet tables the statement's or the addresses' own.
    private func natFamily(_ nat: NAT, addresses: [Value]) throws(NFTablesError) -> NetworkProtocol {
        switch table.family {
        case .ip: return .ipv4
        case .ip6: return .ipv6
        case .inet:
            if let family = nat.family { return family == .ip ? .ipv4 : .ipv6 }
            for address in addresses {
                if let version = address.addressVersion { return version }
            }
            throw invalid("\(nat.kind.rawValue): specify the address family (ip or ip6)")
        default:
            throw invalid("\(nat.kind.rawValue) is only valid in ip, ip6 and inet tables")
        }
    }

    private mutating func loadAddresses(
        _ address: Value, family: NetworkProtocol, into registers: inout ExpressionBuilder.NATRegisters
    ) throws(NFTablesError) {
        let spec = family == .ipv4 ? ValueSpec(.ipv4Addr) : ValueSpec(.ipv6Addr)
        let (low, high): (Value, Value?)
        switch address {
        case .range(let first, let last): (low, high) = (first, last)
        case .prefix(let network, let length):
            (low, high) = (.address(network), .address(network.lastAddress(inPrefix: length)))
        default: (low, high) = (address, nil)
        }
        let minimum = allocate()
        build.immediate(dreg: RuleLowering.register(word: minimum), data: try bytes(low, spec, "nat address"))
        registers.addressMin = RuleLowering.register(word: minimum)
        if let high {
            let maximum = allocate()
            build.immediate(dreg: RuleLowering.register(word: maximum), data: try bytes(high, spec, "nat address"))
            registers.addressMax = RuleLowering.register(word: maximum)
        }
    }

    private mutating func loadPorts(_ port: Value, into registers: inout ExpressionBuilder.NATRegisters)
        throws(NFTablesError)
    {
        let spec = ValueSpec(.inetService)
        let (low, high): (Value, Value?)
        if case .range(let first, let last) = port {
            (low, high) = (first, last)
        } else {
            (low, high) = (port, nil)
        }
        let minimum = allocate()
        build.immediate(dreg: RuleLowering.register(word: minimum), data: try bytes(low, spec, "nat port"))
        registers.protoMin = RuleLowering.register(word: minimum)
        if let high {
            let maximum = allocate()
            build.immediate(dreg: RuleLowering.register(word: maximum), data: try bytes(high, spec, "nat port"))
            registers.protoMax = RuleLowering.register(word: maximum)
        }
    }

    /// `dnat to KEY map { ... }`: the key is looked up into the register the NAT expression reads; an address
    /// and port pair lands in consecutive words, an address range as its two ends.
    private mutating func lowerNATMap(
        _ nat: NAT, key: Expression, source: MapSource, registers: inout ExpressionBuilder.NATRegisters
    ) throws(NFTablesError) {
        let parts = try selectors(of: key)
        try require(parts)
        let type = nat.kind == .snat ? NFT_NAT_SNAT : NFT_NAT_DNAT

        let layout: SetLayout
        let family: NetworkProtocol
        let setName: String
        let setID: UInt32?
        switch source {
        case .named(let name):
            guard let set = table.set(named: name), let dataType = set.dataType else {
                throw invalid("map '\(name)' does not exist")
            }
            guard let first = dataType.first, first == .ipv4Addr || first == .ipv6Addr,
                dataType.count == 1 || (dataType.count == 2 && dataType[1] == .inetService)
            else {
                throw invalid("map '\(name)' does not map to addresses")
            }
            layout = SetLayout(set)
            family = first == .ipv4Addr ? .ipv4 : .ipv6
            if let declared = try? natFamily(nat, addresses: []), declared != family {
                throw invalid("map '\(name)' holds addresses of the other family")
            }
            setName = name
            setID = namedSetIDs[name]
        case .anonymous(let elements):
            guard !elements.isEmpty else { throw invalid("an anonymous map needs at least one element") }
            let values = elements.compactMap(\.value)
            guard values.count == elements.count else { throw invalid("every element of a NAT map needs a value") }
            family = try natFamily(nat, addresses: values)
            let address = family == .ipv4 ? ValueSpec(.ipv4Addr) : ValueSpec(.ipv6Addr)
            let withPort = values.contains { if case .concat = $0 { return true } else { return false } }
            let ranges = SetElement.haveIntervalData(elements)
            let interval = elements.contains { $0.key.isInterval || $0.key.isWildcard }
            layout = SetLayout(
                key: parts.map(\.keySpec),
                data: .values(withPort ? [address, ValueSpec(.inetService)] : [address], interval: ranges),
                interval: interval)
            let encoded = try makeAnonymousSet(layout: layout, elements: elements, parts: parts, isMap: true)
            setName = "__map%d"
            setID = encoded.id
        }

        // nft loads the key straight into the register the data will land in.
        let word: Int
        if parts.count == 1 {
            word = allocate()
            load(parts[0], word: word)
            if layout.interval && parts[0].spec.needsByteorderForRanges {
                build.hton(reg: RuleLowering.register(word: word), length: parts[0].spec.length)
            }
        } else {
            word = allocate(concatLength: max(layout.keyLength, layout.dataLength))
            loadParts(parts, word: word, byteorder: layout.interval, shiftBitFields: true)
        }
        let register = RuleLowering.register(word: word)
        build.lookup(sreg: register, set: setName, id: setID, dreg: register, inverted: false)

        let addressWords = (family == .ipv4 ? 4 : 16) / 4
        registers.addressMin = register
        if layout.dataIsInterval {
            registers.addressMax = RuleLowering.register(word: word + addressWords)
        }
        if case .values(let dataParts, _) = layout.data, dataParts.count == 2 {
            registers.protoMin = RuleLowering.register(word: word + addressWords)
        }
        build.nat(type: type, family: family.rawValue, registers: registers)
    }
}

extension NATFlag {
    /// The `NF_NAT_RANGE_*` bit.
    var rangeFlag: UInt32 {
        switch self {
        case .random: return UInt32(NF_NAT_RANGE_PROTO_RANDOM)
        case .fullyRandom: return UInt32(NF_NAT_RANGE_PROTO_RANDOM_FULLY)
        case .persistent: return UInt32(NF_NAT_RANGE_PERSISTENT)
        }
    }
}

extension Value {
    /// The IP version of an address value (or of the first address in it).
    var addressVersion: NetworkProtocol? {
        switch self {
        case .address(let address), .prefix(let address, _): return address.isV4 ? .ipv4 : .ipv6
        case .range(let low, _): return low.addressVersion
        case .concat(let parts): return parts.first?.addressVersion
        default: return nil
        }
    }
}
