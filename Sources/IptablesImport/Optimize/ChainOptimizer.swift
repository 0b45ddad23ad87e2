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
/// Ports are compared protocol-free, so that forwards of tcp and of udp ports merge into one lookup of
/// `meta l4proto . th dport`; and a NAT whose target differs too becomes a map from the same key
/// (`dnat to ip daddr . meta l4proto . th dport map { 198.18.0.1 . 6 . 1024 : 10.1.0.1 . 80, ... }`).
/// Why this decides every packet as the rules did one by one:
/// - the values merged into one rule never overlap (a run whose values do are cut into pieces whose values do
///   not, in order), so a packet matches at most one of the merged rules, and meets the rest of the rule once,
///   where the chain had it meet it once;
/// - the fields merged on are ones no statement of an imported rule rewrites (only NAT does, and NAT ends the
///   chain), so an earlier rule of a run cannot change which later one a packet matches;
/// - rules with state of their own (`limit`, `quota`, `numgen`, and any statement not known here) are never
///   merged, since one rule would then share what each kept apart. Counters are summed.
public enum ChainOptimizer {
    /// A rule of the optimized chain and the rules of the chain it stands for.
    public struct MergedRule: Hashable, Sendable {
        /// The rule.
        public var rule: Rule
        /// The places (from 0) of the rules it replaces in the chain given, in order.
        public var origins: [Int]
    }

    /// The rules of one chain, merged where that is exact.
    public static func optimize(_ rules: [Rule]) -> [Rule] {
        mergedRules(rules).map(\.rule)
    }

    /// ``optimize(_:)``, with the rules each resulting rule stands for (to name their lines in errors).
    ///
    /// Two kinds of neighbourhood are merged:
    /// - a block of rules that all end the chain the same way (`accept`, `drop`, `return`, `goto`, `reject`, one
    ///   NAT target) with nothing but stateless matches before: the block decides a packet the same way in any
    ///   order of its rules (the action, if any rule matches), so its rules are grouped by shape first, and each
    ///   group merged;
    /// - otherwise, a run of neighbouring rules of the same shape, merged in place (rules that differ in their
    ///   NAT target too among them).
    public static func mergedRules(_ rules: [Rule]) -> [MergedRule] {
        let actions = rules.map(terminalAction)
        let shapes = rules.map(RuleShape.init)
        var result: [MergedRule] = []
        var index = 0
        while index < rules.count {
            if let action = actions[index] {
                var end = index + 1
                while end < rules.count, actions[end] == action { end += 1 }
                if end - index > 1 {
                    result += mergedBlock(rules, shapes, index..<end)
                    index = end
                    continue
                }
            }
            guard let shape = shapes[index] else {
                result.append(MergedRule(rule: rules[index], origins: [index]))
                index += 1
                continue
            }
            var run = [shape]
            var next = index + 1
            while next < rules.count, let candidate = shapes[next], candidate.signature == shape.signature {
                run.append(candidate)
                next += 1
            }
            result += pieces(run, places: Array(index..<next))
            index = next
        }
        return result
    }

    /// The rules of a block that all end the same way: grouped by shape in the order each shape first appears,
    /// each group merged.
    private static func mergedBlock(_ rules: [Rule], _ shapes: [RuleShape?], _ block: Range<Int>) -> [MergedRule] {
        var groups: [(shape: RuleShape.Signature?, places: [Int], shapes: [RuleShape])] = []
        var groupOf: [RuleShape.Signature: Int] = [:]
        for place in block {
            guard let shape = shapes[place] else {
                groups.append((nil, [place], []))
                continue
            }
            if let group = groupOf[shape.signature] {
                groups[group].places.append(place)
                groups[group].shapes.append(shape)
            } else {
                groupOf[shape.signature] = groups.count
                groups.append((shape.signature, [place], [shape]))
            }
        }
        return groups.flatMap { group in
            group.shapes.isEmpty
                ? [MergedRule(rule: rules[group.places[0]], origins: group.places)]
                : pieces(group.shapes, places: group.places)
        }
    }

    /// A run of alike rules merged, with each result's places in the chain.
    private static func pieces(_ run: [RuleShape], places: [Int]) -> [MergedRule] {
        var start = 0
        return merged(run).map { piece in
            defer { start += piece.count }
            return MergedRule(rule: piece.rule, origins: Array(places[start..<start + piece.count]))
        }
    }

    /// What a rule does when it matches, if that ends the chain and the rule has nothing before it but stateless
    /// matches and a counter: the action's statement. Rules with the same action can be reordered among
    /// themselves.
    static func terminalAction(_ rule: Rule) -> Statement? {
        guard let last = rule.statements.last else { return nil }
        switch last {
        case .verdict(.accept), .verdict(.drop), .verdict(.return), .verdict(.goto), .reject, .nat:
            break
        default:
            return nil
        }
        for statement in rule.statements.dropLast() {
            switch statement {
            case .match(let match) where RuleShape.isStateless(match.left): continue
            case .counter: continue
            default: return nil
            }
        }
        return last
    }

