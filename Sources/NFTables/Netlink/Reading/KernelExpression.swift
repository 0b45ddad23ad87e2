import CNetfilter

/// One kernel expression of a rule, with the attributes the lifter needs, in the kernel's own
/// vocabulary (one case per expression type, as google/nftables' `expr` package has them).
///
/// Registers keep the kernel's numbering: 0 is the verdict register, 1-4 the 16-byte registers,
/// 8-23 the 4-byte ones.
internal enum KernelExpression: Hashable {
    case payload(base: UInt32, offset: UInt32, length: UInt32, destination: UInt32)
    case payloadWrite(
        source: UInt32, base: UInt32, offset: UInt32, length: UInt32, checksumType: UInt32, checksumOffset: UInt32)
    case meta(key: UInt32, destination: UInt32)
    case metaSet(key: UInt32, source: UInt32)
    case ct(key: UInt32, direction: UInt8?, destination: UInt32)
    case ctSet(key: UInt32, direction: UInt8?, source: UInt32)
    case cmp(source: UInt32, op: UInt32, data: [UInt8])
    case bitwise(source: UInt32, destination: UInt32, length: UInt32, mask: [UInt8], xor: [UInt8])
    case shift(source: UInt32, destination: UInt32, right: Bool, amount: UInt32)
    case range(source: UInt32, op: UInt32, from: [UInt8], to: [UInt8])
    case lookup(source: UInt32, destination: UInt32?, set: String, inverted: Bool)
    case immediateData(destination: UInt32, data: [UInt8])
    case immediateVerdict(code: Int32, chain: String?)
    case byteorder(source: UInt32, destination: UInt32, op: UInt32, length: UInt32, size: UInt32)
    case counter(packets: UInt64, bytes: UInt64)
    case log(prefix: String?, group: UInt16?, snaplen: UInt32?, queueThreshold: UInt16?, level: UInt32?, flags: UInt32)
    case limit(rate: UInt64, unit: UInt64, burst: UInt32, type: UInt32, flags: UInt32)
    case reject(type: UInt32, code: UInt8)
    case nat(NATRegisters)
    /// `dup to ADDRESS`: the register holding the address.
    case dup(addressRegister: UInt32)
    case masquerade(flags: UInt32, protoMin: UInt32?, protoMax: UInt32?)
    case redirect(flags: UInt32, protoMin: UInt32?, protoMax: UInt32?)
    case numgen(destination: UInt32, modulus: UInt32, type: UInt32, offset: UInt32)
    case hash(
        source: UInt32, length: UInt32, destination: UInt32, modulus: UInt32, seed: UInt32?, offset: UInt32,
        type: UInt32)
    case fib(flags: UInt32, result: UInt32, destination: UInt32)
    case exthdr(op: UInt32, type: UInt8, offset: UInt32, length: UInt32, flags: UInt32, destination: UInt32)
    case notrack
    /// An expression vrc does not lift, or one whose attributes make no sense; `reason` says which.
    case unsupported(name: String, reason: String)

    /// The most bytes a value in the registers can have (`NFT_REG32_COUNT` 4-byte registers).
    static let registerBytes: UInt32 = 64

    /// The registers and flags of a `nat` expression.
    struct NATRegisters: Hashable {
        var type: UInt32
        var family: UInt32
        var addressMin: UInt32?
        var addressMax: UInt32?
        var protoMin: UInt32?
        var protoMax: UInt32?
        var flags: UInt32
    }

