extension Expression: CustomStringConvertible {
    /// The expression as `nft` writes it: `ip saddr`, `meta iifname`, `ip saddr . tcp dport`.
    public var description: String {
        switch self {
        case .payload(let field): return field.rawValue
        case .meta(let key): return "meta \(key.rawValue)"
        case .ct(let key): return "ct \(key.rawValue)"
        case .concat(let parts): return parts.map(\.description).joined(separator: " . ")
        case .numgen(let mode, let modulus, let offset):
            return "numgen \(mode.rawValue) mod \(modulus)" + (offset == 0 ? "" : " offset \(offset)")
        case .jhash(let input, let modulus, let seed, let offset):
            var text = "jhash \(input) mod \(modulus)"
            if let seed { text += " seed 0x\(String(seed, radix: 16))" }
            if offset != 0 { text += " offset \(offset)" }
            return text
        case .fib(let lookup): return lookup.text
        case .exthdr(let field): return field.rawValue
        }
    }

    /// Parses one simple selector as `nft` writes it (`ip saddr`, `meta mark`, `ct state`).
    public init?(selector text: String) {
        let words = text.split(separator: " ").joined(separator: " ")
        if let field = PayloadField(rawValue: words) {
            self = .payload(field)
        } else if words.hasPrefix("meta "), let key = MetaKey(rawValue: String(words.dropFirst(5))) {
            self = .meta(key)
        } else if words.hasPrefix("ct "), let key = CtKey(rawValue: String(words.dropFirst(3))) {
            self = .ct(key)
        } else if let field = ExthdrField(rawValue: words) {
            self = .exthdr(field)
        } else if let lookup = FibLookup(text: words) {
            self = .fib(lookup)
        } else {
            return nil
        }
    }

    /// The type of the values this expression yields, one per part for a concatenation.
    public var dataTypes: [DataType] {
        switch self {
        case .payload(let field): return [field.dataType]
        case .meta(let key): return [key.dataType]
        case .ct(let key): return [key.dataType]
        case .concat(let parts): return parts.flatMap(\.dataTypes)
        case .numgen, .jhash: return [.integer]
        case .fib, .exthdr: return [.integer]
        }
    }
}

extension PayloadField {
    /// The type of the field's values.
    public var dataType: DataType {
        switch self {
        case .ipSaddr, .ipDaddr: return .ipv4Addr
        case .ip6Saddr, .ip6Daddr: return .ipv6Addr
        case .ipProtocol, .ip6Nexthdr: return .inetProto
        case .ipLength, .ipTtl, .ipFragOff, .ipEcn, .ip6Hoplimit: return .integer
        case .ipDscp, .ip6Dscp: return .dscp
        case .tcpSport, .tcpDport, .udpSport, .udpDport, .thSport, .thDport, .sctpSport, .sctpDport, .dccpSport,
            .dccpDport:
            return .inetService
        case .espSpi, .ahSpi, .compCpi: return .integer
        case .tcpFlags: return .tcpFlag
        case .icmpType: return .icmpType
        case .icmpCode: return .icmpCode
        case .icmpv6Type: return .icmpv6Type
        case .icmpv6Code: return .icmpv6Code
        case .etherSaddr: return .etherAddr
        }
    }
}

extension MetaKey {
    /// The type of the key's values.
    public var dataType: DataType {
        switch self {
        case .iifname, .oifname: return .ifname
        case .l4proto: return .inetProto
        case .nfproto: return .nfProto
        case .mark: return .mark
        case .length, .skuid, .skgid, .iifgroup, .oifgroup, .rtclassid, .cpu, .cgroup, .nftrace, .random, .priority:
            return .integer
        case .pkttype: return .pktType
        case .hour: return .hour
        case .secpath: return .boolean
        }
    }
}

extension CtKey {
    /// The type of the key's values.
    public var dataType: DataType {
        switch self {
        case .state: return .ctState
        case .status: return .ctStatus
        case .mark: return .mark
        case .direction: return .ctDir
        case .zone: return .integer
        case .originalIpSaddr, .originalIpDaddr, .replyIpSaddr, .replyIpDaddr: return .ipv4Addr
        case .originalIp6Saddr, .originalIp6Daddr, .replyIp6Saddr, .replyIp6Daddr: return .ipv6Addr
        case .originalProtoSrc, .originalProtoDst, .replyProtoSrc, .replyProtoDst: return .inetService
        case .originalProtocol: return .inetProto
        case .packets, .originalPackets, .replyPackets, .bytes, .originalBytes, .replyBytes, .avgpkt, .originalAvgpkt,
            .replyAvgpkt:
            return .integer
        }
    }
}

extension Expression: Codable {
    private enum CodingKeys: String, CodingKey {
        case numgen, jhash, mod, seed, offset
    }

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer() {
            if let text = try? single.decode(String.self) {
                guard let expression = Expression(selector: text) else {
                    throw DecodingError.dataCorrupted(
                        .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a known selector"))
                }
                self = expression
                return
            }
            if let parts = try? single.decode([Expression].self) {
                self = .concat(parts)
                return
            }
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let modulus = try container.decode(UInt32.self, forKey: .mod)
        let offset = try container.decodeIfPresent(UInt32.self, forKey: .offset) ?? 0
        if let mode = try container.decodeIfPresent(NumgenMode.self, forKey: .numgen) {
            self = .numgen(mode, modulus: modulus, offset: offset)
        } else {
            let input = try container.decode(Expression.self, forKey: .jhash)
            let seed = try container.decodeIfPresent(UInt32.self, forKey: .seed)
            self = .jhash(input, modulus: modulus, seed: seed, offset: offset)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .payload, .meta, .ct, .fib, .exthdr:
            var container = encoder.singleValueContainer()
            try container.encode(description)
        case .concat(let parts):
            var container = encoder.singleValueContainer()
            try container.encode(parts)
        case .numgen(let mode, let modulus, let offset):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(mode, forKey: .numgen)
            try container.encode(modulus, forKey: .mod)
            if offset != 0 { try container.encode(offset, forKey: .offset) }
        case .jhash(let input, let modulus, let seed, let offset):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(input, forKey: .jhash)
            try container.encode(modulus, forKey: .mod)
            try container.encodeIfPresent(seed, forKey: .seed)
            if offset != 0 { try container.encode(offset, forKey: .offset) }
        }
    }
}
