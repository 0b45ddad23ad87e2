/// One operation collected by a `Transaction`, in the order it was added.
internal enum TransactionOperation: Sendable {
    /// Create a table with its sets, chains and rules; refused when the table exists.
    case addTable(Table, Transaction.Sources)
    /// Delete the table if it exists and create it again, in the same batch.
    case replaceTable(Table, Transaction.Sources)
    /// Delete a table and everything in it.
    case deleteTable(TableID)
    /// Create a chain with its rules in an existing table.
    case addChain(Chain, Table, Transaction.Sources)
    /// Delete a chain and its rules.
    case deleteChain(String, TableID)
    /// Delete every rule of a chain.
    case flushChain(String, TableID)
    /// Create a named set or map with its elements.
    case addSet(NFTSet, Table, source: String?)
    /// Delete a named set or map.
    case deleteSet(String, TableID)
    /// Add elements to a named set or map.
    case addElements([SetElement], NFTSet, Table, source: String?, exclusive: Bool)
    /// Remove elements from a named set or map.
    case deleteElements([SetElement], NFTSet, Table, source: String?)
    /// Add one rule to a chain, at a position.
    case addRule(Rule, chain: String, Table, Transaction.RulePosition, source: String?)
    /// Replace the rule with a handle.
    case replaceRule(Rule, handle: UInt64, chain: String, Table, source: String?)
    /// Delete the rule with a handle.
    case deleteRule(handle: UInt64, chain: String, TableID)

    /// The table the operation works in.
    var table: TableID {
        switch self {
        case .addTable(let table, _), .replaceTable(let table, _): return table.id
        case .deleteTable(let id): return id
        case .addChain(_, let table, _): return table.id
        case .deleteChain(_, let id), .flushChain(_, let id), .deleteSet(_, let id): return id
        case .addSet(_, let table, _): return table.id
        case .addElements(_, _, let table, _, _), .deleteElements(_, _, let table, _): return table.id
        case .addRule(_, _, let table, _, _), .replaceRule(_, _, _, let table, _): return table.id
        case .deleteRule(_, _, let id): return id
        }
    }

    /// A rough size of the operation's messages, to size the batch buffer once.
    var estimatedBytes: Int {
        switch self {
        case .addTable(let table, _): return Self.estimatedBytes(of: table)
        case .replaceTable(let table, _): return Self.estimatedBytes(of: table) + 1024
        case .addChain(let chain, _, _): return 512 + chain.rules.count * 1024
        case .addSet(let set, _, _): return 1024 + set.elements.count * 64
        case .addElements(let elements, _, _, _, _), .deleteElements(let elements, _, _, _):
            return 1024 + elements.count * 64
        case .addRule, .replaceRule: return 2048
        case .deleteTable, .deleteChain, .flushChain, .deleteSet, .deleteRule: return 256
        }
    }

    /// The number of messages the operation takes at least, to size the table of sequence numbers once.
    var estimatedMessages: Int {
        switch self {
        case .addTable(let table, _), .replaceTable(let table, _):
            return 3 + table.sets.count * 2 + table.chains.count + table.chains.reduce(0) { $0 + $1.rules.count }
        case .addChain(let chain, _, _): return 1 + chain.rules.count
        default: return 2
        }
    }

    private static func estimatedBytes(of table: Table) -> Int {
        var bytes = 512
        for set in table.sets { bytes += 1024 + set.elements.count * 64 }
        for chain in table.chains { bytes += 512 + chain.rules.count * 512 }
        return bytes
    }
}
