import CNetfilter

/// One simple expression (a header field, a meta or ct key, a number generator, a hash) as nft 1.0.6
/// lowers it: where it is loaded from, the layout of its value, the protocol match it depends on, and the
/// `typeof` description nft stores in the userdata of anonymous sets keyed by it.
internal struct Selector {
    /// Where the value comes from.
    enum Source {
        case payload(base: UInt32, offset: UInt32)
        case meta(key: UInt32)
        case ct(key: UInt32, direction: UInt8?)
        case numgen(mode: UInt32, modulus: UInt32, offset: UInt32)
        case fib(flags: UInt32, result: UInt32)
        case exthdr(op: UInt32, type: UInt8, offset: UInt32)
        case jhash(input: [Selector], modulus: UInt32, seed: UInt32?, offset: UInt32)
    }

    /// A field that is not a whole number of bytes (`ip dscp`): loaded, masked, and shifted.
    struct BitField {
        /// The mask in load order (big endian).
        var mask: [UInt8]
        /// How far the value sits from bit 0.
        var shift: Int
    }

    var source: Source
    /// The layout of the value (the whole loaded bytes for a bit field).
    var spec: ValueSpec
    var bitField: BitField?
    var dependency: ProtocolDependency?
    /// nft's `EXPR_*` type and the `NFTNL_UDATA_SET_TYPEOF_DATA` TLVs, when nft records a `typeof` for it.
    var typeof: (exprType: UInt32, data: [UInt8])?
    /// The model expression, for messages.
    var name: String

    /// Whether the payload load can be cut to a prefix of the field (`ip saddr 10.0.0.0/8` loads one byte).
    var isPayload: Bool {
        if case .payload = source { return true }
        return false
    }
}

/// The protocol match nft puts before a selector that only makes sense for some packets.
internal struct ProtocolDependency: Hashable {
    /// The network protocol (`meta nfproto ipv4` in inet tables).
    var network: NetworkProtocol?
    /// The transport protocol number (`meta l4proto tcp`).
    var transport: UInt8?
    /// The link layer must be Ethernet (`meta iiftype ether`).
    var ethernet = false
}

/// An IP version as a dependency.
internal enum NetworkProtocol: UInt8, Hashable {
    case ipv4 = 2
    case ipv6 = 10

    var name: String { self == .ipv4 ? "ip" : "ip6" }

    /// The Ethernet protocol number, big endian (`ETH_P_IP`, `ETH_P_IPV6`).
    var etherType: [UInt8] { self == .ipv4 ? [0x08, 0x00] : [0x86, 0xDD] }
}

extension Selector {
    /// The selectors of an expression: one, or one per part of a concatenation.
    static func parts(of expression: Expression) -> [Selector] {
        if case .concat(let members) = expression {
            return members.flatMap { Selector.parts(of: $0) }
        }
        return [Selector(expression)]
    }

    /// The selector for a simple expression.
    init(_ expression: Expression) {
        switch expression {
        case .payload(let field): self = Selector.payload(field)
        case .meta(let key): self = Selector.meta(key)
        case .ct(let key): self = Selector.ct(key)
        case .concat(let parts):
            // Concatenations are flattened by `parts(of:)` (and empty ones refused) before they get here.
            self = Selector(parts.first ?? .meta(.mark))
        case .numgen(let mode, let modulus, let offset):
            let type: UInt32 = mode == .inc ? UInt32(NFT_NG_INCREMENTAL.rawValue) : UInt32(NFT_NG_RANDOM.rawValue)
            self.init(
                source: .numgen(mode: type, modulus: modulus, offset: offset),
                spec: ValueSpec(typeID: 4, length: 4, byteOrder: .host),
                typeof: (23, Selector.udataU32([type, modulus, offset])),
                name: expression.description)
        case .fib(let lookup):
            // FIB lookups have no dependency and no `typeof` in nft 1.0.6; `fib_addrtype` (38) or `iface_index`
            // (20), host order.
            self.init(
                source: .fib(flags: Selector.fibFlags(lookup), result: lookup.result == .type ? 3 : 1),
                spec: ValueSpec(typeID: lookup.result == .type ? 38 : 20, length: 4, byteOrder: .host),
                name: expression.description)
        case .exthdr(let field):
            // nft 1.0.6 adds no dependency for either kind, and no `typeof`.
            let location = field.location
            self.init(
                source: .exthdr(op: location.op, type: location.type, offset: location.offset),
                spec: ValueSpec(typeID: 4, length: location.length, byteOrder: .big),
                bitField: field.bits.map { BitField(mask: $0.mask, shift: $0.shift) }, name: expression.description)
        case .jhash(let input, let modulus, let seed, let offset):
            // No dependency of its own: each input brings its own (`RuleLowering.require(_:)`).
            self.init(
                source: .jhash(input: Selector.parts(of: input), modulus: modulus, seed: seed, offset: offset),
                spec: ValueSpec(typeID: 4, length: 4, byteOrder: .host),
                typeof: (24, Selector.udataU32([0, offset, modulus, seed ?? 0, seed == nil ? 0 : 1])),
                name: expression.description)
        }
    }

