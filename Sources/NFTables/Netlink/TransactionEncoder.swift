import CNetfilter

/// Turns the operations of a transaction into nf_tables messages of one batch, in dependency order.
///
/// A table's messages go table, chains, named sets (each followed by its elements), then rules chain by
/// chain; a rule's anonymous sets go right before it. Objects are encoded one at a time and their libnftnl
/// copies freed as soon as their message is written, so that memory does not hold the whole ruleset twice.
internal struct TransactionEncoder {
    private let builder: BatchBuilder
    /// Set IDs must be unique within the batch: one allocator for all of it.
    private var ids = SetIDAllocator()
    /// The IDs of the named sets created earlier in this batch, by table and name, for rules that look them up.
    private var createdSetIDs: [TableID: [String: UInt32]] = [:]

    /// Tables the kernel is known not to hold (the runner's probe read them, and the batch's generation guard
    /// makes sure nothing created them since): replacing one of these is adding it.
    private let absentTables: Set<TableID>

    /// Creates an encoder writing into `builder`.
    init(builder: BatchBuilder, absentTables: Set<TableID> = []) {
        self.builder = builder
        self.absentTables = absentTables
    }

    /// Writes the messages of one operation.
    mutating func encode(_ operation: TransactionOperation) throws(NFTablesError) {
        switch operation {
        case .addTable(let table, let sources):
            try encodeTable(table, sources: sources, replacing: false)
        case .replaceTable(let table, let sources):
            // Replacing is "create if missing, delete, create": the delete of a table that was not there costs the
            // kernel an RCU grace period when the socket closes, to free it. Without a table, adding is enough.
            try encodeTable(table, sources: sources, replacing: !absentTables.contains(table.id))
        case .deleteTable(let id):
            deleteTable(id, object: TransactionObject(kind: .table, table: id))
        case .addChain(let chain, let table, let sources):
            try encodeChainHeader(chain, in: table, source: sources.chains[chain.name])
            try encodeRules(of: chain, in: table, sources: sources)
        case .deleteChain(let name, let id):
            let chain = NftnlChain()
            nftnl_chain_set_u32(chain.pointer, UInt16(NFTNL_CHAIN_FAMILY.rawValue), UInt32(id.family.nfproto))
            nftnl_chain_set_str(chain.pointer, UInt16(NFTNL_CHAIN_TABLE.rawValue), id.name)
            nftnl_chain_set_str(chain.pointer, UInt16(NFTNL_CHAIN_NAME.rawValue), name)
            builder.append(
                type: NFT_MSG_DELCHAIN.rawValue, family: id.family.nfproto, flags: 0,
                object: TransactionObject(kind: .chain(name), table: id)
            ) { nftnl_chain_nlmsg_build_payload($0, chain.pointer) }
        case .flushChain(let name, let id):
            let rule = Self.ruleReference(chain: name, in: id)
            builder.append(
                type: NFT_MSG_DELRULE.rawValue, family: id.family.nfproto, flags: 0,
                object: TransactionObject(kind: .rulesOfChain(name), table: id)
            ) { nftnl_rule_nlmsg_build_payload($0, rule.pointer) }
        case .addSet(let set, let table, let source):
            try encodeSet(set, in: table, source: source)
        case .deleteSet(let name, let id):
            let set = NftnlSet()
            nftnl_set_set_u32(set.pointer, UInt16(NFTNL_SET_FAMILY.rawValue), UInt32(id.family.nfproto))
            nftnl_set_set_str(set.pointer, UInt16(NFTNL_SET_TABLE.rawValue), id.name)
            nftnl_set_set_str(set.pointer, UInt16(NFTNL_SET_NAME.rawValue), name)
            builder.append(
                type: NFT_MSG_DELSET.rawValue, family: id.family.nfproto, flags: 0,
                object: TransactionObject(kind: .set(name), table: id)
            ) { nftnl_set_nlmsg_build_payload($0, set.pointer) }
        case .addElements(let elements, let set, let table, let source, let exclusive):
            guard !elements.isEmpty else { return }
            let batches = try SetEncoder.elements(elements, of: set, in: table)
            let object = TransactionObject(kind: .elements(set.name), table: table.id, source: source)
            // Without EXCL, like `nft add element`: an element already present is not an error.
            let flags = exclusive ? NLM_F_CREATE | NLM_F_EXCL : NLM_F_CREATE
            appendElements(batches, type: NFT_MSG_NEWSETELEM.rawValue, flags: flags, object: object)
        case .deleteElements(let elements, let set, let table, let source):
            guard !elements.isEmpty else { return }
            let batches = try SetEncoder.elements(elements, of: set, in: table)
            let object = TransactionObject(kind: .elements(set.name), table: table.id, source: source)
            appendElements(batches, type: NFT_MSG_DELSETELEM.rawValue, flags: 0, object: object)
        case .addRule(let rule, let chain, let table, let position, let source):
            let object = TransactionObject(kind: .appendedRule(chain: chain), table: table.id, source: source)
            var flags = NLM_F_CREATE
            var handle: UInt64?
            switch position {
            case .end: flags |= NLM_F_APPEND
            case .start: break
            case .after(let reference):
                flags |= NLM_F_APPEND
                handle = reference
            case .before(let reference): handle = reference
            }
            let encoded = try ruleEncoder(for: table).encode(rule, chain: chain, ids: &ids)
            if let handle {
                nftnl_rule_set_u64(encoded.rule.pointer, UInt16(NFTNL_RULE_POSITION.rawValue), handle)
            }
            appendRule(encoded, chain: chain, in: table.id, flags: flags, object: object)
        case .replaceRule(let rule, let handle, let chain, let table, let source):
            let object = TransactionObject(
                kind: .ruleHandle(chain: chain, handle: handle), table: table.id, source: source)
            let encoded = try ruleEncoder(for: table).encode(rule, chain: chain, ids: &ids)
            nftnl_rule_set_u64(encoded.rule.pointer, UInt16(NFTNL_RULE_HANDLE.rawValue), handle)
            appendRule(encoded, chain: chain, in: table.id, flags: NLM_F_REPLACE, object: object)
        case .deleteRule(let handle, let chain, let id):
            let rule = Self.ruleReference(chain: chain, in: id)
            nftnl_rule_set_u64(rule.pointer, UInt16(NFTNL_RULE_HANDLE.rawValue), handle)
            builder.append(
                type: NFT_MSG_DELRULE.rawValue, family: id.family.nfproto, flags: 0,
                object: TransactionObject(kind: .ruleHandle(chain: chain, handle: handle), table: id)
            ) { nftnl_rule_nlmsg_build_payload($0, rule.pointer) }
        }
    }

