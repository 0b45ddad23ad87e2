extension Transaction {
    /// Builds the netlink batch that ``commit()`` would send, without a socket and without the kernel, and lends
    /// its bytes and message count to `body`: for measuring or inspecting the encoding alone.
    ///
    /// The batch is the one `commit()` sends except for what needs the kernel: sequence numbers start at 1, and
    /// no ownership check runs and no generation guard is added unless ``generationGuard`` is set.
    ///
    /// ```swift
    /// let size = try transaction.withEncodedBatch { bytes, messages in bytes.count }
    /// ```
    ///
    /// - Throws: ``NFTablesError`` when an operation cannot be encoded (an element that does not fit its set).
    public func withEncodedBatch<Result>(
        _ body: (_ bytes: UnsafeRawBufferPointer, _ messages: Int) -> Result
    ) throws(NFTablesError) -> Result {
        let runner = TransactionRunner(transaction: self, checkOnly: false)
        guard let batch = try runner.encode(firstSequence: 1, generation: generationGuard) else {
            return body(UnsafeRawBufferPointer(start: nil, count: 0), 0)
        }
        return body(batch.builder.bytes, batch.builder.messageCount)
    }
}
