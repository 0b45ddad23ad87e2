/// A set of changes to nf_tables that the kernel applies all together or not at all.
///
/// Operations are collected first and sent later as one nfnetlink batch with one `sendmsg`: `commit()`
/// applies it, `check()` has the kernel validate it and commit nothing. If the kernel refuses any message,
/// nothing of the batch is applied, and the error names every refused object.
///
/// vrc changes only the tables it owns. A table created by `add(_:)` or `replace(_:)` carries vrc's
/// ownership marker; before a transaction changes or deletes a table that already exists in the kernel, it
/// reads the kernel's tables and refuses to touch one without the marker (another tool's table).
///
/// ```swift
/// var transaction = Transaction(namespace: .named("router"))
/// transaction.replace(filterTable)
/// transaction.addElements([SetElement(key: .address(blocked))], to: denySet, in: filterTable)
/// let report = try transaction.commit()
/// ```
public struct Transaction: Sendable {
    /// The network namespace whose nf_tables the transaction changes.
    public var namespace: NetworkNamespace
    /// The ruleset generation the transaction was built against (see `RulesetReader.generation()`).
    ///
    /// When set, the kernel refuses the batch if the ruleset changed since that generation, and `commit()`
    /// throws `NFTablesError.generationChanged`. When `nil`, a transaction that must check table ownership
    /// guards itself with the generation it read for that check, and retries when another writer got in
    /// between.
    public var generationGuard: UInt32?

    /// The operations, in the order they were added.
    internal private(set) var operations: [TransactionOperation] = []

    /// Creates an empty transaction for `namespace`.
    public init(namespace: NetworkNamespace = .current, generationGuard: UInt32? = nil) {
        self.namespace = namespace
        self.generationGuard = generationGuard
    }

    /// Whether the transaction has no operation.
    public var isEmpty: Bool { operations.isEmpty }

    /// Where a new rule goes in its chain.
    public enum RulePosition: Hashable, Sendable {
        /// After the last rule (`nft add rule`).
        case end
        /// Before the first rule (`nft insert rule`).
        case start
        /// After the rule with this handle (`nft add rule ... position H`).
        case after(handle: UInt64)
        /// Before the rule with this handle (`nft insert rule ... position H`).
        case before(handle: UInt64)
    }

    // MARK: Tables

    /// Creates `table` with its sets (with their elements), chains and rules; the kernel refuses the whole
    /// transaction if a table of that name exists.
    ///
    /// - Parameters:
    ///   - table: The table; its `handle`s are ignored.
    ///   - sources: Where the table's objects came from, reported with the kernel's errors.
    public mutating func add(_ table: Table, sources: Sources = Sources()) {
        operations.append(.addTable(table, sources))
    }

    /// Replaces `table` with this content in one step: whether or not the table exists, after the commit it
    /// holds exactly `table`, and no packet ever sees the table missing or half built.
    ///
    /// In the batch this is "add the table (if missing), delete it, add it with everything in it".
    /// The transaction refuses to replace a table of the same name that vrc does not own.
    public mutating func replace(_ table: Table, sources: Sources = Sources()) {
        operations.append(.replaceTable(table, sources))
    }

    /// Deletes a table vrc owns, with everything in it.
    public mutating func delete(_ table: TableID) {
        operations.append(.deleteTable(table))
    }

    // MARK: Chains

    /// Creates `chain` with its rules in `table`, which must exist (in the kernel, or earlier in this
    /// transaction).
    ///
    /// - Parameters:
    ///   - chain: The chain and its rules.
    ///   - table: The table, with the sets and chains the rules refer to.
    ///   - sources: Where the chain and its rules came from.
    public mutating func add(_ chain: Chain, to table: Table, sources: Sources = Sources()) {
        operations.append(.addChain(chain, table, sources))
    }

    /// Deletes a chain and its rules; the kernel refuses while a rule still jumps to it.
    public mutating func delete(chain: String, in table: TableID) {
        operations.append(.deleteChain(chain, table))
    }

    /// Deletes every rule of a chain, keeping the chain.
    public mutating func flush(chain: String, in table: TableID) {
        operations.append(.flushChain(chain, table))
    }

    // MARK: Rules

    /// Adds one rule to an existing chain.
    ///
    /// - Parameters:
    ///   - rule: The rule.
    ///   - chain: The chain's name.
    ///   - table: The table, with the sets and chains the rule refers to.
    ///   - position: Where the rule goes; at the end by default.
    ///   - source: Where the rule came from.
    public mutating func add(
        rule: Rule, to chain: String, in table: Table, at position: RulePosition = .end, source: String? = nil
    ) {
        operations.append(.addRule(rule, chain: chain, table, position, source: source))
    }

    /// Replaces the rule with `handle` in place.
    public mutating func replace(
        ruleHandle handle: UInt64, with rule: Rule, in chain: String, of table: Table, source: String? = nil
    ) {
        operations.append(.replaceRule(rule, handle: handle, chain: chain, table, source: source))
    }

    /// Deletes the rule with `handle` (as read back from the kernel).
    public mutating func delete(ruleHandle handle: UInt64, in chain: String, of table: TableID) {
        operations.append(.deleteRule(handle: handle, chain: chain, table))
    }

    // MARK: Sets

    /// Creates a named set or map, with its elements, in an existing table.
    public mutating func add(_ set: NFTSet, to table: Table, source: String? = nil) {
        operations.append(.addSet(set, table, source: source))
    }

    /// Deletes a named set or map; the kernel refuses while a rule still refers to it.
    public mutating func delete(set: String, in table: TableID) {
        operations.append(.deleteSet(set, table))
    }

    /// Adds elements to a named set or map of an existing table.
    ///
    /// - Parameters:
    ///   - elements: The elements.
    ///   - set: The set as it is declared (its types decide how elements are encoded).
    ///   - table: The table it is in.
    ///   - source: Where the elements came from.
    ///   - exclusive: Refuse the transaction when an element is already present (`EEXIST`), as a minimal update
    ///     planned against a known state must: the kernel then does not hold that state. Without it, elements
    ///     already present are kept, as `nft add element` does.
    public mutating func addElements(
        _ elements: [SetElement], to set: NFTSet, in table: Table, source: String? = nil, exclusive: Bool = false
    ) {
        operations.append(.addElements(elements, set, table, source: source, exclusive: exclusive))
    }

    /// Removes elements from a named set or map; the kernel refuses if one is missing.
    public mutating func deleteElements(
        _ elements: [SetElement], from set: NFTSet, in table: Table, source: String? = nil
    ) {
        operations.append(.deleteElements(elements, set, table, source: source))
    }

    // MARK: Running

    /// Sends the batch and has the kernel apply it.
    ///
    /// - Returns: The size and timings of the batch.
    /// - Throws: `NFTablesError.kernelRefused` naming every refused object (nothing was applied);
    ///   `.generationChanged` when `generationGuard` no longer matches; `.invalidRuleset` when an object cannot
    ///   be encoded or the transaction would change another tool's table.
    @discardableResult
    public func commit() throws(NFTablesError) -> TransactionReport {
        try TransactionRunner(transaction: self, checkOnly: false).run()
    }

    /// Sends the same batch without its END message: the kernel validates every message, reports what it
    /// would refuse, and commits nothing.
    @discardableResult
    public func check() throws(NFTablesError) -> TransactionReport {
        try TransactionRunner(transaction: self, checkOnly: true).run()
    }
}