    // MARK: Tables

    /// A whole table; with `replacing`, preceded by "add if missing, then delete" so the add never collides.
    private mutating func encodeTable(
        _ table: Table, sources: Transaction.Sources, replacing: Bool
    ) throws(NFTablesError) {
        let id = table.id
        let object = TransactionObject(kind: .table, table: id, source: sources.table)
        let header = try TableEncoder.encode(table, owned: true)
        if replacing {
            builder.append(
                type: NFT_MSG_NEWTABLE.rawValue, family: table.family.nfproto, flags: NLM_F_CREATE, object: object
            ) { nftnl_table_nlmsg_build_payload($0, header.pointer) }
            deleteTable(id, object: object)
        }
        builder.append(
            type: NFT_MSG_NEWTABLE.rawValue, family: table.family.nfproto, flags: NLM_F_CREATE | NLM_F_EXCL,
            object: object
        ) { nftnl_table_nlmsg_build_payload($0, header.pointer) }
        // Chains before sets, as nft orders them: a verdict map's elements may jump to any chain of the table.
        for chain in table.chains {
            try encodeChainHeader(chain, in: table, source: sources.chains[chain.name])
        }
        for (set, encoded) in zip(table.sets, try encodeSets(of: table)) {
            appendSet(set, encoded, in: table, source: sources.sets[set.name])
        }
        // Rules come after every chain: a rule may jump to a chain declared after its own.
        for chain in table.chains {
            try encodeRules(of: chain, in: table, sources: sources)
        }
    }

