import CNetfilter

/// The statements whose kernel expression maps to the model without registers: log, limit, NAT flags.
internal enum StatementLifting {
    /// The kernel's log level when none is given (`NFT_LOGLEVEL_WARNING`); nft omits it when listing.
    static let defaultLogLevel: UInt32 = 4
    /// The burst nft 1.0.6 sets for a packet limit without one; nft omits it when listing.
    static let defaultPacketBurst: UInt32 = 5

    static func log(
        prefix: String?, group: UInt16?, snaplen: UInt32?, queueThreshold: UInt16?, level: UInt32?, flags: UInt32
    ) throws(LiftError) -> Log {
        guard flags == 0 else { throw "log flags 0x\(String(flags, radix: 16)) have no form in vrc's model" }
        var log = Log(prefix: prefix, group: group, snaplen: snaplen, queueThreshold: queueThreshold)
        if let level, group == nil, level != defaultLogLevel {
            guard level < UInt32(LogLevel.allCases.count) else { throw "log level \(level) has no form in vrc's model" }
            log.level = LogLevel.allCases[Int(level)]
        }
        if log.queueThreshold == 0 { log.queueThreshold = nil }
        return log
    }

    static func limit(rate: UInt64, unit: UInt64, burst: UInt32, type: UInt32, flags: UInt32) throws(LiftError) -> Limit
    {
        guard let timeUnit = TimeUnit.allCases.first(where: { $0.seconds == unit }) else {
            throw "a limit per \(unit) seconds has no form in vrc's model"
        }
        guard type == UInt32(NFT_LIMIT_PKTS.rawValue) || type == UInt32(NFT_LIMIT_PKT_BYTES.rawValue) else {
            throw "limit type \(type)"
        }
        guard flags & ~NFT_LIMIT_F_INV.rawValue == 0 else { throw "limit flags 0x\(String(flags, radix: 16))" }
        let bytes = type == UInt32(NFT_LIMIT_PKT_BYTES.rawValue)
        let defaultBurst = bytes ? 0 : defaultPacketBurst
        return Limit(
            rate: rate, unit: timeUnit, burst: burst == defaultBurst ? nil : burst, bytes: bytes,
            over: flags & NFT_LIMIT_F_INV.rawValue != 0)
    }

    /// The model's NAT flags; the range flags nft sets by itself (addresses or ports given) are implied.
    static func natFlags(_ flags: UInt32) throws(LiftError) -> [NATFlag] {
        let implied = UInt32(NF_NAT_RANGE_MAP_IPS | NF_NAT_RANGE_PROTO_SPECIFIED)
        var result: [NATFlag] = []
        if flags & UInt32(NF_NAT_RANGE_PROTO_RANDOM) != 0 { result.append(.random) }
        if flags & UInt32(NF_NAT_RANGE_PROTO_RANDOM_FULLY) != 0 { result.append(.fullyRandom) }
        if flags & UInt32(NF_NAT_RANGE_PERSISTENT) != 0 { result.append(.persistent) }
        let known =
            implied | UInt32(NF_NAT_RANGE_PROTO_RANDOM | NF_NAT_RANGE_PROTO_RANDOM_FULLY | NF_NAT_RANGE_PERSISTENT)
        guard flags & ~known == 0 else {
            throw
                "NAT flags 0x\(String(flags & ~known, radix: 16)) (prefix or port offset mapping) have no form in vrc's model"
        }
        return result
    }

    /// The lookup of a `fib` expression, as nft 1.0.6 writes them.
    static func fibLookup(flags: UInt32, result: UInt32) throws(LiftError) -> FibLookup {
        let known: UInt32 = 0x1F
        guard flags & ~known == 0 else { throw "fib flags 0x\(String(flags, radix: 16)) have no form in vrc's model" }
        let address: FibLookup.Address
        switch flags & 0x3 {
        case 0x1: address = .saddr
        case 0x2: address = .daddr
        default: throw "a fib lookup of neither or both addresses"
        }
        let interface: FibLookup.Interface?
        switch flags & 0x18 {
        case 0: interface = nil
        case 0x8: interface = .iif
        case 0x10: interface = .oif
        default: throw "a fib lookup restricted to both interfaces"
        }
        let kind: FibLookup.Result
        switch result {
        case 3: kind = .type
        case 1: kind = .oif
        default: throw "fib result \(result) has no form in vrc's model"
        }
        return FibLookup(address, mark: flags & 0x4 != 0, interface: interface, result: kind)
    }
}
