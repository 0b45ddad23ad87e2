import CNetfilter

/// The state of lowering one rule: the expressions written so far, the protocols already matched (so that
/// an implicit dependency is added once), the registers in use, and the anonymous sets created.
internal struct RuleLowering {
    let table: Table
    let location: String
    let build: ExpressionBuilder
    /// Set IDs of the named sets created in the same batch; lookups carry them as nft does.
    let namedSetIDs: [String: UInt32]
    var ids: SetIDAllocator
    var anonymousSets: [EncodedSet] = []
    var context: ProtocolContext
    /// 32-bit register words in use by the current statement, counted from `NFT_REG_1`.
    private var usedWords = 0

    init(table: Table, location: String, rule: NftnlRule, namedSetIDs: [String: UInt32], ids: SetIDAllocator) {
        self.table = table
        self.location = location
        self.build = ExpressionBuilder(rule: rule.pointer)
        self.namedSetIDs = namedSetIDs
        self.ids = ids
        self.context = ProtocolContext(family: table.family)
    }

    /// Lowers one statement.
    mutating func lower(_ statement: Statement) throws(NFTablesError) {
        usedWords = 0
        switch statement {
        case .match(let match): try lowerMatch(match)
        case .counter(let counter): build.counter(packets: counter.packets, bytes: counter.bytes)
        case .log(let log): try lowerLog(log)
        case .limit(let limit): lowerLimit(limit)
        case .verdict(let verdict): build.verdict(verdict)
        case .verdictMap(let map): try lowerVerdictMap(map)
        case .reject(let reject): try lowerReject(reject)
        case .nat(let nat): try lowerNAT(nat)
        case .metaSet(let meta): try lowerMetaSet(meta)
        case .ctSet(let ct): try lowerCtSet(meta: ct)
        case .notrack: build.notrack()
        case .payloadSet(let set): try lowerPayloadSet(set)
        case .dup(let address):
            let register = RuleLowering.register(word: allocate())
            let spec = address.isV4 ? ValueSpec(.ipv4Addr) : ValueSpec(.ipv6Addr)
            build.immediate(dreg: register, data: try bytes(.address(address), spec, "dup address"))
            build.dup(addressRegister: register)
        }
    }

    func invalid(_ reason: String) -> NFTablesError {
        .invalidRuleset(location: location, reason: reason)
    }

    // MARK: Registers

    /// nft's `get_register`: a concatenation takes its own length, anything else a whole 16-byte register.
    mutating func allocate(concatLength: Int? = nil) -> Int {
        let words = concatLength.map { ($0 + 3) / 4 } ?? 4
        let word = usedWords
        usedWords += words
        return word
    }

    /// The register number nft uses for a word: the 16-byte registers where aligned, else the 4-byte ones.
    static func register(word: Int) -> UInt32 {
        word % 4 == 0
            ? UInt32(NFT_REG_1.rawValue) + UInt32(word / 4) : UInt32(NFT_REG32_00.rawValue) + UInt32(word)
    }

    // MARK: Dependencies

    /// Adds the protocol matches a selector needs, unless earlier matches of the rule established them.
    mutating func require(_ dependency: ProtocolDependency, for name: String) throws(NFTablesError) {
        // A transport protocol matched already (`meta l4proto icmp`) stands for its network protocol too.
        let transportEstablished = dependency.transport != nil && context.transport == dependency.transport
        if let network = dependency.network {
            if let established = context.network {
                if established != network {
                    throw invalid("conflicting protocols specified: \(established.name) vs. \(network.name) (\(name))")
                }
            } else if transportEstablished {
                // nft adds nothing more.
            } else if table.family == .inet {
                build.metaLoad(key: NFT_META_NFPROTO.rawValue, dreg: RuleLowering.register(word: 0))
                build.cmp(NFT_CMP_EQ, sreg: RuleLowering.register(word: 0), data: [network.rawValue])
                context.network = network
            } else if table.family == .bridge && dependency.transport != nil {
                // In bridge tables nft checks the Ethernet header for icmp and icmpv6: `ether type ip`.
                build.payload(
                    base: UInt32(NFT_PAYLOAD_LL_HEADER.rawValue), offset: 12, length: 2,
                    dreg: RuleLowering.register(word: 0))
                build.cmp(NFT_CMP_EQ, sreg: RuleLowering.register(word: 0), data: network.etherType)
                context.network = network
            } else if table.family == .netdev || table.family == .bridge {
                // The Ethernet protocol of the frame: `meta protocol ip`.
                build.metaLoad(key: NFT_META_PROTOCOL.rawValue, dreg: RuleLowering.register(word: 0))
                build.cmp(NFT_CMP_EQ, sreg: RuleLowering.register(word: 0), data: network.etherType)
                context.network = network
            } else {
                throw invalid("\(name) is not supported in \(table.family.rawValue) tables")
            }
        }
        if dependency.ethernet && !context.ethernet {
            build.metaLoad(key: NFT_META_IFTYPE.rawValue, dreg: RuleLowering.register(word: 0))
            let arphrdEther: UInt64 = 1
            build.cmp(
                NFT_CMP_EQ, sreg: RuleLowering.register(word: 0), data: ValueBytes.hostBytes(arphrdEther, length: 2))
            context.ethernet = true
        }
        if let transport = dependency.transport {
            if let established = context.transport {
                if established != transport {
                    throw invalid(
                        "conflicting protocols specified: \(ProtocolContext.name(established)) vs. "
                            + "\(ProtocolContext.name(transport)) (\(name))")
                }
            } else {
                build.metaLoad(key: NFT_META_L4PROTO.rawValue, dreg: RuleLowering.register(word: 0))
                build.cmp(NFT_CMP_EQ, sreg: RuleLowering.register(word: 0), data: [transport])
                context.transport = transport
                context.transportMatched = true
            }
        }
    }