    /// The selector of a header field; where it sits comes from `PayloadHeader`, the rest (its type, its
    /// protocol dependency, and nft's description ids for `typeof`) from here.
    private static func payload(_ field: PayloadField) -> Selector {
        let ipv4 = ProtocolDependency(network: .ipv4)
        let ipv6 = ProtocolDependency(network: .ipv6)
        let tcp = ProtocolDependency(transport: 6)
        let udp = ProtocolDependency(transport: 17)
        let icmp = ProtocolDependency(network: .ipv4, transport: 1)
        let icmpv6 = ProtocolDependency(network: .ipv6, transport: 58)
        // proto_desc ids (PROTO_DESC_*) and template indexes from nft's proto.c.
        let (descIP, descIP6, descTCP, descUDP, descTH, descICMP, descICMP6, descEther) =
            (UInt32(12), UInt32(13), UInt32(8), UInt32(6), UInt32(11), UInt32(4), UInt32(14), UInt32(17))

        func make(
            _ spec: ValueSpec, _ dependency: ProtocolDependency?, _ desc: UInt32, _ template: UInt32,
            bits: BitField? = nil
        ) -> Selector {
            let position = PayloadHeader.position(of: field)
            return Selector(
                source: .payload(base: position.header.base, offset: UInt32(position.field.bitOffset / 8)),
                spec: spec, bitField: bits, dependency: dependency,
                typeof: bits == nil ? (7, udataU32([desc, template])) : nil, name: field.rawValue)
        }

        let integer1 = ValueSpec(typeID: 4, length: 1, byteOrder: .big)
        let integer2 = ValueSpec(typeID: 4, length: 2, byteOrder: .big)
        let address4 = ValueSpec(.ipv4Addr)
        let address6 = ValueSpec(.ipv6Addr)
        let proto = ValueSpec(typeID: 12, length: 1, byteOrder: .big, symbols: .inetProto)
        let service = ValueSpec(.inetService)
        switch field {
        case .ipSaddr: return make(address4, ipv4, descIP, 11)
        case .ipDaddr: return make(address4, ipv4, descIP, 12)
        case .ipProtocol: return make(proto, ipv4, descIP, 9)
        case .ipLength: return make(integer2, ipv4, descIP, 5)
        case .ipTtl: return make(integer1, ipv4, descIP, 8)
        case .ipFragOff: return make(integer2, ipv4, descIP, 7)
        case .ipDscp:
            return make(
                ValueSpec(typeID: 36, length: 1, byteOrder: .big, symbols: .dscp), ipv4, descIP, 3,
                bits: BitField(mask: [0xFC], shift: 2))
        case .ipEcn:
            return make(integer1, ipv4, descIP, 4, bits: BitField(mask: [0x03], shift: 0))
        case .ip6Saddr: return make(address6, ipv6, descIP6, 8)
        case .ip6Daddr: return make(address6, ipv6, descIP6, 9)
        case .ip6Nexthdr: return make(proto, ipv6, descIP6, 6)
        case .ip6Hoplimit: return make(integer1, ipv6, descIP6, 7)
        case .ip6Dscp:
            return make(
                ValueSpec(typeID: 36, length: 2, byteOrder: .big, symbols: .dscp), ipv6, descIP6, 2,
                bits: BitField(mask: [0x0F, 0xC0], shift: 6))
        case .tcpSport: return make(service, tcp, descTCP, 1)
        case .tcpDport: return make(service, tcp, descTCP, 2)
        case .tcpFlags:
            return make(
                ValueSpec(.tcpFlag),
                tcp, descTCP, 7)
        case .udpSport: return make(service, udp, descUDP, 1)
        case .udpDport: return make(service, udp, descUDP, 2)
        case .sctpSport: return make(service, ProtocolDependency(transport: 132), 10, 1)
        case .sctpDport: return make(service, ProtocolDependency(transport: 132), 10, 2)
        case .dccpSport: return make(service, ProtocolDependency(transport: 33), 9, 1)
        case .dccpDport: return make(service, ProtocolDependency(transport: 33), 9, 2)
        case .espSpi:
            return make(ValueSpec(typeID: 4, length: 4, byteOrder: .big), ProtocolDependency(transport: 50), 2, 1)
        case .ahSpi:
            return make(ValueSpec(typeID: 4, length: 4, byteOrder: .big), ProtocolDependency(transport: 51), 1, 4)
        case .compCpi: return make(integer2, ProtocolDependency(transport: 108), 3, 3)
        case .thSport: return make(service, nil, descTH, 1)
        case .thDport: return make(service, nil, descTH, 2)
        case .icmpType:
            return make(
                ValueSpec(.icmpType), icmp,
                descICMP, 1)
        case .icmpCode:
            return make(
                ValueSpec(.icmpCode), icmp,
                descICMP, 2)
        case .icmpv6Type:
            return make(
                ValueSpec(.icmpv6Type), icmpv6,
                descICMP6, 1)
        case .icmpv6Code:
            return make(
                ValueSpec(.icmpv6Code), icmpv6,
                descICMP6, 2)
        case .etherSaddr:
            return make(
                ValueSpec(.etherAddr), ProtocolDependency(ethernet: true),
                descEther, 2)
        }
    }

