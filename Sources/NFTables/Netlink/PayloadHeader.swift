import CNetfilter

/// The fields of a protocol header as nftables names them, with their bit positions: the one table of where each
/// field sits, which the encoder reads to load `tcp dport` (`payload load 2b @ transport header + 2`) and the reader
/// to turn such a load back into `tcp dport`.
internal enum PayloadHeader: String, Hashable, CaseIterable {
    case ether, ip, ip6, tcp, udp, icmp, icmpv6, sctp, dccp, esp, ah, comp
    /// The generic transport header (`th`), for a transport payload with no known protocol.
    case th

    /// One field of a header.
    struct Field: Hashable {
        /// The name, for messages about fields vrc does not model (`udp length`).
        var name: String
        /// The model's field, `nil` when vrc does not model it.
        var field: PayloadField?
        var bitOffset: Int
        var bitLength: Int

        var isByteAligned: Bool { bitOffset % 8 == 0 && bitLength % 8 == 0 }
    }

    /// The payload base the kernel loads this header from.
    var base: UInt32 {
        switch self {
        case .ether: return UInt32(NFT_PAYLOAD_LL_HEADER.rawValue)
        case .ip, .ip6: return UInt32(NFT_PAYLOAD_NETWORK_HEADER.rawValue)
        default: return UInt32(NFT_PAYLOAD_TRANSPORT_HEADER.rawValue)
        }
    }

    /// Where a field of the model sits: its header and its bits. Every `PayloadField` is in exactly one header.
    static func position(of field: PayloadField) -> (header: PayloadHeader, field: Field) {
        guard let position = positions[field] else {
            preconditionFailure("PayloadHeader lists no position for \(field.rawValue)")
        }
        return position
    }

    private static let positions: [PayloadField: (header: PayloadHeader, field: Field)] = {
        var positions: [PayloadField: (header: PayloadHeader, field: Field)] = [:]
        for header in allCases {
            for field in header.fields {
                guard let model = field.field else { continue }
                positions[model] = (header, field)
            }
        }
        return positions
    }()

    /// The header for a transport protocol number; `nil` when vrc knows no field of it.
    init?(transportProtocol: UInt8) {
        switch transportProtocol {
        case 6: self = .tcp
        case 17: self = .udp
        case 1: self = .icmp
        case 58: self = .icmpv6
        case 132: self = .sctp
        case 33: self = .dccp
        case 50: self = .esp
        case 51: self = .ah
        case 108: self = .comp
        default: return nil
        }
    }

