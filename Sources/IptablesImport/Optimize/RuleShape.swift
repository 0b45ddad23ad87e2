import NFTables

/// A rule as `ChainOptimizer` compares it: the equality matches it could merge on (field and value, in order),
/// and everything else, which must be the same for two rules to merge (`signature`).
internal struct RuleShape {
    /// A statement of the signature: one that must be equal, or the field of a match that may differ.
    enum Part: Hashable {
        case statement(Statement)
        case field(Expression)
    }

    let rule: Rule
    /// The fields of the mergeable matches, in the order of the rule's statements.
    private(set) var fields: [Expression] = []
    /// The value each of those matches compares with.
    private(set) var values: [Value] = []
    /// The points each of those values covers.
    private(set) var spans: [ValueSpan] = []
    /// For each statement that is a mergeable match, its place in `fields`.
    private(set) var columnAt: [Int: Int] = [:]
    /// The rule's counter, if it has one (zero otherwise); merged rules add theirs up.
    private(set) var counter = Counter()
    /// What must be equal for two rules to merge: the statements with the mergeable matches' values and the
    /// counter's counts left out, and the comment.
    private(set) var signature: Signature

    /// See `signature`.
    struct Signature: Hashable {
        var parts: [Part] = []
        var comment: String?
    }

    /// The shape of `rule`, or nil when the rule must never merge (it holds state of its own, or a statement that
    /// is not known to be safe to merge).
    init?(_ rule: Rule) {
        self.rule = rule
        signature = Signature(comment: rule.comment)
        for (position, statement) in rule.statements.enumerated() {
            switch statement {
            case .match(let match):
                guard Self.isStateless(match.left) else { return nil }
                if let (value, span) = Self.mergeableValue(match) {
                    columnAt[position] = fields.count
                    fields.append(match.left)
                    values.append(value)
                    spans.append(span)
                    signature.parts.append(.field(match.left))
                } else {
                    signature.parts.append(.statement(statement))
                }
            case .counter(let counts):
                counter = counts
                signature.parts.append(.statement(.counter(Counter())))
            case .verdict, .reject, .nat, .log, .metaSet, .ctSet, .notrack:
                signature.parts.append(.statement(statement))
            default:
                return nil
            }
        }
        guard !fields.isEmpty else { return nil }
    }

    /// Fields that only NAT rewrites, so that no earlier rule of a run can change which later one matches.
    private static func isMergeable(_ field: Expression) -> Bool {
        switch field {
        case .payload(let payload):
            switch payload {
            case .ipSaddr, .ipDaddr, .ip6Saddr, .ip6Daddr, .ipProtocol, .ip6Nexthdr, .tcpSport, .tcpDport,
                .udpSport, .udpDport, .thSport, .thDport:
                return true
            default:
                return false
            }
        case .meta(let key):
            return key == .iifname || key == .oifname || key == .l4proto
        default:
            return false
        }
    }

    /// The value of an equality match on a mergeable field, when it can be a set element.
    private static func mergeableValue(_ match: Match) -> (Value, ValueSpan)? {
        guard match.op == .eq, match.mask == nil, isMergeable(match.left), case .value(let value) = match.right,
            let span = ValueSpan(value)
        else { return nil }
        return (value, span)
    }

    /// Expressions that read the packet or its connection and keep nothing between packets (`numgen inc` counts).
    private static func isStateless(_ expression: Expression) -> Bool {
        switch expression {
        case .payload, .meta, .ct: return true
        case .concat(let parts): return parts.allSatisfy(isStateless)
        default: return false
        }
    }
}
