import CNetfilter

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Sends the dump requests of one read over one socket and parses the replies into kernel objects.
internal struct KernelDumper {
    private let socket: NetlinkSocket

    /// Set when a dump reply carried `NLM_F_DUMP_INTR`: the ruleset changed while it was dumped.
    private(set) var interrupted = false

    init(socket: NetlinkSocket) {
        self.socket = socket
    }

    /// The current ruleset generation (`NFT_MSG_GETGEN`).
    func generation() throws(NFTablesError) -> UInt32 {
        let sequence = socket.nextSequence()
        try withRequest(NFT_MSG_GETGEN, family: 0, flags: 0, sequence: sequence, build: { _ in }) {
            (request) throws(NFTablesError) in try socket.send(request)
        }
        while true {
            guard let datagram = try socket.receive(wait: true) else { continue }
            for message in datagram where message.sequence == sequence {
                if let code = message.errorCode {
                    if code == 0 { continue }
                    if code == EPERM || code == EACCES { throw .permissionDenied("reading the ruleset generation") }
                    throw .system(call: "NFT_MSG_GETGEN", errno: code)
                }
                try message.check(NFT_MSG_NEWGEN, what: "generation")
                let attributes = try NetlinkAttributeSet(message: message, context: "generation")
                guard let id = try attributes.uint32(NFTA_GEN_ID.rawValue) else {
                    throw .malformedReply("generation: the reply has no generation id")
                }
                return id
            }
        }
    }

    /// Every table of every family.
    mutating func tables() throws(NFTablesError) -> [KernelTable] {
        let messages = try dump(NFT_MSG_GETTABLE, family: 0) { _ in }
        var tables: [KernelTable] = []
        for message in messages {
            if let table = try KernelTable.parse(message) { tables.append(table) }
        }
        return tables
    }

    /// The chains of one table, in the kernel's order.
    mutating func chains(of table: TableID) throws(NFTablesError) -> [KernelChain] {
        let filter = nftnl_chain_alloc()
        defer { nftnl_chain_free(filter) }
        nftnl_chain_set_str(filter, UInt16(NFTNL_CHAIN_TABLE.rawValue), table.name)
        let messages = try dump(NFT_MSG_GETCHAIN, family: table.family.nfproto) {
            nftnl_chain_nlmsg_build_payload($0, filter)
        }
        var chains: [KernelChain] = []
        for message in messages {
            let chain = try KernelChain.parse(message)
            // The kernel filters chain dumps by family only.
            if chain.table == table.name { chains.append(chain) }
        }
        return chains
    }

    /// The sets of one table, anonymous ones included, each with its elements.
    mutating func sets(of table: TableID) throws(NFTablesError) -> [KernelSet] {
        let filter = nftnl_set_alloc()
        defer { nftnl_set_free(filter) }
        nftnl_set_set_str(filter, UInt16(NFTNL_SET_TABLE.rawValue), table.name)
        let messages = try dump(NFT_MSG_GETSET, family: table.family.nfproto) {
            nftnl_set_nlmsg_build_payload($0, filter)
        }
        var sets: [KernelSet] = []
        for message in messages {
            var set = try KernelSet.parse(message)
            guard set.table == table.name else { continue }
            set.elements = try elements(of: set.name, in: table)
            sets.append(set)
        }
        return sets
    }

    /// How often an element dump is repeated when it returned an element twice.
    private static let elementDumpAttempts = 6

    /// The elements of one set, as the kernel stores them.
    ///
    /// The kernel resumes a set dump by skipping the elements it already sent; when a hash set is resized
    /// meanwhile (right after a large insert, say), the walk can return elements twice and miss others.
    /// A dump with an element twice is therefore repeated after a pause, until the resize is over.
    mutating func elements(of set: String, in table: TableID) throws(NFTablesError) -> [KernelSetElement] {
        for attempt in 1...KernelDumper.elementDumpAttempts {
            let elements = try dumpElements(of: set, in: table)
            if !KernelDumper.hasDuplicates(elements) { return elements }
            usleep(UInt32(50_000 * attempt))
        }
        throw .system(
            call:
                "dumping the elements of set \(set) of \(table) (elements came back twice while the kernel resized it)",
            errno: EAGAIN)
    }