    /// The fields, in header order.
    var fields: [Field] {
        switch self {
        case .ether:
            return [
                Field(name: "ether daddr", field: nil, bitOffset: 0, bitLength: 48),
                Field(name: "ether saddr", field: .etherSaddr, bitOffset: 48, bitLength: 48),
                Field(name: "ether type", field: nil, bitOffset: 96, bitLength: 16),
            ]
        case .ip:
            return [
                Field(name: "ip version", field: nil, bitOffset: 0, bitLength: 4),
                Field(name: "ip hdrlength", field: nil, bitOffset: 4, bitLength: 4),
                Field(name: "ip dscp", field: .ipDscp, bitOffset: 8, bitLength: 6),
                Field(name: "ip ecn", field: .ipEcn, bitOffset: 14, bitLength: 2),
                Field(name: "ip length", field: .ipLength, bitOffset: 16, bitLength: 16),
                Field(name: "ip id", field: nil, bitOffset: 32, bitLength: 16),
                Field(name: "ip frag-off", field: .ipFragOff, bitOffset: 48, bitLength: 16),
                Field(name: "ip ttl", field: .ipTtl, bitOffset: 64, bitLength: 8),
                Field(name: "ip protocol", field: .ipProtocol, bitOffset: 72, bitLength: 8),
                Field(name: "ip checksum", field: nil, bitOffset: 80, bitLength: 16),
                Field(name: "ip saddr", field: .ipSaddr, bitOffset: 96, bitLength: 32),
                Field(name: "ip daddr", field: .ipDaddr, bitOffset: 128, bitLength: 32),
            ]
        case .ip6:
            return [
                Field(name: "ip6 version", field: nil, bitOffset: 0, bitLength: 4),
                Field(name: "ip6 dscp", field: .ip6Dscp, bitOffset: 4, bitLength: 6),
                Field(name: "ip6 ecn", field: nil, bitOffset: 10, bitLength: 2),
                Field(name: "ip6 flowlabel", field: nil, bitOffset: 12, bitLength: 20),
                Field(name: "ip6 length", field: nil, bitOffset: 32, bitLength: 16),
                Field(name: "ip6 nexthdr", field: .ip6Nexthdr, bitOffset: 48, bitLength: 8),
                Field(name: "ip6 hoplimit", field: .ip6Hoplimit, bitOffset: 56, bitLength: 8),
                Field(name: "ip6 saddr", field: .ip6Saddr, bitOffset: 64, bitLength: 128),
                Field(name: "ip6 daddr", field: .ip6Daddr, bitOffset: 192, bitLength: 128),
            ]
        case .tcp:
            return [
                Field(name: "tcp sport", field: .tcpSport, bitOffset: 0, bitLength: 16),
                Field(name: "tcp dport", field: .tcpDport, bitOffset: 16, bitLength: 16),
                Field(name: "tcp sequence", field: nil, bitOffset: 32, bitLength: 32),
                Field(name: "tcp ackseq", field: nil, bitOffset: 64, bitLength: 32),
                Field(name: "tcp doff", field: nil, bitOffset: 96, bitLength: 4),
                Field(name: "tcp reserved", field: nil, bitOffset: 100, bitLength: 4),
                Field(name: "tcp flags", field: .tcpFlags, bitOffset: 104, bitLength: 8),
                Field(name: "tcp window", field: nil, bitOffset: 112, bitLength: 16),
                Field(name: "tcp checksum", field: nil, bitOffset: 128, bitLength: 16),
                Field(name: "tcp urgptr", field: nil, bitOffset: 144, bitLength: 16),
            ]
        case .udp:
            return [
                Field(name: "udp sport", field: .udpSport, bitOffset: 0, bitLength: 16),
                Field(name: "udp dport", field: .udpDport, bitOffset: 16, bitLength: 16),
                Field(name: "udp length", field: nil, bitOffset: 32, bitLength: 16),
                Field(name: "udp checksum", field: nil, bitOffset: 48, bitLength: 16),
            ]
        case .icmp:
            return [
                Field(name: "icmp type", field: .icmpType, bitOffset: 0, bitLength: 8),
                Field(name: "icmp code", field: .icmpCode, bitOffset: 8, bitLength: 8),
                Field(name: "icmp checksum", field: nil, bitOffset: 16, bitLength: 16),
                Field(name: "icmp id", field: nil, bitOffset: 32, bitLength: 16),
                Field(name: "icmp sequence", field: nil, bitOffset: 48, bitLength: 16),
            ]
        case .icmpv6:
            return [
                Field(name: "icmpv6 type", field: .icmpv6Type, bitOffset: 0, bitLength: 8),
                Field(name: "icmpv6 code", field: .icmpv6Code, bitOffset: 8, bitLength: 8),
                Field(name: "icmpv6 checksum", field: nil, bitOffset: 16, bitLength: 16),
                Field(name: "icmpv6 id", field: nil, bitOffset: 32, bitLength: 16),
                Field(name: "icmpv6 sequence", field: nil, bitOffset: 48, bitLength: 16),
            ]
        case .sctp:
            return [
                Field(name: "sctp sport", field: .sctpSport, bitOffset: 0, bitLength: 16),
                Field(name: "sctp dport", field: .sctpDport, bitOffset: 16, bitLength: 16),
                Field(name: "sctp vtag", field: nil, bitOffset: 32, bitLength: 32),
                Field(name: "sctp checksum", field: nil, bitOffset: 64, bitLength: 32),
            ]
        case .dccp:
            return [
                Field(name: "dccp sport", field: .dccpSport, bitOffset: 0, bitLength: 16),
                Field(name: "dccp dport", field: .dccpDport, bitOffset: 16, bitLength: 16),
            ]
        case .esp:
            return [
                Field(name: "esp spi", field: .espSpi, bitOffset: 0, bitLength: 32),
                Field(name: "esp sequence", field: nil, bitOffset: 32, bitLength: 32),
            ]
        case .ah:
            return [
                Field(name: "ah nexthdr", field: nil, bitOffset: 0, bitLength: 8),
                Field(name: "ah hdrlength", field: nil, bitOffset: 8, bitLength: 8),
                Field(name: "ah reserved", field: nil, bitOffset: 16, bitLength: 16),
                Field(name: "ah spi", field: .ahSpi, bitOffset: 32, bitLength: 32),
                Field(name: "ah sequence", field: nil, bitOffset: 64, bitLength: 32),
            ]
        case .comp:
            return [
                Field(name: "comp nexthdr", field: nil, bitOffset: 0, bitLength: 8),
                Field(name: "comp flags", field: nil, bitOffset: 8, bitLength: 8),
                Field(name: "comp cpi", field: .compCpi, bitOffset: 16, bitLength: 16),
            ]
        case .th:
            return [
                Field(name: "th sport", field: .thSport, bitOffset: 0, bitLength: 16),
                Field(name: "th dport", field: .thDport, bitOffset: 16, bitLength: 16),
            ]
        }
    }