    /// Each rule with the number of the run's rules it stands for.
    private static func merged(_ run: [RuleShape]) -> [(rule: Rule, count: Int)] {
        let single = run.map { (rule: $0.rule, count: 1) }
        guard run.count > 1 else { return single }
        let varying = run[0].columns.indices.filter { column in
            run.contains { $0.columns[column].value != run[0].columns[column].value }
        }
        guard !varying.isEmpty else { return single }
        return disjointPieces(run, columns: varying).map { piece in
            piece.count == 1 ? (piece[0].rule, 1) : (merge(piece), piece.count)
        }
    }

    /// `run` cut, in order, into pieces whose values in `columns` do not overlap.
    ///
    /// Most runs have none (distinct single addresses and ports), found with one sweep; a run that has some is
    /// halved until its pieces have none, so the cost stays about linear in the run and the pieces few.
    private static func disjointPieces(_ run: [RuleShape], columns: [Int]) -> [[RuleShape]] {
        let boxes = run.map { shape in columns.map { shape.columns[$0].span } }
        var pieces: [[RuleShape]] = []
        // A piece whose values differ in one column becomes a one-field anonymous set, where nft merges
        // touching intervals: such neighbours must go to different pieces as overlapping ones do.
        func overlapping(_ range: Range<Int>) -> Bool {
            let piece = Array(boxes[range])
            let varying = columns.indices.filter { column in piece.contains { $0[column] != piece[0][column] } }
            return ValueSpan.anyOverlap(piece, touching: varying.count == 1)
        }
        func cut(_ range: Range<Int>) {
            if range.count == 1 || !overlapping(range) {
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

    /// One rule for a piece of a run: the first rule, with the columns that differ in the piece replaced by one
    /// lookup (where the first of them was), and a NAT whose target differs by a map from the same key.
    private static func merge(_ piece: [RuleShape]) -> Rule {
        let first = piece[0]
        let varying = first.columns.indices.filter { column in
            piece.contains { $0.columns[column].value != first.columns[column].value }
        }
        // With one protocol throughout, ports keep their protocol's field and the implied protocol goes; with
        // several, the protocol is part of the key and ports are compared as `th` ports.
        let protocolVaries = first.protocolColumn.map(varying.contains) ?? false
        func field(_ column: Int) -> Expression {
            protocolVaries ? first.columns[column].field : first.columns[column].written
        }
        let key = varying.count == 1 ? field(varying[0]) : .concat(varying.map(field))
        func keyValue(_ shape: RuleShape) -> Value {
            varying.count == 1 ? shape.columns[varying[0]].value : .concat(varying.map { shape.columns[$0].value })
        }
        // The implied protocol has no statement; its lookup goes where the port match that implies it is.
        func anchor(_ column: Int) -> Int? {
            first.columns[column].statement ?? first.columns[(column + 1)...].lazy.compactMap(\.statement).first
        }
        let lookupAt = varying.compactMap(anchor).min() ?? 0
        let columnAt = Dictionary(
            first.columns.indices.compactMap { index in first.columns[index].statement.map { ($0, index) } },
            uniquingKeysWith: { earlier, _ in earlier })

        var statements: [Statement] = []
        for (position, statement) in first.rule.statements.enumerated() {
            if position == lookupAt {
                statements.append(.match(Match(key, .eq, operand: .set(piece.map(keyValue)))))
            }
            if let column = columnAt[position] {
                if varying.contains(column) { continue }
                if protocolVaries, case .match(var match) = statement {
                    match.left = first.columns[column].field
                    statements.append(.match(match))
                    continue
                }
            }
            switch statement {
            case .counter:
                let packets = piece.reduce(0 as UInt64) { $0 &+ $1.counter.packets }
                let bytes = piece.reduce(0 as UInt64) { $0 &+ $1.counter.bytes }
                statements.append(.counter(Counter(packets: packets, bytes: bytes)))
            case .nat(var nat) where first.nat?.statement == position && natVaries(piece):
                let elements = piece.compactMap { shape -> SetElement? in
                    guard let target = shape.nat else { return nil }
                    let data = target.port.map { Value.concat([target.address, $0]) } ?? target.address
                    return SetElement(key: keyValue(shape), value: data)
                }
                nat.to = .map(key: key, map: .anonymous(elements))
                statements.append(.nat(nat))
            default:
                statements.append(statement)
            }
        }
        var rule = first.rule
        rule.statements = statements
        return rule
    }

    private static func natVaries(_ piece: [RuleShape]) -> Bool {
        piece.contains { $0.nat?.address != piece[0].nat?.address || $0.nat?.port != piece[0].nat?.port }
    }
}