    private static func meta(_ key: MetaKey) -> Selector {
        let (number, spec): (nft_meta_keys, ValueSpec) =
            switch key {
            case .iifname: (NFT_META_IIFNAME, ValueSpec(.ifname))
            case .oifname: (NFT_META_OIFNAME, ValueSpec(.ifname))
            case .l4proto: (NFT_META_L4PROTO, ValueSpec(typeID: 12, length: 1, byteOrder: .host, symbols: .inetProto))
            case .nfproto: (NFT_META_NFPROTO, ValueSpec(typeID: 2, length: 1, byteOrder: .host, symbols: .nfProto))
            case .mark: (NFT_META_MARK, ValueSpec(.mark))
            case .length: (NFT_META_LEN, ValueSpec(typeID: 4, length: 4, byteOrder: .host))
            case .pkttype: (NFT_META_PKTTYPE, ValueSpec(.pktType))
            case .skuid: (NFT_META_SKUID, ValueSpec(typeID: 24, length: 4, byteOrder: .host))
            case .skgid: (NFT_META_SKGID, ValueSpec(typeID: 25, length: 4, byteOrder: .host))
            // nft's devgroup (35), realm (22) and classid (23) types.
            case .iifgroup: (NFT_META_IIFGROUP, ValueSpec(typeID: 35, length: 4, byteOrder: .host))
            case .oifgroup: (NFT_META_OIFGROUP, ValueSpec(typeID: 35, length: 4, byteOrder: .host))
            case .rtclassid: (NFT_META_RTCLASSID, ValueSpec(typeID: 22, length: 4, byteOrder: .host))
            case .priority: (NFT_META_PRIORITY, ValueSpec(typeID: 23, length: 4, byteOrder: .host))
            case .cpu: (NFT_META_CPU, ValueSpec(typeID: 4, length: 4, byteOrder: .host))
            case .cgroup: (NFT_META_CGROUP, ValueSpec(typeID: 4, length: 4, byteOrder: .host))
            case .nftrace: (NFT_META_NFTRACE, ValueSpec(typeID: 4, length: 1, byteOrder: .host))
            // nft types the random number as big endian.
            case .random: (NFT_META_PRANDOM, ValueSpec(typeID: 4, length: 4, byteOrder: .big))
            case .hour: (NFT_META_TIME_HOUR, ValueSpec(.hour))
            case .secpath: (NFT_META_SECPATH, ValueSpec(typeID: 39, length: 1, byteOrder: .host, symbols: .boolean))
            }
        return Selector(
            source: .meta(key: number.rawValue), spec: spec, typeof: (9, udataU32([number.rawValue])),
            name: "meta \(key.rawValue)")
    }

