import CNetfilter
import Testing

@testable import NFTables

/// `Transaction.withEncodedBatch`: the batch `commit()` sends, built without the kernel.
@Suite("Encoded batch without the kernel")
struct EncodedBatchTests {
    /// The first fixture ruleset's tables, added (so that `commit()` guards nothing: no table to protect).
    static func transaction() throws -> Transaction {
        let ruleset = try Fixtures.ruleset(try #require(Fixtures.rulesetNames.first))
        var transaction = Transaction()
        for table in ruleset.tables {
            transaction.add(table)
        }
        return transaction
    }

    @Test("the batch is framed from BEGIN to END, sequence numbers from 1")
    func framing() throws {
        let frames = try Self.transaction().withEncodedBatch { bytes, messages in
            let frames = TransactionBatchTests.frames(bytes)
            #expect(frames.count == messages)
            return frames
        }
        #expect(frames.count >= 3)
        #expect(frames.first?.type == UInt16(NFNL_MSG_BATCH_BEGIN))
        #expect(frames.last?.type == UInt16(NFNL_MSG_BATCH_END))
        #expect(frames.map(\.sequence) == Array(1...UInt32(frames.count)))
    }

    @Test("an empty transaction lends an empty batch")
    func empty() throws {
        let count = try Transaction().withEncodedBatch { bytes, messages in bytes.count + messages }
        #expect(count == 0)
    }

    @Test("commit sends a batch of the same size", .kernel)
    func sameAsCommit() throws {
        let namespace = try TestNamespace()
        defer { namespace.close() }
        var transaction = try Self.transaction()
        let (bytes, messages) = try transaction.withEncodedBatch { ($0.count, $1) }
        transaction.namespace = namespace.namespace
        let report = try transaction.commit()
        #expect(report.bytes == bytes && report.messages == messages)
    }
}
