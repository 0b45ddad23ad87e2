import NFTables

/// A rule as `ChainOptimizer` compares it: the equality matches it could merge on (its key columns), the NAT
/// target it could turn into a map, and everything else, which must be the same for two rules to merge
/// (`signature`).
///
/// Ports are compared protocol-free: `tcp dport 80` is the column `th dport` with the protocol (6) in a column
/// of its own, so that forwards of tcp and of udp ports can share one lookup (`meta l4proto . th dport`). When
/// the protocol is the same in every rule merged, the merged rule keeps `tcp dport` as it was.
internal struct RuleShape {
    /// A statement of the signature: one that must be equal, or a column's field, or a NAT whose target may
    /// differ.
    enum Part: Hashable {
        case statement(Statement)
        case field(Expression)
        case natTarget(NATKind, NATFamily?, [NATFlag], withPort: Bool)
    }

    /// What must be equal for two rules to merge.
    struct Signature: Hashable {
        var parts: [Part] = []
        var comment: String?
    }

    /// A field the rule matches for equality, and the value.
    struct Column {
        /// The field as compared (`th dport` for `tcp dport`).
        var field: Expression
        /// The field as the rule writes it.
        var written: Expression
        var value: Value
        var span: ValueSpan
        /// The rule's statement that holds the match, or nil for the protocol a port match implies.
        var statement: Int?
    }

    let rule: Rule
    private(set) var columns: [Column] = []
    /// The place in `columns` of the protocol that a port match implies, when the rule has no protocol match.
    private(set) var impliedProtocol: Int?
    /// The place in `columns` of the protocol: the rule's protocol match, or the one its port match implies.
    private(set) var protocolColumn: Int?
    /// The rule's NAT statement, when its target is one address (and port) that a map could give.
    private(set) var nat: (statement: Int, address: Value, port: Value?)?
    /// The rule's counter (zero when it has none); merged rules add theirs up.
    private(set) var counter = Counter()
    private(set) var signature: Signature

    /// The shape of `rule`, or nil when the rule must never merge (it holds state of its own, or a statement that
    /// is not known to be safe to merge) or has nothing to merge on.
    init?(_ rule: Rule) {
        self.rule = rule
        signature = Signature(comment: rule.comment)
        var impliedNumber: UInt64?
        for (position, statement) in rule.statements.enumerated() {
            switch statement {
            case .match(let match):
                guard Self.isStateless(match.left) else { return nil }
                guard let (field, value, span, proto) = Self.column(match) else {
                    signature.parts.append(.statement(statement))
                    continue
                }
                if Self.isProtocol(field) {
                    // A protocol match after the port match that implied one is left as written.
                    guard impliedProtocol == nil else { return nil }
                    protocolColumn = columns.count
                }
                if let proto {
                    guard impliedNumber == nil || impliedNumber == proto else { return nil }
                    if impliedNumber == nil, protocolColumn == nil {
                        impliedProtocol = columns.count
                        protocolColumn = columns.count
                        let number = Value.integer(proto)
                        columns.append(
                            Column(
                                field: .meta(.l4proto), written: .meta(.l4proto), value: number,
                                span: ValueSpan(number)!, statement: nil))
                        signature.parts.append(.field(.meta(.l4proto)))
                    }
                    impliedNumber = proto
                }
                columns.append(Column(field: field, written: match.left, value: value, span: span, statement: position))
                signature.parts.append(.field(field))
            case .counter(let counts):
                counter = counts
                signature.parts.append(.statement(.counter(Counter())))
            case .nat(let statement):
                if nat == nil, case .address(let address?, let port)? = statement.to, Self.isPoint(address),
                    port.map(Self.isPoint) ?? true
                {
                    nat = (position, address, port)
                    signature.parts.append(
                        .natTarget(statement.kind, statement.family, statement.flags, withPort: port != nil))
                } else {
                    signature.parts.append(.statement(.nat(statement)))
                }
            case .verdict, .reject, .log, .metaSet, .ctSet, .notrack:
                signature.parts.append(.statement(statement))
            default:
                return nil
            }
        }
        // With a protocol match of its own, a port match's protocol must be that one, or `th dport` would match
        // what `tcp dport` never did.
        if impliedProtocol == nil, let protocolColumn, let impliedNumber {
            guard columns[protocolColumn].value == .integer(impliedNumber) else { return nil }
        }
        guard !columns.isEmpty else { return nil }
    }

    /// The field a match compares, generalised (`tcp dport` is `th dport`), its value and span, and for a port
    /// field the protocol it implies; nil for a match that cannot be a column.
    private static func column(_ match: Match) -> (Expression, Value, ValueSpan, UInt64?)? {
        guard match.op == .eq, match.mask == nil, case .value(let value) = match.right, let span = ValueSpan(value)
        else { return nil }
        switch match.left {
        case .payload(let payload):
            switch payload {
            case .ipSaddr, .ipDaddr, .ip6Saddr, .ip6Daddr, .ipProtocol, .ip6Nexthdr, .thSport, .thDport:
                return (match.left, value, span, nil)
            case .tcpSport: return (.payload(.thSport), value, span, 6)
            case .tcpDport: return (.payload(.thDport), value, span, 6)
            case .udpSport: return (.payload(.thSport), value, span, 17)
            case .udpDport: return (.payload(.thDport), value, span, 17)
            default: return nil
            }
        case .meta(let key) where key == .iifname || key == .oifname || key == .l4proto:
            return (match.left, value, span, nil)
        default:
            return nil
        }
    }

    private static func isProtocol(_ field: Expression) -> Bool {
        field == .payload(.ipProtocol) || field == .payload(.ip6Nexthdr) || field == .meta(.l4proto)
    }

    private static func isPoint(_ value: Value) -> Bool {
        switch value {
        case .address, .integer: return true
        default: return false
        }
    }

    /// Expressions that read the packet or its connection and keep nothing between packets (`numgen inc` counts).
    static func isStateless(_ expression: Expression) -> Bool {
        switch expression {
        case .payload, .meta, .ct: return true
        case .concat(let parts): return parts.allSatisfy(isStateless)
        default: return false
        }
    }
}
