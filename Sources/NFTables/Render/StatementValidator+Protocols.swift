extension StatementValidator {
    /// A protocol that a statement takes for granted: one network protocol and one transport protocol
    /// per packet, so that two statements of a rule that take different ones can never both apply
    /// (nft refuses such a rule: "conflicting protocols specified").
    struct ProtocolClaim: Equatable {
        enum Layer: Equatable { case network, transport }
        var layer: Layer
        var name: String
        /// What makes the claim, for messages: `ip6 saddr`, `reject with icmp`.
        var source: String
    }

    /// Refuses a statement that takes for granted another network or transport protocol than one
    /// before it (or another part of itself).
    func checkProtocolConflicts(_ statement: Statement) throws(NFTablesError) {
        let claims = Self.claims(of: statement)
        // Most statements claim nothing (counters, verdicts, interface matches); then nothing can conflict.
        guard !claims.isEmpty else { return }
        var earlier: [(claim: ProtocolClaim, statement: Int)] = []
        for (offset, before) in previous.enumerated() {
            earlier += Self.claims(of: before).map { ($0, offset + 1) }
        }
        let current = previous.count + 1
        for claim in claims {
            if let conflict = earlier.first(where: { $0.claim.layer == claim.layer && $0.claim.name != claim.name }) {
                let other =
                    conflict.statement == current
                    ? "\(conflict.claim.source) in the same statement"
                    : "\(conflict.claim.source) (statement \(conflict.statement))"
                throw fail(
                    "\(claim.source) needs \(claim.name), but \(other) needs \(conflict.claim.name); "
                        + "no packet is both, and nft refuses the rule")
            }
            earlier.append((claim, current))
        }
    }

    static func claims(of statement: Statement) -> [ProtocolClaim] {
        switch statement {
        case .match(let match):
            var claims = claims(of: match.left)
            if match.op == .eq, match.mask == nil, case .value(let value) = match.right,
                let type = match.left.dataTypes.first,
                let number = NFTTextRenderer.number(value, as: type)
            {
                switch match.left {
                case .meta(.nfproto):
                    if number == 2 {
                        claims.append(ProtocolClaim(layer: .network, name: "IPv4", source: "meta nfproto 2"))
                    }
                    if number == 10 {
                        claims.append(ProtocolClaim(layer: .network, name: "IPv6", source: "meta nfproto 10"))
                    }
                case .meta(.l4proto), .payload(.ipProtocol), .payload(.ip6Nexthdr):
                    if let name = transportName(number) {
                        claims.append(ProtocolClaim(layer: .transport, name: name, source: "\(match.left) \(number)"))
                    }
                default:
                    break
                }
            }
            return claims
        case .verdictMap(let map):
            return claims(of: map.key)
        case .payloadSet(let set):
            return claims(of: .payload(set.field))
        case .reject(let reject):
            switch reject.type {
            case .icmp: return [ProtocolClaim(layer: .network, name: "IPv4", source: "reject with icmp")]
            case .icmpv6: return [ProtocolClaim(layer: .network, name: "IPv6", source: "reject with icmpv6")]
            case .tcpReset: return [ProtocolClaim(layer: .transport, name: "TCP", source: "reject with tcp reset")]
            default: return []
            }
        case .nat(let nat):
            var claims: [ProtocolClaim] = []
            switch nat.family {
            case .ip: claims.append(ProtocolClaim(layer: .network, name: "IPv4", source: "\(nat.kind.rawValue) ip"))
            case .ip6: claims.append(ProtocolClaim(layer: .network, name: "IPv6", source: "\(nat.kind.rawValue) ip6"))
            case .none: break
            }
            if case .map(let key, _) = nat.to { claims += Self.claims(of: key) }
            return claims
        case .metaSet(let set):
            return set.from.map { claims(of: $0) } ?? []
        case .ctSet(let set):
            return set.from.map { claims(of: $0) } ?? []
        default:
            return []
        }
    }

    static func claims(of expression: Expression) -> [ProtocolClaim] {
        switch expression {
        case .payload(let field):
            let source = field.rawValue
            switch field {
            case .ipSaddr, .ipDaddr, .ipProtocol, .ipLength, .ipTtl, .ipFragOff, .ipDscp, .ipEcn:
                return [ProtocolClaim(layer: .network, name: "IPv4", source: source)]
            case .ip6Saddr, .ip6Daddr, .ip6Nexthdr, .ip6Hoplimit, .ip6Dscp:
                return [ProtocolClaim(layer: .network, name: "IPv6", source: source)]
            case .icmpType, .icmpCode:
                return [
                    ProtocolClaim(layer: .network, name: "IPv4", source: source),
                    ProtocolClaim(layer: .transport, name: "ICMP", source: source),
                ]
            case .icmpv6Type, .icmpv6Code:
                return [
                    ProtocolClaim(layer: .network, name: "IPv6", source: source),
                    ProtocolClaim(layer: .transport, name: "ICMPv6", source: source),
                ]
            case .tcpSport, .tcpDport, .tcpFlags:
                return [ProtocolClaim(layer: .transport, name: "TCP", source: source)]
            case .udpSport, .udpDport:
                return [ProtocolClaim(layer: .transport, name: "UDP", source: source)]
            case .sctpSport, .sctpDport:
                return [ProtocolClaim(layer: .transport, name: "SCTP", source: source)]
            case .dccpSport, .dccpDport:
                return [ProtocolClaim(layer: .transport, name: "DCCP", source: source)]
            case .espSpi:
                return [ProtocolClaim(layer: .transport, name: "ESP", source: source)]
            case .ahSpi:
                return [ProtocolClaim(layer: .transport, name: "AH", source: source)]
            case .compCpi:
                return [ProtocolClaim(layer: .transport, name: "IPComp", source: source)]
            case .thSport, .thDport, .etherSaddr:
                return []
            }
        case .concat(let parts):
            return parts.flatMap { claims(of: $0) }
        case .jhash(let input, _, _, _):
            return claims(of: input)
        default:
            return []
        }
    }

    private static func transportName(_ number: UInt64) -> String? {
        switch number {
        case 1: return "ICMP"
        case 6: return "TCP"
        case 17: return "UDP"
        case 58: return "ICMPv6"
        case 132: return "SCTP"
        case 33: return "DCCP"
        case 50: return "ESP"
        case 51: return "AH"
        case 108: return "IPComp"
        default: return "IP protocol \(number)"
        }
    }
}
