import CNetfilter

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Writes the messages of one nfnetlink batch, BEGIN to END, into one contiguous buffer.
///
/// The batch must reach the kernel in a single `sendmsg`, so it lives in one growing allocation rather than
/// libnftnl's list of pages. libnftnl writes each message straight into that buffer; before each message the
/// builder makes sure `messageHeadroom` bytes are free, which is more than any one nf_tables message takes
/// (the largest, an element list, is bounded by the 16-bit length of its attribute).
///
/// Every message gets the next sequence number, and the builder keeps the object it is about in a flat array
/// indexed by `sequence - firstSequence`, so that an error reply can be reported against its object.
internal final class BatchBuilder {
    /// Free space guaranteed before a message is written.
    static let messageHeadroom = 256 * 1024

    private var base: UnsafeMutableRawPointer
    private var capacity: Int
    /// The bytes written so far.
    private(set) var length = 0
    /// The sequence number of the first message (BEGIN).
    let firstSequence: UInt32
    /// The object of each message, by `sequence - firstSequence`.
    private(set) var objects: [TransactionObject] = []
    /// The offset of the last message written, to set flags on it afterwards.
    private var lastMessageOffset: Int?

    /// Creates an empty batch buffer of `capacity` bytes (it grows when needed).
    init(capacity: Int, firstSequence: UInt32, expectedMessages: Int = 0) {
        self.capacity = max(capacity, BatchBuilder.messageHeadroom * 2)
        guard let memory = malloc(self.capacity) else { fatalError("cannot allocate a \(self.capacity)-byte batch") }
        self.base = memory
        self.firstSequence = firstSequence
        objects.reserveCapacity(expectedMessages + 2)
    }

    deinit {
        free(base)
    }

    /// The number of messages written.
    var messageCount: Int { objects.count }

    /// The batch, valid until the next write.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: length) }

    /// The object of the message with this sequence number, if it is one of this batch.
    func object(for sequence: UInt32) -> TransactionObject? {
        let index = Int(sequence &- firstSequence)
        return objects.indices.contains(index) ? objects[index] : nil
    }

    /// Writes the BEGIN message; `generation` becomes its `NFNL_BATCH_GENID` attribute.
    ///
    /// libnftnl's `nftnl_batch_begin` cannot carry a generation, so the message is written here.
    @discardableResult
    func begin(generation: UInt32?) -> UInt32 {
        let sequence = control(type: UInt16(NFNL_MSG_BATCH_BEGIN), generation: generation)
        return sequence
    }

    /// Writes the END message, which makes the kernel commit the batch.
    @discardableResult
    func end() -> UInt32 {
        control(type: UInt16(NFNL_MSG_BATCH_END), generation: nil)
    }

    /// Writes one nf_tables message: `nftnl_nlmsg_build_hdr`, then `payload` adds the attributes.
    ///
    /// - Parameters:
    ///   - type: The `NFT_MSG_*` type.
    ///   - family: The `NFPROTO_*` family.
    ///   - flags: `NLM_F_*` flags besides `NLM_F_REQUEST`.
    ///   - object: What the message is about, for error replies.
    ///   - payload: Writes the attributes, typically with `nftnl_*_nlmsg_build_payload`.
    /// - Returns: The message's sequence number.
    @discardableResult
    func append(
        type: UInt32,
        family: UInt8,
        flags: Int32,
        object: TransactionObject,
        payload: (UnsafeMutablePointer<nlmsghdr>) -> Void
    ) -> UInt32 {
        reserve(BatchBuilder.messageHeadroom)
        let sequence = firstSequence &+ UInt32(truncatingIfNeeded: objects.count)
        let header = nftnl_nlmsg_build_hdr(
            (base + length).assumingMemoryBound(to: CChar.self), UInt16(truncatingIfNeeded: type), UInt16(family),
            UInt16(truncatingIfNeeded: flags), sequence)!
        payload(header)
        let size = Int(header.pointee.nlmsg_len)
        // Past the headroom, libnftnl has already written beyond the reservation: stop before it does harm.
        precondition(size <= BatchBuilder.messageHeadroom, "an nf_tables message of \(size) bytes overran the batch")
        lastMessageOffset = length
        length += BatchBuilder.aligned(size)
        objects.append(object)
        return sequence
    }

    /// Sets `NLM_F_ACK` on the last message written and returns its sequence number.
    ///
    /// The kernel holds the acknowledgement, like every error, until it has committed or aborted the whole
    /// batch; receiving it is the positive sign that the batch was processed to its end.
    func requestAcknowledgementOfLastMessage() -> UInt32? {
        guard let offset = lastMessageOffset else { return nil }
        let header = (base + offset).assumingMemoryBound(to: nlmsghdr.self)
        header.pointee.nlmsg_flags |= UInt16(NLM_F_ACK)
        return header.pointee.nlmsg_seq
    }

    /// Writes BEGIN or END: an `nfgenmsg` addressed to the nf_tables subsystem, and the generation if any.
    private func control(type: UInt16, generation: UInt32?) -> UInt32 {
        reserve(64)
        let sequence = firstSequence &+ UInt32(truncatingIfNeeded: objects.count)
        let headerSize = MemoryLayout<nlmsghdr>.size
        let genericSize = MemoryLayout<nfgenmsg>.size
        let attributeSize = generation == nil ? 0 : MemoryLayout<nlattr>.size + 4
        let size = headerSize + genericSize + attributeSize
        let start = base + length
        memset(start, 0, BatchBuilder.aligned(size))
        let header = start.assumingMemoryBound(to: nlmsghdr.self)
        header.pointee.nlmsg_len = UInt32(size)
        header.pointee.nlmsg_type = type
        header.pointee.nlmsg_flags = UInt16(NLM_F_REQUEST)
        header.pointee.nlmsg_seq = sequence
        let generic = (start + headerSize).assumingMemoryBound(to: nfgenmsg.self)
        generic.pointee.nfgen_family = UInt8(AF_UNSPEC)
        generic.pointee.version = UInt8(NFNETLINK_V0)
        generic.pointee.res_id = UInt16(NFNL_SUBSYS_NFTABLES).bigEndian
        if let generation {
            let attribute = start + headerSize + genericSize
            attribute.storeBytes(of: UInt16(MemoryLayout<nlattr>.size + 4), as: UInt16.self)
            attribute.storeBytes(of: UInt16(NFNL_BATCH_GENID.rawValue), toByteOffset: 2, as: UInt16.self)
            attribute.storeBytes(of: generation.bigEndian, toByteOffset: 4, as: UInt32.self)
        }
        lastMessageOffset = nil
        length += BatchBuilder.aligned(size)
        objects.append(.transaction)
        return sequence
    }

    /// Makes sure `count` more bytes fit, growing the buffer geometrically.
    private func reserve(_ count: Int) {
        guard length + count > capacity else { return }
        var newCapacity = capacity
        while length + count > newCapacity { newCapacity *= 2 }
        guard let memory = realloc(base, newCapacity) else {
            fatalError("cannot grow the batch to \(newCapacity) bytes")
        }
        base = memory
        capacity = newCapacity
    }

    /// `NLMSG_ALIGN`.
    static func aligned(_ size: Int) -> Int { (size + 3) & ~3 }
}
