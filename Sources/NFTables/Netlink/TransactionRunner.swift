import CNetfilter

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Runs one transaction: checks ownership of the tables it changes, builds the batch, sends it in one
/// `sendmsg`, and turns the kernel's replies into a report or a typed error.
internal struct TransactionRunner {
    /// How often a transaction that guards itself is rebuilt when another writer changed the ruleset between
    /// its ownership check and its commit.
    static let attempts = 5
    /// How long to wait for the acknowledgement if it is not queued when `sendmsg` returns (it always is
    /// with nf_tables, which handles the batch inside `sendmsg`).
    static let acknowledgementTimeoutMilliseconds: Int32 = 30_000

    let transaction: Transaction
    let checkOnly: Bool

    /// Opens a socket in the transaction's namespace and runs the transaction on it.
    func run() throws(NFTablesError) -> TransactionReport {
        guard !transaction.isEmpty else { return .empty(checkOnly: checkOnly) }
        return try run(on: NetlinkSocket(namespace: transaction.namespace))
    }

    /// Runs the transaction on an open socket.
    func run(on socket: NetlinkSocket) throws(NFTablesError) -> TransactionReport {
        guard !transaction.isEmpty else { return .empty(checkOnly: checkOnly) }
        let protected = tablesToProtect()
        var attempt = 0
        while true {
            attempt += 1
            var generation = transaction.generationGuard
            var guardedBySelf = false
            var absent: Set<TableID> = []
            if !protected.isEmpty {
                let snapshot = try TransactionProbe.snapshot(socket)
                absent = Set(protected.filter { snapshot.tables[$0] == nil })
                if let expected = generation, expected != snapshot.generation {
                    throw .generationChanged(expected: expected)
                }
                for id in protected where snapshot.tables[id] == false {
                    throw .invalidRuleset(
                        location: id.description,
                        reason: "the table exists and is not vrc's (it has no vrc ownership marker); "
                            + "vrc changes only its own tables")
                }
                if generation == nil {
                    generation = snapshot.generation
                    guardedBySelf = true
                }
            }
            do {
                return try send(on: socket, generation: generation, absentTables: absent)
            } catch {
                if case .generationChanged = error, guardedBySelf, attempt < Self.attempts { continue }
                throw error
            }
        }
    }

    /// The tables the transaction changes that it does not create itself: each must be vrc's if it exists.
    func tablesToProtect() -> [TableID] {
        var created: Set<TableID> = []
        var protected: [TableID] = []
        var seen: Set<TableID> = []
        for operation in transaction.operations {
            let id = operation.table
            switch operation {
            case .addTable:
                created.insert(id)
                continue
            case .deleteTable:
                if !created.contains(id), seen.insert(id).inserted { protected.append(id) }
                created.remove(id)
                continue
            case .replaceTable:
                if !created.contains(id), seen.insert(id).inserted { protected.append(id) }
                created.insert(id)
            default:
                if !created.contains(id), seen.insert(id).inserted { protected.append(id) }
            }
        }
        return protected
    }

    /// A batch built for sending: the builder holding it, the sequence of its BEGIN message, and the one whose
    /// acknowledgement ends it.
    internal struct EncodedBatch {
        let builder: BatchBuilder
        let beginSequence: UInt32
        let acknowledged: UInt32
    }

    /// Builds the batch with sequence numbers from `firstSequence`; `nil` when it holds nothing but BEGIN (every
    /// operation was empty, no elements to add for instance).
    ///
    /// `absentTables` are tables the probe found missing; a generation guard must cover the batch, so that a table
    /// created since makes the kernel refuse it rather than meet a plain add.
    internal func encode(
        firstSequence: UInt32, generation: UInt32?, absentTables: Set<TableID> = []
    ) throws(NFTablesError) -> EncodedBatch? {
        let operations = transaction.operations
        let capacity = operations.reduce(4096) { $0 + $1.estimatedBytes }
        let expectedMessages = operations.reduce(2) { $0 + $1.estimatedMessages }
        let builder = BatchBuilder(
            capacity: capacity, firstSequence: firstSequence, expectedMessages: expectedMessages)
        let beginSequence = builder.begin(generation: generation)
        var encoder = TransactionEncoder(builder: builder, absentTables: generation == nil ? [] : absentTables)
        var refusal: TransactionOperation?
        if let index = TransactionFault.injected?.refusedMessage, let first = operations.first {
            refusal = .deleteChain(TransactionFault.missingChain, first.table)
            for operation in operations {
                if let pending = refusal, builder.messageCount - 1 >= index - 1 {
                    try encoder.encode(pending)
                    refusal = nil
                }
                try encoder.encode(operation)
            }
            if let pending = refusal { try encoder.encode(pending) }
        } else {
            for operation in operations {
                try encoder.encode(operation)
            }
        }
        guard let acknowledged = builder.requestAcknowledgementOfLastMessage() else { return nil }
        if !checkOnly { builder.end() }
        return EncodedBatch(builder: builder, beginSequence: beginSequence, acknowledged: acknowledged)
    }

