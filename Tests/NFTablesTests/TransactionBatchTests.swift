import CNetfilter
import Testing

@testable import NFTables

/// The batch as bytes, without a kernel: framing, sequence numbers, the generation in BEGIN, and the map from
/// sequence numbers back to objects.
@Suite("Transaction batch")
struct TransactionBatchTests {
    /// One message read back from a batch buffer.
    struct Frame {
        var offset: Int
        var length: Int
        var type: UInt16
        var flags: UInt16
        var sequence: UInt32
    }

    /// Splits a batch into its messages, checking that the lengths chain up to exactly the end.
    static func frames(_ bytes: UnsafeRawBufferPointer) -> [Frame] {
        var frames: [Frame] = []
        var offset = 0
        while offset + 16 <= bytes.count {
            let length = Int(bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            guard length >= 16, offset + length <= bytes.count else { break }
            frames.append(
                Frame(
                    offset: offset, length: length,
                    type: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt16.self),
                    flags: bytes.loadUnaligned(fromByteOffset: offset + 6, as: UInt16.self),
                    sequence: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)))
            offset += (length + 3) & ~3
        }
        #expect(offset == bytes.count, "the messages do not cover the batch exactly")
        return frames
    }

    static func nftType(_ message: nf_tables_msg_types) -> UInt16 {
        UInt16(NFNL_SUBSYS_NFTABLES << 8) | UInt16(message.rawValue)
    }

    static let table = TableID(family: .inet, name: "vrc")

    @Test("BEGIN carries the generation big-endian and addresses nf_tables; END has no attribute")
    func beginAndEnd() {
        let generation = UInt32.random(in: 1...UInt32.max)
        let builder = BatchBuilder(capacity: 0, firstSequence: 1000)
        let begin = builder.begin(generation: generation)
        let end = builder.end()
        #expect(begin == 1000)
        #expect(end == 1001)
        let frames = Self.frames(builder.bytes)
        #expect(frames.count == 2)
        guard frames.count == 2 else { return }
        #expect(frames[0].type == UInt16(NFNL_MSG_BATCH_BEGIN))
        #expect(frames[1].type == UInt16(NFNL_MSG_BATCH_END))
        #expect(frames[0].length == 16 + 4 + 8)
        #expect(frames[1].length == 16 + 4)
        let bytes = builder.bytes
        // nfgenmsg: family, version, res_id (big-endian NFNL_SUBSYS_NFTABLES).
        #expect(bytes[16] == UInt8(AF_UNSPEC))
        #expect(bytes[17] == UInt8(NFNETLINK_V0))
        #expect(UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: 18, as: UInt16.self)) == 10)
        #expect(bytes.loadUnaligned(fromByteOffset: 20, as: UInt16.self) == 8)
        #expect(bytes.loadUnaligned(fromByteOffset: 22, as: UInt16.self) == UInt16(NFNL_BATCH_GENID.rawValue))
        #expect(UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 24, as: UInt32.self)) == generation)
        #expect(frames.allSatisfy { $0.flags & UInt16(NLM_F_ACK) == 0 })
    }

    @Test("BEGIN without a generation has no attribute")
    func beginWithoutGeneration() {
        let builder = BatchBuilder(capacity: 0, firstSequence: 7)
        builder.begin(generation: nil)
        let frames = Self.frames(builder.bytes)
        #expect(frames.map(\.length) == [20])
    }

    @Test("every message gets the next sequence number, mapped back to its object")
    func sequenceNumbersMapToObjects() {
        let first = UInt32.max - 2  // the numbers wrap around inside the batch
        let builder = BatchBuilder(capacity: 0, firstSequence: first)
        builder.begin(generation: nil)
        let count = Int.random(in: 5...40)
        var sequences: [UInt32] = []
        for index in 0..<count {
            let object = TransactionObject(kind: .rule(chain: "forward", index: index), table: Self.table)
            sequences.append(
                builder.append(
                    type: NFT_MSG_NEWRULE.rawValue, family: 1, flags: NLM_F_CREATE | NLM_F_APPEND, object: object
                ) { _ in })
        }
        builder.end()
        let frames = Self.frames(builder.bytes)
        #expect(frames.count == count + 2)
        #expect(frames.map(\.sequence) == (0..<(count + 2)).map { first &+ UInt32($0) })
        #expect(builder.messageCount == count + 2)
        let probe = Int.random(in: 0..<count)
        #expect(builder.object(for: sequences[probe])?.description == "rule #\(probe) of chain inet vrc forward")
        #expect(builder.object(for: first)?.description == "the transaction")
        #expect(builder.object(for: first &+ UInt32(count + 2)) == nil)
        #expect(frames.dropFirst().dropLast().allSatisfy { $0.type == Self.nftType(NFT_MSG_NEWRULE) })
    }

    @Test("the acknowledgement is requested on the last object message only")
    func acknowledgementOnLastMessage() {
        let builder = BatchBuilder(capacity: 0, firstSequence: 1)
        builder.begin(generation: nil)
        #expect(builder.requestAcknowledgementOfLastMessage() == nil)
        let object = TransactionObject(kind: .table, table: Self.table)
        builder.append(type: NFT_MSG_NEWTABLE.rawValue, family: 1, flags: NLM_F_CREATE, object: object) { _ in }
        let last = builder.append(type: NFT_MSG_DELTABLE.rawValue, family: 1, flags: 0, object: object) { _ in }
        #expect(builder.requestAcknowledgementOfLastMessage() == last)
        builder.end()
        let acknowledged = Self.frames(builder.bytes).map { $0.flags & UInt16(NLM_F_ACK) != 0 }
        #expect(acknowledged == [false, false, true, false])
    }

    @Test("the buffer grows past its first capacity and keeps every message intact")
    func bufferGrows() {
        let builder = BatchBuilder(capacity: 0, firstSequence: 1)
        builder.begin(generation: nil)
        let table = NftnlTable()
        nftnl_table_set_u32(table.pointer, UInt16(NFTNL_TABLE_FAMILY.rawValue), 1)
        let object = TransactionObject(kind: .table, table: Self.table)
        let count = Int.random(in: 30_000...40_000)
        for index in 0..<count {
            nftnl_table_set_str(table.pointer, UInt16(NFTNL_TABLE_NAME.rawValue), "table-\(index)")
            builder.append(type: NFT_MSG_NEWTABLE.rawValue, family: 1, flags: 0, object: object) {
                nftnl_table_nlmsg_build_payload($0, table.pointer)
            }
        }
        builder.end()
        #expect(builder.length > BatchBuilder.messageHeadroom * 2, "the test must make the buffer grow")
        let frames = Self.frames(builder.bytes)
        #expect(frames.count == count + 2)
        // Read one table back from the middle: its name survived the moves.
        let pick = Int.random(in: 1...count)
        let parsed = NftnlTable()
        let frame = frames[pick]
        let bytes = Array(builder.bytes[frame.offset..<(frame.offset + frame.length)])
        let result = bytes.withUnsafeBytes {
            nftnl_table_nlmsg_parse($0.baseAddress!.assumingMemoryBound(to: nlmsghdr.self), parsed.pointer)
        }
        #expect(result >= 0)
        let name = nftnl_table_get_str(parsed.pointer, UInt16(NFTNL_TABLE_NAME.rawValue)).map { String(cString: $0) }
        #expect(name == "table-\(pick - 1)")
    }

    @Test("objects are named as nft names them, rules by their 0-based index")
    func objectNames() {
        let id = TableID(family: .ip6, name: "filter")
        let rule = TransactionObject.Kind.rule(chain: "input", index: 0)
        let cases: [(TransactionObject.Kind, String)] = [
            (.table, "table ip6 filter"),
            (.chain("input"), "chain ip6 filter input"),
            (rule, "rule #0 of chain ip6 filter input"),
            (.set("allowed"), "set ip6 filter allowed"),
            (.elements("allowed"), "elements of set ip6 filter allowed"),
            (.anonymousSet(of: rule), "anonymous set of rule #0 of chain ip6 filter input"),
            (.ruleHandle(chain: "input", handle: 42), "rule handle 42 of chain ip6 filter input"),
            (.rulesOfChain("input"), "rules of chain ip6 filter input"),
        ]
        for (kind, expected) in cases {
            #expect(TransactionObject(kind: kind, table: id).description == expected)
        }
    }

    @Test("tables the transaction creates itself are not checked for ownership; all others are")
    func protectedTables() {
        let created = Table(family: .inet, name: "fresh")
        let replaced = Table(family: .ip, name: "replaced")
        let foreign = TableID(family: .inet, name: "maybe-foreign")
        var transaction = Transaction()
        transaction.add(created)
        transaction.flush(chain: "c", in: created.id)
        transaction.replace(replaced)
        transaction.flush(chain: "c", in: replaced.id)
        transaction.flush(chain: "c", in: foreign)
        transaction.delete(foreign)
        let runner = TransactionRunner(transaction: transaction, checkOnly: false)
        #expect(runner.tablesToProtect() == [replaced.id, foreign])
    }

    @Test("an empty transaction sends nothing")
    func emptyTransaction() throws {
        let report = try Transaction(namespace: .named("vrc-does-not-exist-\(UInt32.random(in: 0...UInt32.max))"))
            .commit()
        #expect(report.messages == 0)
        #expect(report.bytes == 0)
    }
}
