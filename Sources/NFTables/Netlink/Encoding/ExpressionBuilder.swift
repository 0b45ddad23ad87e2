import CNetfilter

/// Appends libnftnl expressions to a rule, one method per kernel expression, with the attributes nft 1.0.6
/// sets for it (and no others: an attribute nft leaves out is one the kernel defaults).
internal struct ExpressionBuilder {
    let rule: OpaquePointer

    private func add(_ name: String, _ configure: (OpaquePointer) -> Void) {
        let expression = nftnl_expr_alloc(name)!
        configure(expression)
        nftnl_rule_add_expr(rule, expression)
    }

    private static func setData(_ expression: OpaquePointer, _ type: UInt16, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            _ = nftnl_expr_set(expression, type, buffer.baseAddress, UInt32(buffer.count))
        }
    }

    func payload(base: UInt32, offset: UInt32, length: Int, dreg: UInt32) {
        add("payload") { expression in
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_PAYLOAD_DREG), dreg)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_PAYLOAD_BASE), base)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_PAYLOAD_OFFSET), offset)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_PAYLOAD_LEN), UInt32(length))
        }
    }

    /// Writes a register into the packet, fixing the checksum at `checksumOffset` when `checksumType` is set.
    func payloadWrite(
        base: UInt32, offset: UInt32, length: Int, sreg: UInt32, checksumType: UInt32, checksumOffset: UInt32
    ) {
        add("payload") { expression in
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_PAYLOAD_SREG), sreg)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_PAYLOAD_BASE), base)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_PAYLOAD_OFFSET), offset)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_PAYLOAD_LEN), UInt32(length))
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_PAYLOAD_CSUM_TYPE), checksumType)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_PAYLOAD_CSUM_OFFSET), checksumOffset)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_PAYLOAD_FLAGS), 0)
        }
    }

    func metaLoad(key: UInt32, dreg: UInt32) {
        add("meta") { expression in
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_META_KEY), key)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_META_DREG), dreg)
        }
    }

    func metaSet(key: UInt32, sreg: UInt32) {
        add("meta") { expression in
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_META_KEY), key)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_META_SREG), sreg)
        }
    }

    func ctLoad(key: UInt32, direction: UInt8?, dreg: UInt32) {
        add("ct") { expression in
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_CT_KEY), key)
            if let direction {
                nftnl_expr_set_u8(expression, UInt16(NFTNL_EXPR_CT_DIR), direction)
            }
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_CT_DREG), dreg)
        }
    }

    func ctSet(key: UInt32, direction: UInt8?, sreg: UInt32) {
        add("ct") { expression in
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_CT_KEY), key)
            if let direction {
                nftnl_expr_set_u8(expression, UInt16(NFTNL_EXPR_CT_DIR), direction)
            }
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_CT_SREG), sreg)
        }
    }

    func numgen(mode: UInt32, modulus: UInt32, offset: UInt32, dreg: UInt32) {
        add("numgen") { expression in
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_NG_DREG), dreg)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_NG_MODULUS), modulus)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_NG_TYPE), mode)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_NG_OFFSET), offset)
        }
    }

    func exthdr(op: UInt32, type: UInt8, offset: UInt32, length: Int, dreg: UInt32) {
        add("exthdr") { expression in
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_EXTHDR_DREG), dreg)
            nftnl_expr_set_u8(expression, UInt16(NFTNL_EXPR_EXTHDR_TYPE), type)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_EXTHDR_OFFSET), offset)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_EXTHDR_LEN), UInt32(length))
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_EXTHDR_OP), op)
        }
    }

    func fib(flags: UInt32, result: UInt32, dreg: UInt32) {
        add("fib") { expression in
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_FIB_DREG), dreg)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_FIB_RESULT), result)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_FIB_FLAGS), flags)
        }
    }

    func jhash(sreg: UInt32, dreg: UInt32, length: Int, modulus: UInt32, seed: UInt32?, offset: UInt32) {
        add("hash") { expression in
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_HASH_SREG), sreg)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_HASH_DREG), dreg)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_HASH_LEN), UInt32(length))
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_HASH_MODULUS), modulus)
            if let seed {
                nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_HASH_SEED), seed)
            }
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_HASH_OFFSET), offset)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_HASH_TYPE), UInt32(NFT_HASH_JENKINS.rawValue))
        }
    }

    func cmp(_ op: nft_cmp_ops, sreg: UInt32, data: [UInt8]) {
        add("cmp") { expression in
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_CMP_SREG), sreg)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_CMP_OP), op.rawValue)
            Self.setData(expression, UInt16(NFTNL_EXPR_CMP_DATA), data)
        }
    }

    /// `reg = (reg & mask) ^ xor`. nft names the operation (`NFT_BITWISE_BOOL`, now `NFT_BITWISE_MASK_XOR`) only
    /// where the rule text has an `&` of its own or a header field narrower than a byte, not for prefixes and
    /// implicit flag tests.
    func bitwise(reg: UInt32, mask: [UInt8], xor: [UInt8], namesOperation: Bool) {
        add("bitwise") { expression in
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_BITWISE_SREG), reg)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_BITWISE_DREG), reg)
            if namesOperation {
                nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_BITWISE_OP), UInt32(NFT_BITWISE_MASK_XOR.rawValue))
            }
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_BITWISE_LEN), UInt32(mask.count))
            Self.setData(expression, UInt16(NFTNL_EXPR_BITWISE_MASK), mask)
            Self.setData(expression, UInt16(NFTNL_EXPR_BITWISE_XOR), xor)
        }
    }

    /// `reg = reg >> shift`.
    func rightShift(reg: UInt32, length: Int, shift: UInt32) {
        add("bitwise") { expression in
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_BITWISE_SREG), reg)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_BITWISE_DREG), reg)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_BITWISE_LEN), UInt32(length))
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_BITWISE_OP), UInt32(NFT_BITWISE_RSHIFT.rawValue))
            Self.setData(expression, UInt16(NFTNL_EXPR_BITWISE_DATA), ValueBytes.hostBytes(UInt64(shift), length: 4))
        }
    }

    /// Host to network order, in place.
    func hton(reg: UInt32, length: Int) {
        add("byteorder") { expression in
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_BYTEORDER_SREG), reg)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_BYTEORDER_DREG), reg)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_BYTEORDER_OP), UInt32(NFT_BYTEORDER_HTON.rawValue))
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_BYTEORDER_LEN), UInt32(length))
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_BYTEORDER_SIZE), UInt32(length))
        }
    }

    func rangeNotEqual(sreg: UInt32, from: [UInt8], to: [UInt8]) {
        add("range") { expression in
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_RANGE_SREG), sreg)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_RANGE_OP), UInt32(NFT_RANGE_NEQ.rawValue))
            Self.setData(expression, UInt16(NFTNL_EXPR_RANGE_FROM_DATA), from)
            Self.setData(expression, UInt16(NFTNL_EXPR_RANGE_TO_DATA), to)
        }
    }

    func lookup(sreg: UInt32, set: String, id: UInt32?, dreg: UInt32?, inverted: Bool) {
        add("lookup") { expression in
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_LOOKUP_SREG), sreg)
            nftnl_expr_set_str(expression, UInt16(NFTNL_EXPR_LOOKUP_SET), set)
            if let id {
                nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_LOOKUP_SET_ID), id)
            }
            if let dreg {
                nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_LOOKUP_DREG), dreg)
            }
            if inverted {
                nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_LOOKUP_FLAGS), UInt32(NFT_LOOKUP_F_INV.rawValue))
            }
        }
    }

    func immediate(dreg: UInt32, data: [UInt8]) {
        add("immediate") { expression in
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_IMM_DREG), dreg)
            Self.setData(expression, UInt16(NFTNL_EXPR_IMM_DATA), data)
        }
    }

    func verdict(_ verdict: Verdict) {
        add("immediate") { expression in
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_IMM_DREG), UInt32(NFT_REG_VERDICT.rawValue))
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_IMM_VERDICT), UInt32(bitPattern: verdict.code))
            if let chain = verdict.chain {
                nftnl_expr_set_str(expression, UInt16(NFTNL_EXPR_IMM_CHAIN), chain)
            }
        }
    }

    func counter(packets: UInt64, bytes: UInt64) {
        add("counter") { expression in
            if packets != 0 {
                nftnl_expr_set_u64(expression, UInt16(NFTNL_EXPR_CTR_PACKETS), packets)
            }
            if bytes != 0 {
                nftnl_expr_set_u64(expression, UInt16(NFTNL_EXPR_CTR_BYTES), bytes)
            }
        }
    }

    func log(_ log: Log) {
        add("log") { expression in
            if let prefix = log.prefix {
                nftnl_expr_set_str(expression, UInt16(NFTNL_EXPR_LOG_PREFIX), prefix)
            }
            if let group = log.group {
                nftnl_expr_set_u16(expression, UInt16(NFTNL_EXPR_LOG_GROUP), group)
                if let snaplen = log.snaplen {
                    nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_LOG_SNAPLEN), snaplen)
                }
                if let threshold = log.queueThreshold {
                    nftnl_expr_set_u16(expression, UInt16(NFTNL_EXPR_LOG_QTHRESHOLD), threshold)
                }
            } else if let level = log.level {
                nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_LOG_LEVEL), level.number)
            }
        }
    }

    func limit(rate: UInt64, unitSeconds: UInt64, burst: UInt32, bytes: Bool, inverted: Bool) {
        add("limit") { expression in
            nftnl_expr_set_u64(expression, UInt16(NFTNL_EXPR_LIMIT_RATE), rate)
            nftnl_expr_set_u64(expression, UInt16(NFTNL_EXPR_LIMIT_UNIT), unitSeconds)
            if burst > 0 {
                nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_LIMIT_BURST), burst)
            }
            let type = bytes ? NFT_LIMIT_PKT_BYTES : NFT_LIMIT_PKTS
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_LIMIT_TYPE), UInt32(type.rawValue))
            nftnl_expr_set_u32(
                expression, UInt16(NFTNL_EXPR_LIMIT_FLAGS), inverted ? UInt32(NFT_LIMIT_F_INV.rawValue) : 0)
        }
    }

    func reject(type: UInt32, code: UInt8) {
        add("reject") { expression in
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_REJECT_TYPE), type)
            nftnl_expr_set_u8(expression, UInt16(NFTNL_EXPR_REJECT_CODE), code)
        }
    }

    /// The registers of a NAT statement, with its flags.
    struct NATRegisters {
        var addressMin: UInt32?
        var addressMax: UInt32?
        var protoMin: UInt32?
        var protoMax: UInt32?
        var flags: UInt32 = 0
    }

    func nat(type: nft_nat_types, family: UInt8, registers: NATRegisters) {
        add("nat") { expression in
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_NAT_TYPE), type.rawValue)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_NAT_FAMILY), UInt32(family))
            if let register = registers.addressMin {
                nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_NAT_REG_ADDR_MIN), register)
            }
            if let register = registers.addressMax {
                nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_NAT_REG_ADDR_MAX), register)
            }
            if let register = registers.protoMin {
                nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_NAT_REG_PROTO_MIN), register)
            }
            if let register = registers.protoMax {
                nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_NAT_REG_PROTO_MAX), register)
            }
            if registers.flags != 0 {
                nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_NAT_FLAGS), registers.flags)
            }
        }
    }

    func masquerade(registers: NATRegisters) {
        add("masq") { expression in
            if registers.flags != 0 {
                nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_MASQ_FLAGS), registers.flags)
            }
            if let register = registers.protoMin {
                nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_MASQ_REG_PROTO_MIN), register)
            }
            if let register = registers.protoMax {
                nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_MASQ_REG_PROTO_MAX), register)
            }
        }
    }

    func redirect(registers: NATRegisters) {
        add("redir") { expression in
            if let register = registers.protoMin {
                nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_REDIR_REG_PROTO_MIN), register)
            }
            if let register = registers.protoMax {
                nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_REDIR_REG_PROTO_MAX), register)
            }
            if registers.flags != 0 {
                nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_REDIR_FLAGS), registers.flags)
            }
        }
    }

    func notrack() {
        add("notrack") { _ in }
    }

    /// `dup to ADDRESS`, the address in `addressRegister`.
    func dup(addressRegister: UInt32) {
        add("dup") { expression in
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_DUP_SREG_ADDR), addressRegister)
        }
    }
}

extension Verdict {
    /// The kernel's verdict code (`NF_ACCEPT`, `NFT_JUMP`...).
    var code: Int32 {
        switch self {
        case .accept: return Int32(NF_ACCEPT)
        case .drop: return Int32(NF_DROP)
        case .continue: return NFT_CONTINUE.rawValue
        case .return: return NFT_RETURN.rawValue
        case .jump: return NFT_JUMP.rawValue
        case .goto: return NFT_GOTO.rawValue
        }
    }

    /// The target chain of a jump or goto.
    var chain: String? {
        switch self {
        case .jump(let chain), .goto(let chain): return chain
        default: return nil
        }
    }
}