    /// The field a load of `length` bytes at byte `offset` reads whole, with the mask that isolates a bit
    /// field: `ip dscp` is `1b @ network header + 1` masked with `0xfc`.
    ///
    /// `mask` is the mask applied after the load, or `nil`. The result's shift is how far the field sits
    /// above the lowest loaded bit.
    func field(offset: Int, length: Int, mask: [UInt8]?) -> (field: Field, shift: Int)? {
        let start = offset * 8
        let end = start + length * 8
        for candidate in fields where candidate.bitOffset >= start && candidate.bitOffset + candidate.bitLength <= end {
            if candidate.bitOffset == start && candidate.bitLength == length * 8 && mask == nil {
                return (candidate, 0)
            }
            if !candidate.isByteAligned, let mask,
                mask
                    == PayloadHeader.mask(
                        bitOffset: candidate.bitOffset - start, bitLength: candidate.bitLength, bytes: length)
            {
                return (candidate, end - candidate.bitOffset - candidate.bitLength)
            }
        }
        return nil
    }

    /// The consecutive whole fields a load of `length` bytes at byte `offset` covers exactly, for nft's
    /// merged equality matches (`icmp type 8 icmp code 0` becomes one 2-byte load).
    func coveredFields(offset: Int, length: Int) -> [Field]? {
        var position = offset * 8
        let end = position + length * 8
        var result: [Field] = []
        while position < end {
            guard let next = fields.first(where: { $0.bitOffset == position && $0.isByteAligned }) else { return nil }
            result.append(next)
            position += next.bitLength
        }
        return position == end ? result : nil
    }

    /// The field that a shorter load at its start reads the first bytes of (a prefix of an address).
    func prefixedField(offset: Int, length: Int) -> Field? {
        fields.first { $0.bitOffset == offset * 8 && $0.isByteAligned && $0.bitLength > length * 8 }
    }

    /// A mask of `bitLength` one-bits starting `bitOffset` bits into `bytes` bytes.
    static func mask(bitOffset: Int, bitLength: Int, bytes: Int) -> [UInt8] {
        (0..<bytes).map { index in
            var byte: UInt8 = 0
            for bit in 0..<8 {
                let position = index * 8 + bit
                if position >= bitOffset && position < bitOffset + bitLength { byte |= 0x80 >> UInt8(bit) }
            }
            return byte
        }
    }
}
