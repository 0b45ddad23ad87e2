extension Ruleset {
    /// Replaces exactly this ruleset's tables in `namespace`, in one transaction, and leaves every other table
    /// alone.
    ///
    /// Each table is deleted and added again inside the same batch, so no packet ever sees it missing.
    /// A table of the same name that vrc does not own (another tool's) is never replaced: the transaction is
    /// refused with `NFTablesError.invalidRuleset` naming it.
    ///
    /// ```swift
    /// let report = try ruleset.apply(to: .named("router"))
    /// print(report)  // 10004 messages, 1912344 bytes, encode 21.4 ms, kernel 187.0 ms
    /// ```
    ///
    /// - Parameters:
    ///   - namespace: The network namespace to change.
    ///   - checkOnly: Only have the kernel validate the batch; nothing is committed.
    @discardableResult
    public func apply(to namespace: NetworkNamespace, checkOnly: Bool = false) throws(NFTablesError)
        -> TransactionReport
    {
        var transaction = Transaction(namespace: namespace)
        for table in tables {
            transaction.replace(table)
        }
        return checkOnly ? try transaction.check() : try transaction.commit()
    }

    /// Deletes every table vrc owns in `namespace`, in one transaction; other tables are not touched.
    ///
    /// - Returns: The tables deleted, sorted by family and name.
    @discardableResult
    public static func flushOwned(in namespace: NetworkNamespace) throws(NFTablesError) -> [TableID] {
        let socket = try NetlinkSocket(namespace: namespace)
        var attempt = 0
        while true {
            attempt += 1
            let snapshot = try TransactionProbe.snapshot(socket)
            let owned = snapshot.ownedTables
            guard !owned.isEmpty else { return [] }
            var transaction = Transaction(namespace: namespace, generationGuard: snapshot.generation)
            for id in owned {
                transaction.delete(id)
            }
            do {
                _ = try TransactionRunner(transaction: transaction, checkOnly: false).run(on: socket)
                return owned
            } catch {
                // Another writer changed the tables since the snapshot: list them again.
                if case .generationChanged = error, attempt < TransactionRunner.attempts { continue }
                throw error
            }
        }
    }
}
