extension Transaction {
    /// Where the objects of a table came from, such as `rules.v4:42` for a rule imported from a dump.
    ///
    /// When the kernel refuses an object, its source is reported in `KernelRefusal.source`.
    ///
    /// ```swift
    /// var sources = Transaction.Sources(table: "rules.v4:1")
    /// sources.rules["forward"] = ["rules.v4:12", "rules.v4:13"]
    /// transaction.replace(table, sources: sources)
    /// ```
    public struct Sources: Hashable, Sendable {
        /// The source of the table itself.
        public var table: String?
        /// The source of each chain, by chain name.
        public var chains: [String: String]
        /// The source of each set or map, by set name.
        public var sets: [String: String]
        /// The source of each rule, by chain name, in the order of `Chain.rules`; `nil` where unknown.
        public var rules: [String: [String?]]

        /// Creates a list of sources; everything is unknown by default.
        public init(
            table: String? = nil,
            chains: [String: String] = [:],
            sets: [String: String] = [:],
            rules: [String: [String?]] = [:]
        ) {
            self.table = table
            self.chains = chains
            self.sets = sets
            self.rules = rules
        }

        /// The source of the rule at `index` of `chain.rules`, if known.
        public func rule(_ index: Int, in chain: String) -> String? {
            guard let list = rules[chain], list.indices.contains(index) else { return nil }
            return list[index]
        }
    }
}