    /// Whether an element (the same key and end flag, and closing key) occurs twice.
    static func hasDuplicates(_ elements: [KernelSetElement]) -> Bool {
        var seen = Set<ElementSortKey>(minimumCapacity: elements.count)
        for element in elements {
            let identity = ElementSortKey(element.key + (element.keyEnd ?? []), end: element.isIntervalEnd)
            if !seen.insert(identity).inserted { return true }
        }
        return false
    }

    private mutating func dumpElements(of set: String, in table: TableID) throws(NFTablesError) -> [KernelSetElement] {
        let filter = nftnl_set_alloc()
        defer { nftnl_set_free(filter) }
        nftnl_set_set_str(filter, UInt16(NFTNL_SET_TABLE.rawValue), table.name)
        nftnl_set_set_str(filter, UInt16(NFTNL_SET_NAME.rawValue), set)
        let messages = try dump(NFT_MSG_GETSETELEM, family: table.family.nfproto) {
            nftnl_set_elems_nlmsg_build_payload($0, filter)
        }
        var elements: [KernelSetElement] = []
        for message in messages {
            try KernelSetElement.parse(message, set: set, into: &elements)
        }
        return elements
    }

    /// The rules of one table, in the kernel's order (chain by chain).
    mutating func rules(of table: TableID) throws(NFTablesError) -> [KernelRule] {
        let filter = nftnl_rule_alloc()
        defer { nftnl_rule_free(filter) }
        nftnl_rule_set_str(filter, UInt16(NFTNL_RULE_TABLE.rawValue), table.name)
        let messages = try dump(NFT_MSG_GETRULE, family: table.family.nfproto) {
            nftnl_rule_nlmsg_build_payload($0, filter)
        }
        var rules: [KernelRule] = []
        for message in messages {
            let rule = try KernelRule.parse(message)
            if rule.table == table.name { rules.append(rule) }
        }
        return rules
    }

    /// Sends an `NLM_F_DUMP` request and returns the replies.
    private mutating func dump(
        _ type: nf_tables_msg_types, family: UInt8, build: (UnsafeMutablePointer<nlmsghdr>) -> Void
    ) throws(NFTablesError) -> [NetlinkMessage] {
        let socket = self.socket
        let messages = try withRequest(
            type, family: family, flags: UInt16(NLM_F_DUMP), sequence: socket.nextSequence(), build: build
        ) { (request) throws(NFTablesError) in try socket.dump(request) }
        if messages.contains(where: { $0.flags & UInt16(NLM_F_DUMP_INTR) != 0 }) { interrupted = true }
        return messages
    }

    /// Builds a request with `nftnl_nlmsg_build_hdr` and the payload `build` adds, and hands its bytes to `body`.
    private func withRequest<R>(
        _ type: nf_tables_msg_types, family: UInt8, flags: UInt16, sequence: UInt32,
        build: (UnsafeMutablePointer<nlmsghdr>) -> Void,
        _ body: (UnsafeRawBufferPointer) throws(NFTablesError) -> R
    ) throws(NFTablesError) -> R {
        // Requests carry at most a table and a set name: a page is plenty (MNL_SOCKET_BUFFER_SIZE is larger).
        var buffer = [UInt8](repeating: 0, count: 4096)
        let length = buffer.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            let header = nftnl_nlmsg_build_hdr(
                base.assumingMemoryBound(to: CChar.self), UInt16(truncatingIfNeeded: type.rawValue), UInt16(family),
                flags, sequence)
            guard let header else { return 0 }
            build(header)
            return Int(header.pointee.nlmsg_len)
        }
        guard length > 0, length <= buffer.count else { throw .system(call: "nftnl_nlmsg_build_hdr", errno: EINVAL) }
        let result = buffer.withUnsafeBytes { raw -> Result<R, NFTablesError> in
            do throws(NFTablesError) {
                return .success(try body(UnsafeRawBufferPointer(rebasing: raw[0..<length])))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