    /// Builds the batch, sends it, and reads every reply.
    private func send(
        on socket: NetlinkSocket, generation: UInt32?, absentTables: Set<TableID>
    ) throws(NFTablesError) -> TransactionReport {
        let clock = ContinuousClock()
        let encodeStart = clock.now
        guard
            let batch = try encode(
                firstSequence: socket.nextSequence(), generation: generation, absentTables: absentTables)
        else {
            return .empty(checkOnly: checkOnly)
        }
        let builder = batch.builder
        // Later requests on this socket must not reuse the batch's sequence numbers.
        for _ in 1..<builder.messageCount { _ = socket.nextSequence() }
        let encodeTime = clock.now - encodeStart

        let fault = TransactionFault.injected
        if fault?.contains(.beforeSend) == true { fault?.action?() }
        // Without a guard, the generation before the batch is what tells, should the replies be lost, whether
        // the batch was committed.
        let generationBefore: UInt32
        if let generation {
            generationBefore = generation
        } else {
            generationBefore = try KernelDumper(socket: socket).generation()
        }
        let kernelStart = clock.now
        try socket.send(builder.bytes)
        if fault?.contains(.killAfterSend) == true { TransactionFault.killProcess() }
        var replies: Replies
        if fault?.contains(.lostReplies) == true {
            replies = try discardReplies(on: socket)
        } else {
            replies = try collectReplies(
                on: socket, acknowledged: batch.acknowledged, beginSequence: batch.beginSequence)
        }
        let kernelTime = clock.now - kernelStart

        if replies.lost, !checkOnly, !replies.errors.contains(where: { ($0.errorCode ?? 0) != 0 }) {
            // The replies that would say how the batch ended are gone: the generation tells.
            try confirmCommit(on: socket, generationBefore: generationBefore)
            replies.lost = false
        }
        try interpret(replies, builder: builder, beginSequence: batch.beginSequence, generation: generation)
        return TransactionReport(
            messages: builder.messageCount, bytes: builder.length, encodeTime: encodeTime, kernelTime: kernelTime,
            checkOnly: checkOnly)
    }

    /// Reads every reply and throws it away, as a receive queue that overflowed would (the fault
    /// ``TransactionFault/Point/lostReplies``).
    private func discardReplies(on socket: NetlinkSocket) throws(NFTablesError) -> Replies {
        while try socket.receive(wait: false) != nil {}
        var replies = Replies()
        replies.lost = true
        return replies
    }

    /// After the replies were lost, reads the ruleset generation: unchanged means the kernel did not commit
    /// the batch (thrown as a refusal whose reasons were lost); one more means it did (returns). Anything else
    /// means another writer also committed, and the outcome cannot be told apart from the generation alone.
    private func confirmCommit(on socket: NetlinkSocket, generationBefore: UInt32) throws(NFTablesError) {
        let after = try KernelDumper(socket: socket).generation()
        if after == generationBefore {
            throw .kernelRefused([
                KernelRefusal(
                    errno: ENOBUFS,
                    object: "the transaction (its replies were lost; the ruleset generation is still "
                        + "\(generationBefore), so nothing was committed)")
            ])
        }
        if after != generationBefore &+ 1 {
            throw .outcomeUnknown(
                "the kernel's replies were lost and the ruleset generation went from \(generationBefore) to "
                    + "\(after): another writer committed too; read the tables back to see what they hold")
        }
    }

    /// The replies to one batch.
    struct Replies {
        /// Every `NLMSG_ERROR` message (errors and acknowledgements).
        var errors: [NetlinkMessage] = []
        /// Whether the reply to the last message (its acknowledgement or its error) arrived: the kernel got
        /// to the end of the batch.
        var acknowledged = false
        /// Whether replies were lost because the receive queue overflowed.
        var lost = false
    }

    /// Drains the socket; waits for the acknowledgement only if it is not there yet.
    private func collectReplies(
        on socket: NetlinkSocket, acknowledged: UInt32, beginSequence: UInt32
    ) throws(NFTablesError) -> Replies {
        var replies = Replies()
        var refusedWhole = false
        while true {
            let datagram: [NetlinkMessage]?
            do {
                datagram = try socket.receive(wait: false)
            } catch {
                if case .system(_, let code) = error, code == ENOBUFS {
                    replies.lost = true
                    continue
                }
                throw error
            }
            if let datagram {
                for message in datagram {
                    guard let code = message.errorCode else { continue }
                    let sequence = message.erroredSequence ?? message.sequence
                    // The last message is answered once, with its error or with 0: either way the kernel has
                    // gone through the whole batch.
                    if sequence == acknowledged { replies.acknowledged = true }
                    // An error on BEGIN (generation, permission) means the kernel did not process the batch.
                    if code != 0 && sequence == beginSequence { refusedWhole = true }
                    replies.errors.append(message)
                }
                continue
            }
            if replies.acknowledged || refusedWhole || replies.lost { return replies }
            var descriptor = pollfd(fd: socket.descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Self.acknowledgementTimeoutMilliseconds)
            if ready < 0 && errno != EINTR { throw .system(call: "poll", errno: errno) }
            if ready == 0 {
                if replies.errors.contains(where: { ($0.errorCode ?? 0) != 0 }) { return replies }
                throw .malformedReply("no acknowledgement of the batch within 30 seconds")
            }
        }
    }

    /// Throws the error the replies carry, if any.
    private func interpret(
        _ replies: Replies, builder: BatchBuilder, beginSequence: UInt32, generation: UInt32?
    ) throws(NFTablesError) {
        var refusals: [KernelRefusal] = []
        for message in replies.errors {
            guard let code = message.errorCode, code != 0 else { continue }
            let sequence = message.erroredSequence ?? message.sequence
            guard let object = builder.object(for: sequence) else { continue }
            if sequence == beginSequence {
                if code == ERESTART, let generation { throw .generationChanged(expected: generation) }
                if code == EPERM { throw .permissionDenied("changing nf_tables in \(transaction.namespace)") }
            }
            refusals.append(KernelRefusal(errno: code, object: object.description, source: object.source))
        }
        if replies.lost {
            refusals.append(
                KernelRefusal(errno: ENOBUFS, object: "the transaction (further error replies were lost)"))
        }
        if !refusals.isEmpty { throw .kernelRefused(refusals) }
    }
}