    private mutating func deleteTable(_ id: TableID, object: TransactionObject) {
        createdSetIDs[id] = nil
        let table = NftnlTable()
        nftnl_table_set_u32(table.pointer, UInt16(NFTNL_TABLE_FAMILY.rawValue), UInt32(id.family.nfproto))
        nftnl_table_set_str(table.pointer, UInt16(NFTNL_TABLE_NAME.rawValue), id.name)
        builder.append(type: NFT_MSG_DELTABLE.rawValue, family: id.family.nfproto, flags: 0, object: object) {
            nftnl_table_nlmsg_build_payload($0, table.pointer)
        }
    }

    // MARK: Chains and rules

    private func encodeChainHeader(_ chain: Chain, in table: Table, source: String?) throws(NFTablesError) {
        let encoded = try ChainEncoder.encode(chain, in: table)
        builder.append(
            type: NFT_MSG_NEWCHAIN.rawValue, family: table.family.nfproto, flags: NLM_F_CREATE | NLM_F_EXCL,
            object: TransactionObject(kind: .chain(chain.name), table: table.id, source: source)
        ) { nftnl_chain_nlmsg_build_payload($0, encoded.pointer) }
    }

    private mutating func encodeRules(
        of chain: Chain, in table: Table, sources: Transaction.Sources
    ) throws(NFTablesError) {
        guard !chain.rules.isEmpty else { return }
        let encoder = ruleEncoder(for: table)
        let id = table.id
        let ruleSources = sources.rules[chain.name] ?? []
        for (index, rule) in chain.rules.enumerated() {
            let encoded = try encoder.encode(rule, chain: chain.name, index: index, ids: &ids)
            let source = ruleSources.indices.contains(index) ? ruleSources[index] : nil
            let object = TransactionObject(kind: .rule(chain: chain.name, index: index), table: id, source: source)
            appendRule(encoded, chain: chain.name, in: id, flags: NLM_F_CREATE | NLM_F_APPEND, object: object)
        }
    }

    /// A rule encoder that refers to the sets created earlier in the batch by their IDs, as nft does.
    private func ruleEncoder(for table: Table) -> RuleEncoder {
        var encoder = RuleEncoder(table: table)
        encoder.namedSetIDs = createdSetIDs[table.id] ?? [:]
        return encoder
    }

    /// The rule's anonymous sets, then the rule.
    private func appendRule(
        _ encoded: EncodedRule, chain: String, in table: TableID, flags: Int32, object: TransactionObject
    ) {
        for anonymous in encoded.anonymousSets {
            let setObject = TransactionObject(kind: .anonymousSet(of: object.kind), table: table, source: object.source)
            builder.append(
                type: NFT_MSG_NEWSET.rawValue, family: table.family.nfproto, flags: NLM_F_CREATE | NLM_F_EXCL,
                object: setObject
            ) { nftnl_set_nlmsg_build_payload($0, anonymous.set.pointer) }
            let elementsObject = TransactionObject(
                kind: .anonymousElements(of: object.kind), table: table, source: object.source)
            appendElements(
                anonymous.elementBatches, type: NFT_MSG_NEWSETELEM.rawValue, flags: NLM_F_CREATE | NLM_F_EXCL,
                object: elementsObject)
        }
        let rule = encoded.rule.pointer
        Self.fillReference(rule, chain: chain, in: table)
        builder.append(type: NFT_MSG_NEWRULE.rawValue, family: table.family.nfproto, flags: flags, object: object) {
            nftnl_rule_nlmsg_build_payload($0, rule)
        }
    }

