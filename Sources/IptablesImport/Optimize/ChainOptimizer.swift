import NFTables

/// Merges runs of rules that differ only in addresses, ports, protocols or interfaces into one rule that looks the
/// values up in an anonymous set, as `nft -o` does, without changing what any packet meets.
///
/// ```swift
/// // ip saddr 192.0.2.1 tcp dport 22 accept
/// // ip saddr 192.0.2.7 tcp dport 22 accept
/// let merged = ChainOptimizer.optimize(rules)
/// // ip saddr { 192.0.2.1, 192.0.2.7 } tcp dport 22 accept
/// ```
///
/// Neighbouring rules merge when everything but some of their equality matches on those fields is the same (the
/// same statements in the same order, the same comment); the matches that differ become one lookup, of their
/// concatenation when more than one field differs (`ip saddr . tcp dport { 192.0.2.1 . 22, 192.0.2.7 . 443 }`).
/// Why this decides every packet as the rules did one by one:
/// - the values merged into one rule never overlap (a run whose values do are cut into pieces whose values do
///   not, in order), so a packet matches at most one of the merged rules, and meets the rest of the rule once,
///   where the chain had it meet it once;
/// - the fields merged on are ones no statement of an imported rule rewrites (only NAT does, and NAT ends the
///   chain), so an earlier rule of a run cannot change which later one a packet matches;
/// - rules with state of their own (`limit`, `quota`, `numgen`, and any statement not known here) are never
///   merged, since one rule would then share what each kept apart. Counters are summed.
public enum ChainOptimizer {
    /// The rules of one chain, merged where that is exact; the order of what is left is kept.
    public static func optimize(_ rules: [Rule]) -> [Rule] {
        var result: [Rule] = []
        var index = 0
        while index < rules.count {
            guard let shape = RuleShape(rules[index]) else {
                result.append(rules[index])
                index += 1
                continue
            }
            var run = [shape]
            var next = index + 1
            while next < rules.count, let candidate = RuleShape(rules[next]), candidate.signature == shape.signature {
                run.append(candidate)
                next += 1
            }
            result += merged(run)
            index = next
        }
        return result
    }

    /// The rules of a run of alike rules: merged where their values are disjoint, cut where they are not.
    private static func merged(_ run: [RuleShape]) -> [Rule] {
        guard run.count > 1 else { return run.map(\.rule) }
        let varying = (0..<run[0].values.count).filter { column in
            run.contains { $0.values[column] != run[0].values[column] }
        }
        guard !varying.isEmpty else { return run.map(\.rule) }
        return disjointPieces(run, columns: varying).flatMap { piece in
            piece.count == 1 ? [piece[0].rule] : [merge(piece, columns: varying)]
        }
    }

    /// `run` cut, in order, into pieces whose values in `columns` do not overlap.
    ///
    /// Most runs have none (distinct single addresses and ports), found with one sweep; a run that has some is
    /// halved until its pieces have none, so the cost stays about linear in the run and the pieces few.
    private static func disjointPieces(_ run: [RuleShape], columns: [Int]) -> [[RuleShape]] {
        let boxes = run.map { shape in columns.map { shape.spans[$0] } }
        var pieces: [[RuleShape]] = []
        func cut(_ range: Range<Int>) {
            if range.count == 1 || !ValueSpan.anyOverlap(Array(boxes[range])) {
                pieces.append(Array(run[range]))
                return
            }
            let middle = range.lowerBound + range.count / 2
            cut(range.lowerBound..<middle)
            cut(middle..<range.upperBound)
        }
        cut(0..<run.count)
        return pieces
    }

    /// One rule for a piece of a run: the first rule, with the matches in `columns` replaced by one lookup.
    private static func merge(_ piece: [RuleShape], columns: [Int]) -> Rule {
        let first = piece[0]
        let elements = piece.map { shape -> Value in
            columns.count == 1 ? shape.values[columns[0]] : .concat(columns.map { shape.values[$0] })
        }
        let key = columns.count == 1 ? first.fields[columns[0]] : .concat(columns.map { first.fields[$0] })
        var statements: [Statement] = []
        var placedLookup = false
        for (position, statement) in first.rule.statements.enumerated() {
            if let column = first.columnAt[position] {
                guard columns.contains(column) else {
                    statements.append(statement)
                    continue
                }
                if !placedLookup {
                    statements.append(.match(Match(key, .eq, operand: .set(elements))))
                    placedLookup = true
                }
            } else if case .counter = statement {
                let packets = piece.reduce(0 as UInt64) { $0 &+ $1.counter.packets }
                let bytes = piece.reduce(0 as UInt64) { $0 &+ $1.counter.bytes }
                statements.append(.counter(Counter(packets: packets, bytes: bytes)))
            } else {
                statements.append(statement)
            }
        }
        var rule = first.rule
        rule.statements = statements
        return rule
    }
}
