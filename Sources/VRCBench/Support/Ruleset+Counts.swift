import NFTables

extension Ruleset {
    /// Rules over every chain of every table.
    public var ruleCount: Int { tables.reduce(0) { $0 + $1.chains.reduce(0) { $0 + $1.rules.count } } }
    /// Elements over every named set and map.
    public var elementCount: Int { tables.reduce(0) { $0 + $1.sets.reduce(0) { $0 + $1.elements.count } } }
    /// Named sets and maps.
    public var setCount: Int { tables.reduce(0) { $0 + $1.sets.count } }
    /// Chains, base and regular.
    public var chainCount: Int { tables.reduce(0) { $0 + $1.chains.count } }
}