    // MARK: Sets

    /// Sets holding more elements than this in all are encoded on every core.
    static let parallelElementCount = 4096

    /// The table's sets encoded, in order. Each set's elements are independent of the others', and building them
    /// in libnftnl is most of the encoding time of a table with large sets, so large tables spread the sets over
    /// the cores; the messages are then put in the batch in order, as before.
    private mutating func encodeSets(of table: Table) throws(NFTablesError) -> [EncodedSet] {
        let ids = table.sets.map { _ in self.ids.next() }
        let elementCount = table.sets.reduce(0) { $0 + $1.elements.count }
        guard table.sets.count > 1, elementCount > Self.parallelElementCount else {
            var encoded: [EncodedSet] = []
            for (set, id) in zip(table.sets, ids) {
                encoded.append(try SetEncoder.encode(set, in: table, id: id))
            }
            return encoded
        }
        let results = Parallel.map(Array(zip(table.sets.indices, ids))) { index, id in
            Parallel.Handoff(
                Result { () throws(NFTablesError) in try SetEncoder.encode(table.sets[index], in: table, id: id) })
        }
        var encoded: [EncodedSet] = []
        for result in results {
            encoded.append(try result.value.get())
        }
        return encoded
    }

    private mutating func encodeSet(_ set: NFTSet, in table: Table, source: String?) throws(NFTablesError) {
        appendSet(set, try SetEncoder.encode(set, in: table, ids: &ids), in: table, source: source)
    }

    private mutating func appendSet(_ set: NFTSet, _ encoded: EncodedSet, in table: Table, source: String?) {
        createdSetIDs[table.id, default: [:]][set.name] = encoded.id
        builder.append(
            type: NFT_MSG_NEWSET.rawValue, family: table.family.nfproto, flags: NLM_F_CREATE | NLM_F_EXCL,
            object: TransactionObject(kind: .set(set.name), table: table.id, source: source)
        ) { nftnl_set_nlmsg_build_payload($0, encoded.set.pointer) }
        appendElements(
            encoded.elementBatches, type: NFT_MSG_NEWSETELEM.rawValue, flags: NLM_F_CREATE | NLM_F_EXCL,
            object: TransactionObject(kind: .elements(set.name), table: table.id, source: source))
    }

    private func appendElements(_ batches: [NftnlSet], type: UInt32, flags: Int32, object: TransactionObject) {
        for batch in batches {
            builder.append(type: type, family: object.table.family.nfproto, flags: flags, object: object) {
                nftnl_set_elems_nlmsg_build_payload($0, batch.pointer)
            }
        }
    }

    // MARK: Helpers

    /// A rule naming only its table and chain (for a flush, or a delete by handle).
    private static func ruleReference(chain: String, in table: TableID) -> NftnlRule {
        let rule = NftnlRule()
        fillReference(rule.pointer, chain: chain, in: table)
        return rule
    }

    /// Sets the family, table and chain of a rule where the rule encoder left them out.
    private static func fillReference(_ rule: OpaquePointer, chain: String, in table: TableID) {
        if !nftnl_rule_is_set(rule, UInt16(NFTNL_RULE_FAMILY.rawValue)) {
            nftnl_rule_set_u32(rule, UInt16(NFTNL_RULE_FAMILY.rawValue), UInt32(table.family.nfproto))
        }
        if !nftnl_rule_is_set(rule, UInt16(NFTNL_RULE_TABLE.rawValue)) {
            nftnl_rule_set_str(rule, UInt16(NFTNL_RULE_TABLE.rawValue), table.name)
        }
        if !nftnl_rule_is_set(rule, UInt16(NFTNL_RULE_CHAIN.rawValue)) {
            nftnl_rule_set_str(rule, UInt16(NFTNL_RULE_CHAIN.rawValue), chain)
        }
    }
}
