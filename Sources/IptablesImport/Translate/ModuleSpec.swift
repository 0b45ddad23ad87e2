/// What an extension accepts: its options, by every name they can be given with.
internal struct ModuleSpec {
    /// One option.
    struct Option {
        var canonical: String
        /// How many values follow the option (0, 1 or 2).
        var arity: Int
        var invertible: Bool
    }

    var options: [String: Option]

    /// `options` lists canonical names with their aliases: `("dport", ["destination-port"], 1, true)`.
    init(_ options: [(String, [String], Int, Bool)]) {
        var table: [String: Option] = [:]
        for (canonical, aliases, arity, invertible) in options {
            let option = Option(canonical: canonical, arity: arity, invertible: invertible)
            table[canonical] = option
            for alias in aliases { table[alias] = option }
        }
        self.options = table
    }
}
