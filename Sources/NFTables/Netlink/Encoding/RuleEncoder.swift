import CNetfilter

/// Lowers a `Rule` into libnftnl expressions exactly as `nft` 1.0.6 does for the same rule text: with nft's
/// implicit protocol dependencies, register use, prefix shortening, byte order conversions, and anonymous
/// sets and maps for `{ ... }` operands.
internal struct RuleEncoder {
    let table: Table
    /// IDs of the named sets added in the same batch (from `EncodedSet.id`): lookups name the set and, as nft
    /// does, carry its ID. Sets that already exist in the kernel are left out.
    var namedSetIDs: [String: UInt32] = [:]

    init(table: Table) {
        self.table = table
    }

    /// The rule for `chain`, with the anonymous sets it needs. `index` (from 1) only names the rule in errors.
    func encode(_ rule: Rule, chain: String, index: Int? = nil, ids: inout SetIDAllocator)
        throws(NFTablesError) -> EncodedRule
    {
        var location = "table \(table.family.rawValue) \(table.name), chain \(chain)"
        if let index {
            location += ", rule \(index)"
        }
        let object = NftnlRule()
        nftnl_rule_set_u32(object.pointer, UInt16(NFTNL_RULE_FAMILY.rawValue), UInt32(table.family.nfproto))
        nftnl_rule_set_str(object.pointer, UInt16(NFTNL_RULE_TABLE.rawValue), table.name)
        nftnl_rule_set_str(object.pointer, UInt16(NFTNL_RULE_CHAIN.rawValue), chain)

        var lowering = RuleLowering(table: table, location: location, rule: object, namedSetIDs: namedSetIDs, ids: ids)
        for statement in rule.statements {
            try lowering.lower(statement)
        }
        ids = lowering.ids

        if let comment = rule.comment {
            try Comments.check(comment, location: location)
            var userdata = Userdata()
            userdata.putString(Userdata.RuleType.comment.rawValue, comment)
            userdata.bytes.withUnsafeBytes { buffer in
                _ = nftnl_rule_set_data(
                    object.pointer, UInt16(NFTNL_RULE_USERDATA.rawValue), buffer.baseAddress, UInt32(buffer.count))
            }
        }
        return EncodedRule(rule: object, anonymousSets: lowering.anonymousSets)
    }
}