    private static func ct(_ key: CtKey) -> Selector {
        let original = UInt8(IP_CT_DIR_ORIGINAL.rawValue)
        let reply = UInt8(IP_CT_DIR_REPLY.rawValue)
        let address4 = ValueSpec(.ipv4Addr)
        let address6 = ValueSpec(.ipv6Addr)
        let service = ValueSpec(.inetService)
        let counter = ValueSpec(typeID: 4, length: 8, byteOrder: .host)
        let (number, direction, spec): (nft_ct_keys, UInt8?, ValueSpec) =
            switch key {
            case .state: (NFT_CT_STATE, nil, ValueSpec(.ctState))
            case .status: (NFT_CT_STATUS, nil, ValueSpec(.ctStatus))
            case .mark: (NFT_CT_MARK, nil, ValueSpec(.mark))
            case .direction:
                (NFT_CT_DIRECTION, nil, ValueSpec(typeID: 27, length: 1, byteOrder: .host, symbols: .ctDir))
            case .zone: (NFT_CT_ZONE, nil, ValueSpec(typeID: 4, length: 2, byteOrder: .host))
            case .originalIpSaddr: (NFT_CT_SRC_IP, original, address4)
            case .originalIpDaddr: (NFT_CT_DST_IP, original, address4)
            case .replyIpSaddr: (NFT_CT_SRC_IP, reply, address4)
            case .replyIpDaddr: (NFT_CT_DST_IP, reply, address4)
            case .originalIp6Saddr: (NFT_CT_SRC_IP6, original, address6)
            case .originalIp6Daddr: (NFT_CT_DST_IP6, original, address6)
            case .replyIp6Saddr: (NFT_CT_SRC_IP6, reply, address6)
            case .replyIp6Daddr: (NFT_CT_DST_IP6, reply, address6)
            case .originalProtoSrc: (NFT_CT_PROTO_SRC, original, service)
            case .originalProtoDst: (NFT_CT_PROTO_DST, original, service)
            case .replyProtoSrc: (NFT_CT_PROTO_SRC, reply, service)
            case .replyProtoDst: (NFT_CT_PROTO_DST, reply, service)
            case .originalProtocol:
                (NFT_CT_PROTOCOL, original, ValueSpec(typeID: 12, length: 1, byteOrder: .big, symbols: .inetProto))
            // 64-bit counters in host order; no direction means both added up.
            case .packets: (NFT_CT_PKTS, nil, counter)
            case .originalPackets: (NFT_CT_PKTS, original, counter)
            case .replyPackets: (NFT_CT_PKTS, reply, counter)
            case .bytes: (NFT_CT_BYTES, nil, counter)
            case .originalBytes: (NFT_CT_BYTES, original, counter)
            case .replyBytes: (NFT_CT_BYTES, reply, counter)
            case .avgpkt: (NFT_CT_AVGPKT, nil, counter)
            case .originalAvgpkt: (NFT_CT_AVGPKT, original, counter)
            case .replyAvgpkt: (NFT_CT_AVGPKT, reply, counter)
            }
        let udataDirection = direction.map(UInt32.init) ?? UInt32.max
        return Selector(
            source: .ct(key: number.rawValue, direction: direction), spec: spec,
            typeof: (12, udataU32([number.rawValue, udataDirection])), name: "ct \(key.rawValue)")
    }

    /// `NFTA_FIB_F_*` of a lookup.
    static func fibFlags(_ lookup: FibLookup) -> UInt32 {
        var flags = UInt32(lookup.address == .saddr ? NFTA_FIB_F_SADDR.rawValue : NFTA_FIB_F_DADDR.rawValue)
        if lookup.mark { flags |= UInt32(NFTA_FIB_F_MARK.rawValue) }
        switch lookup.interface {
        case .iif?: flags |= UInt32(NFTA_FIB_F_IIF.rawValue)
        case .oif?: flags |= UInt32(NFTA_FIB_F_OIF.rawValue)
        case nil: break
        }
        return flags
    }

    /// Consecutive `u32` TLVs of types 0, 1, 2..., as nft's `build_udata` callbacks write them.
    static func udataU32(_ values: [UInt32]) -> [UInt8] {
        var userdata = Userdata()
        for (index, value) in values.enumerated() {
            userdata.putUInt32(UInt8(index), value)
        }
        return userdata.bytes
    }
}