    /// The selectors of an expression, refusing empty concatenations (which nft cannot write either).
    func selectors(of expression: Expression) throws(NFTablesError) -> [Selector] {
        let parts = Selector.parts(of: expression)
        guard !parts.isEmpty else { throw invalid("an empty concatenation") }
        for part in parts {
            if case .jhash(let input, _, _, _) = part.source, input.isEmpty {
                throw invalid("jhash of an empty concatenation")
            }
        }
        return parts
    }

    /// The dependencies of several selectors, in order, before any of them is loaded.
    ///
    /// The inputs of a hash are required one by one, as nft does for the parts of a concatenation: a
    /// dependency merged over several inputs would let one input's transport match (`tcp sport`) stand in
    /// for another's network protocol (`ip saddr`, which needs `meta nfproto ipv4` in inet tables).
    mutating func require(_ selectors: [Selector]) throws(NFTablesError) {
        for selector in selectors {
            if case .jhash(let input, _, _, _) = selector.source {
                try require(input)
            } else if let dependency = selector.dependency {
                try require(dependency, for: selector.name)
            }
        }
    }

    // MARK: Loading

    /// Loads a selector into `word`: the full value, or its first `length` bytes for payloads.
    mutating func load(_ selector: Selector, word: Int, length: Int? = nil) {
        let register = RuleLowering.register(word: word)
        switch selector.source {
        case .payload(let base, let offset):
            build.payload(base: base, offset: offset, length: length ?? selector.spec.length, dreg: register)
        case .meta(let key):
            build.metaLoad(key: key, dreg: register)
        case .ct(let key, let direction):
            build.ctLoad(key: key, direction: direction, dreg: register)
        case .numgen(let mode, let modulus, let offset):
            build.numgen(mode: mode, modulus: modulus, offset: offset, dreg: register)
        case .fib(let flags, let result):
            build.fib(flags: flags, result: result, dreg: register)
        case .exthdr(let op, let type, let offset):
            build.exthdr(
                op: op, type: type, offset: offset, length: length ?? selector.spec.length, dreg: register)
        case .jhash(let input, let modulus, let seed, let offset):
            let inputLength = input.count > 1 ? RuleLowering.concatLength(input) : input[0].spec.length
            let source = allocate(concatLength: input.count > 1 ? inputLength : nil)
            loadParts(input, word: source, byteorder: false, shiftBitFields: true)
            build.jhash(
                sreg: RuleLowering.register(word: source), dreg: register, length: inputLength, modulus: modulus,
                seed: seed, offset: offset)
        }
    }

    /// Loads a key: one selector, or the parts of a concatenation in consecutive words.
    ///
    /// A lone bit field is masked but keeps its position (values are shifted to match); in a concatenation
    /// it is also shifted down. With `byteorder`, host-order numbers are turned big endian, as nft does for
    /// interval lookups.
    mutating func loadParts(_ parts: [Selector], word: Int, byteorder: Bool, shiftBitFields: Bool) {
        var current = word
        for part in parts {
            load(part, word: current)
            let register = RuleLowering.register(word: current)
            if let bits = part.bitField {
                build.bitwise(
                    reg: register, mask: bits.mask, xor: [UInt8](repeating: 0, count: bits.mask.count),
                    namesOperation: true)
                if shiftBitFields {
                    build.rightShift(reg: register, length: bits.mask.count, shift: UInt32(bits.shift))
                }
            }
            if byteorder && part.spec.needsByteorderForRanges {
                build.hton(reg: register, length: part.spec.length)
            }
            current += (part.spec.length + 3) / 4
        }
    }

    /// The register length of a concatenation: each part rounded up to 4 bytes.
    static func concatLength(_ parts: [Selector]) -> Int {
        parts.reduce(0) { $0 + ($1.spec.length + 3) / 4 * 4 }
    }
}

/// The protocols a rule has matched so far.
internal struct ProtocolContext {
    var network: NetworkProtocol?
    var transport: UInt8?
    /// Whether the rule matched the transport protocol at all, perhaps against a set of them.
    var transportMatched = false
    var ethernet = false

    init(family: TableFamily) {
        switch family {
        case .ip: network = .ipv4
        case .ip6: network = .ipv6
        default: network = nil
        }
        // Bridged frames are Ethernet frames.
        ethernet = family == .bridge
    }

    static func name(_ transport: UInt8) -> String {
        switch transport {
        case 1: return "icmp"
        case 6: return "tcp"
        case 17: return "udp"
        case 58: return "icmpv6"
        default: return "protocol \(transport)"
        }
    }
}