    /// Reads one expression from its name and its `NFTA_EXPR_DATA` attributes.
    ///
    /// An expression vrc does not lift is `.unsupported`; attributes of the wrong length throw.
    static func parse(name: String, attributes data: NetlinkAttributeSet?) throws(NFTablesError) -> KernelExpression {
        let attributes = data ?? NetlinkAttributeSet(emptyFor: name)
        func missing(_ what: String) -> KernelExpression {
            .unsupported(name: name, reason: "the kernel sent a \(name) expression without its \(what)")
        }
        switch name {
        case "payload":
            if let source = try attributes.uint32(NFTA_PAYLOAD_SREG.rawValue) {
                guard let base = try attributes.uint32(NFTA_PAYLOAD_BASE.rawValue),
                    let offset = try attributes.uint32(NFTA_PAYLOAD_OFFSET.rawValue),
                    let length = try attributes.uint32(NFTA_PAYLOAD_LEN.rawValue)
                else { return missing("base, offset or length") }
                return .payloadWrite(
                    source: source, base: base, offset: offset, length: length,
                    checksumType: try attributes.uint32(NFTA_PAYLOAD_CSUM_TYPE.rawValue) ?? 0,
                    checksumOffset: try attributes.uint32(NFTA_PAYLOAD_CSUM_OFFSET.rawValue) ?? 0)
            }
            guard let base = try attributes.uint32(NFTA_PAYLOAD_BASE.rawValue),
                let offset = try attributes.uint32(NFTA_PAYLOAD_OFFSET.rawValue),
                let length = try attributes.uint32(NFTA_PAYLOAD_LEN.rawValue),
                let destination = try attributes.uint32(NFTA_PAYLOAD_DREG.rawValue)
            else { return missing("base, offset, length or register") }
            guard length > 0, length <= KernelExpression.registerBytes else {
                return .unsupported(name: name, reason: "a payload load of \(length) bytes")
            }
            return .payload(base: base, offset: offset, length: length, destination: destination)
        case "meta":
            guard let key = try attributes.uint32(NFTA_META_KEY.rawValue) else { return missing("key") }
            if let source = try attributes.uint32(NFTA_META_SREG.rawValue) { return .metaSet(key: key, source: source) }
            guard let destination = try attributes.uint32(NFTA_META_DREG.rawValue) else { return missing("register") }
            return .meta(key: key, destination: destination)
        case "ct":
            guard let key = try attributes.uint32(NFTA_CT_KEY.rawValue) else { return missing("key") }
            let direction = try attributes.uint8(NFTA_CT_DIRECTION.rawValue)
            if let source = try attributes.uint32(NFTA_CT_SREG.rawValue) {
                return .ctSet(key: key, direction: direction, source: source)
            }
            guard let destination = try attributes.uint32(NFTA_CT_DREG.rawValue) else { return missing("register") }
            return .ct(key: key, direction: direction, destination: destination)
        case "cmp":
            guard let source = try attributes.uint32(NFTA_CMP_SREG.rawValue),
                let op = try attributes.uint32(NFTA_CMP_OP.rawValue),
                let data = try attributes.dataValue(NFTA_CMP_DATA.rawValue)
            else { return missing("register, operator or data") }
            return .cmp(source: source, op: op, data: data)
        case "bitwise":
            guard let source = try attributes.uint32(NFTA_BITWISE_SREG.rawValue),
                let destination = try attributes.uint32(NFTA_BITWISE_DREG.rawValue)
            else { return missing("registers") }
            if let op = try attributes.uint32(NFTA_BITWISE_OP.rawValue), op != UInt32(NFT_BITWISE_MASK_XOR.rawValue) {
                // The shift amount is a host-order 32-bit number in an nft_data value.
                guard let amount = try attributes.dataValue(NFTA_BITWISE_DATA.rawValue), amount.count == 4 else {
                    return missing("shift amount")
                }
                return .shift(
                    source: source, destination: destination, right: op == UInt32(NFT_BITWISE_RSHIFT.rawValue),
                    amount: UInt32(ValueLayout.integer(amount[...], bigEndian: false)))
            }
            guard let length = try attributes.uint32(NFTA_BITWISE_LEN.rawValue),
                let mask = try attributes.dataValue(NFTA_BITWISE_MASK.rawValue),
                let xor = try attributes.dataValue(NFTA_BITWISE_XOR.rawValue)
            else { return missing("length, mask or xor") }
            return .bitwise(source: source, destination: destination, length: length, mask: mask, xor: xor)
        case "range":
            guard let source = try attributes.uint32(NFTA_RANGE_SREG.rawValue),
                let op = try attributes.uint32(NFTA_RANGE_OP.rawValue),
                let from = try attributes.dataValue(NFTA_RANGE_FROM_DATA.rawValue),
                let to = try attributes.dataValue(NFTA_RANGE_TO_DATA.rawValue)
            else { return missing("register, operator or bounds") }
            return .range(source: source, op: op, from: from, to: to)
        case "lookup":
            guard let source = try attributes.uint32(NFTA_LOOKUP_SREG.rawValue),
                let set = attributes.string(NFTA_LOOKUP_SET.rawValue)
            else { return missing("register or set") }
            let flags = try attributes.uint32(NFTA_LOOKUP_FLAGS.rawValue) ?? 0
            return .lookup(
                source: source, destination: try attributes.uint32(NFTA_LOOKUP_DREG.rawValue), set: set,
                inverted: flags & NFT_LOOKUP_F_INV.rawValue != 0)
        case "immediate":
            guard let destination = try attributes.uint32(NFTA_IMMEDIATE_DREG.rawValue),
                let data = try attributes.nested(NFTA_IMMEDIATE_DATA.rawValue)
            else { return missing("register or data") }
            if let verdict = try data.nested(NFTA_DATA_VERDICT.rawValue) {
                guard let code = try verdict.uint32(NFTA_VERDICT_CODE.rawValue) else { return missing("verdict code") }
                return .immediateVerdict(
                    code: Int32(bitPattern: code), chain: verdict.string(NFTA_VERDICT_CHAIN.rawValue))
            }
            guard let value = data.bytes(NFTA_DATA_VALUE.rawValue) else { return missing("value") }
            return .immediateData(destination: destination, data: value)
        case "byteorder":
            guard let source = try attributes.uint32(NFTA_BYTEORDER_SREG.rawValue),
                let destination = try attributes.uint32(NFTA_BYTEORDER_DREG.rawValue),
                let op = try attributes.uint32(NFTA_BYTEORDER_OP.rawValue),
                let length = try attributes.uint32(NFTA_BYTEORDER_LEN.rawValue),
                let size = try attributes.uint32(NFTA_BYTEORDER_SIZE.rawValue)
            else { return missing("registers, operator, length or size") }
            return .byteorder(source: source, destination: destination, op: op, length: length, size: size)
        case "counter":
            return .counter(
                packets: try attributes.uint64(NFTA_COUNTER_PACKETS.rawValue) ?? 0,
                bytes: try attributes.uint64(NFTA_COUNTER_BYTES.rawValue) ?? 0)
        case "log":
            return .log(
                prefix: attributes.string(NFTA_LOG_PREFIX.rawValue),
                group: try attributes.uint16(NFTA_LOG_GROUP.rawValue),
                snaplen: try attributes.uint32(NFTA_LOG_SNAPLEN.rawValue),
                queueThreshold: try attributes.uint16(NFTA_LOG_QTHRESHOLD.rawValue),
                level: try attributes.uint32(NFTA_LOG_LEVEL.rawValue),
                flags: try attributes.uint32(NFTA_LOG_FLAGS.rawValue) ?? 0)
        case "limit":
            guard let rate = try attributes.uint64(NFTA_LIMIT_RATE.rawValue),
                let unit = try attributes.uint64(NFTA_LIMIT_UNIT.rawValue)
            else { return missing("rate or unit") }
            return .limit(
                rate: rate, unit: unit, burst: try attributes.uint32(NFTA_LIMIT_BURST.rawValue) ?? 0,
                type: try attributes.uint32(NFTA_LIMIT_TYPE.rawValue) ?? 0,
                flags: try attributes.uint32(NFTA_LIMIT_FLAGS.rawValue) ?? 0)
        case "reject":
            guard let type = try attributes.uint32(NFTA_REJECT_TYPE.rawValue) else { return missing("type") }
            return .reject(type: type, code: try attributes.uint8(NFTA_REJECT_ICMP_CODE.rawValue) ?? 0)
        case "nat":
            guard let type = try attributes.uint32(NFTA_NAT_TYPE.rawValue),
                let family = try attributes.uint32(NFTA_NAT_FAMILY.rawValue)
            else { return missing("type or family") }
            return .nat(
                NATRegisters(
                    type: type, family: family,
                    addressMin: try attributes.uint32(NFTA_NAT_REG_ADDR_MIN.rawValue),
                    addressMax: try attributes.uint32(NFTA_NAT_REG_ADDR_MAX.rawValue),
                    protoMin: try attributes.uint32(NFTA_NAT_REG_PROTO_MIN.rawValue),
                    protoMax: try attributes.uint32(NFTA_NAT_REG_PROTO_MAX.rawValue),
                    flags: try attributes.uint32(NFTA_NAT_FLAGS.rawValue) ?? 0))
        case "masq":
            return .masquerade(
                flags: try attributes.uint32(NFTA_MASQ_FLAGS.rawValue) ?? 0,
                protoMin: try attributes.uint32(NFTA_MASQ_REG_PROTO_MIN.rawValue),
                protoMax: try attributes.uint32(NFTA_MASQ_REG_PROTO_MAX.rawValue))
        case "redir":
            return .redirect(
                flags: try attributes.uint32(NFTA_REDIR_FLAGS.rawValue) ?? 0,
                protoMin: try attributes.uint32(NFTA_REDIR_REG_PROTO_MIN.rawValue),
                protoMax: try attributes.uint32(NFTA_REDIR_REG_PROTO_MAX.rawValue))
        case "exthdr":
            guard let destination = try attributes.uint32(NFTA_EXTHDR_DREG.rawValue) else {
                return .unsupported(name: name, reason: "extension header writes have no statement in vrc's model")
            }
            guard let type = try attributes.uint8(NFTA_EXTHDR_TYPE.rawValue),
                let offset = try attributes.uint32(NFTA_EXTHDR_OFFSET.rawValue),
                let length = try attributes.uint32(NFTA_EXTHDR_LEN.rawValue)
            else { return missing("type, offset or length") }
            return .exthdr(
                op: try attributes.uint32(NFTA_EXTHDR_OP.rawValue) ?? 0, type: type, offset: offset, length: length,
                flags: try attributes.uint32(NFTA_EXTHDR_FLAGS.rawValue) ?? 0, destination: destination)
        case "fib":
            guard let destination = try attributes.uint32(NFTA_FIB_DREG.rawValue),
                let result = try attributes.uint32(NFTA_FIB_RESULT.rawValue),
                let flags = try attributes.uint32(NFTA_FIB_FLAGS.rawValue)
            else { return missing("register, result or flags") }
            return .fib(flags: flags, result: result, destination: destination)
        case "numgen":
            guard let destination = try attributes.uint32(NFTA_NG_DREG.rawValue),
                let modulus = try attributes.uint32(NFTA_NG_MODULUS.rawValue),
                let type = try attributes.uint32(NFTA_NG_TYPE.rawValue)
            else { return missing("register, modulus or type") }
            return .numgen(
                destination: destination, modulus: modulus, type: type,
                offset: try attributes.uint32(NFTA_NG_OFFSET.rawValue) ?? 0)
        case "hash":
            if let type = try attributes.uint32(NFTA_HASH_TYPE.rawValue), type != UInt32(NFT_HASH_JENKINS.rawValue) {
                return .unsupported(name: name, reason: "symhash has no form in vrc's model")
            }
            guard let source = try attributes.uint32(NFTA_HASH_SREG.rawValue),
                let destination = try attributes.uint32(NFTA_HASH_DREG.rawValue),
                let length = try attributes.uint32(NFTA_HASH_LEN.rawValue),
                let modulus = try attributes.uint32(NFTA_HASH_MODULUS.rawValue)
            else { return missing("registers, length or modulus") }
            return .hash(
                source: source, length: length, destination: destination, modulus: modulus,
                seed: try attributes.uint32(NFTA_HASH_SEED.rawValue),
                offset: try attributes.uint32(NFTA_HASH_OFFSET.rawValue) ?? 0,
                type: UInt32(NFT_HASH_JENKINS.rawValue))
        case "notrack":
            return .notrack
        case "dup":
            if try attributes.uint32(NFTA_DUP_SREG_DEV.rawValue) != nil {
                return .unsupported(name: name, reason: "dup to a device has no form in vrc's model")
            }
            guard let source = try attributes.uint32(NFTA_DUP_SREG_ADDR.rawValue) else {
                return missing("address register")
            }
            return .dup(addressRegister: source)
        default:
            return .unsupported(name: name, reason: "expression \"\(name)\" has no statement in vrc's model")
        }
    }
}
