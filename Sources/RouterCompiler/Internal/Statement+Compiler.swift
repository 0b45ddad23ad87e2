import NFTables

/// Short forms of the statements the compiler writes.
extension Statement {
    /// `left @set`.
    static func inSet(_ left: Expression, _ set: String) -> Statement {
        .match(Match(left, .eq, operand: .named(set)))
    }

    /// `left != @set`.
    static func notInSet(_ left: Expression, _ set: String) -> Statement {
        .match(Match(left, .neq, operand: .named(set)))
    }

    /// `left == value`.
    static func equals(_ left: Expression, _ value: Value) -> Statement {
        .match(Match(left, .eq, value))
    }

    /// `left vmap @map`.
    static func dispatch(_ key: Expression, _ map: String) -> Statement {
        .verdictMap(VerdictMap(key: key, map: .named(map)))
    }
}

extension Expression {
    /// A concatenation, or the expression itself when there is one part.
    static func key(_ parts: [Expression]) -> Expression {
        parts.count == 1 ? parts[0] : .concat(parts)
    }
}
