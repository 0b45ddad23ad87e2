import NFTables

/// The outcome of ``IptablesImporter/importDump(_:ipsets:)``: the ruleset, where each of its objects came
/// from, and the report.
public struct ImportResult: Hashable, Sendable {
    /// The nftables tables, one per table of the dump.
    public var ruleset: Ruleset
    /// For each table of ``ruleset`` (by name), the dump lines of its chains and rules, so that the kernel's
    /// errors name `dump.txt:42` (pass them to `Transaction.replace(_:sources:)`).
    public var sources: [String: Transaction.Sources]
    /// What was imported and what not.
    public var report: ImportReport

    /// Creates a result.
    public init(ruleset: Ruleset, sources: [String: Transaction.Sources], report: ImportReport) {
        self.ruleset = ruleset
        self.sources = sources
        self.report = report
    }

    /// A transaction that replaces the imported tables in `namespace`, with the sources attached.
    public func transaction(for namespace: NetworkNamespace) -> Transaction {
        var transaction = Transaction(namespace: namespace)
        for table in ruleset.tables {
            transaction.replace(table, sources: sources[table.name] ?? Transaction.Sources())
        }
        return transaction
    }
}
