import CNetfilter

/// Lowers a `Chain` header (no rules) into a libnftnl chain, as `nft` 1.0.6 does.
internal enum ChainEncoder {
    /// The chain message for `chain` of `table`. Like nft, it sends no `NFTA_CHAIN_FLAGS`: the hook makes a
    /// base chain.
    static func encode(_ chain: Chain, in table: Table) throws(NFTablesError) -> NftnlChain {
        let location = "table \(table.family.rawValue) \(table.name), chain \(chain.name)"
        let object = NftnlChain()
        let pointer = object.pointer
        nftnl_chain_set_u32(pointer, UInt16(NFTNL_CHAIN_FAMILY.rawValue), UInt32(table.family.nfproto))
        nftnl_chain_set_str(pointer, UInt16(NFTNL_CHAIN_TABLE.rawValue), table.name)
        nftnl_chain_set_str(pointer, UInt16(NFTNL_CHAIN_NAME.rawValue), chain.name)
        if let hook = chain.hook {
            try check(hook, family: table.family, location: location)
            nftnl_chain_set_u32(
                pointer, UInt16(NFTNL_CHAIN_HOOKNUM.rawValue),
                try hookNumber(hook.hook, family: table.family, location: location))
            nftnl_chain_set_s32(pointer, UInt16(NFTNL_CHAIN_PRIO.rawValue), hook.priority)
            nftnl_chain_set_str(pointer, UInt16(NFTNL_CHAIN_TYPE.rawValue), hook.type.rawValue)
            if let policy = hook.policy {
                nftnl_chain_set_u32(
                    pointer, UInt16(NFTNL_CHAIN_POLICY.rawValue),
                    policy == .accept ? UInt32(NF_ACCEPT) : UInt32(NF_DROP))
            }
            if let device = hook.device {
                nftnl_chain_set_str(pointer, UInt16(NFTNL_CHAIN_DEV.rawValue), device)
            }
        }
        if let comment = chain.comment {
            try Comments.check(comment, location: location)
            var userdata = Userdata()
            userdata.putString(Userdata.ChainType.comment.rawValue, comment)
            userdata.bytes.withUnsafeBytes { buffer in
                _ = nftnl_chain_set_data(
                    pointer, UInt16(NFTNL_CHAIN_USERDATA.rawValue), buffer.baseAddress, UInt32(buffer.count))
            }
        }
        return object
    }

    /// The hook number, which depends on the family (`ingress` is 5 in inet tables, 0 in netdev ones).
    private static func hookNumber(_ hook: Hook, family: TableFamily, location: String) throws(NFTablesError) -> UInt32
    {
        guard let number = hook.kernelNumber(in: family) else {
            throw .invalidRuleset(
                location: location, reason: "\(family.rawValue) tables have no \(hook.rawValue) hook")
        }
        return number
    }

    private static func check(_ hook: BaseChain, family: TableFamily, location: String) throws(NFTablesError) {
        let needsDevice = family == .netdev || (family == .inet && hook.hook == .ingress)
        if needsDevice && hook.device == nil {
            throw .invalidRuleset(
                location: location, reason: "a \(family.rawValue) \(hook.hook.rawValue) chain needs a device")
        }
        if hook.type == .nat && ![.ip, .ip6, .inet].contains(family) {
            throw .invalidRuleset(location: location, reason: "nat chains exist only in ip, ip6 and inet tables")
        }
    }
}
