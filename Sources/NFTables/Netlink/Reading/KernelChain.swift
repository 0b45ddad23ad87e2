import CNetfilter

/// A chain as the kernel describes it in a `NFT_MSG_NEWCHAIN` dump message.
internal struct KernelChain {
    var table: String
    var name: String
    var handle: UInt64?
    var hookNumber: UInt32?
    var priority: Int32?
    var type: String?
    var policy: UInt32?
    var device: String?
    var comment: String?

    static func parse(_ message: NetlinkMessage) throws(NFTablesError) -> KernelChain {
        try message.check(NFT_MSG_NEWCHAIN, what: "chain")
        let attributes = try NetlinkAttributeSet(message: message, context: "chain")
        guard let table = attributes.string(NFTA_CHAIN_TABLE.rawValue),
            let name = attributes.string(NFTA_CHAIN_NAME.rawValue)
        else { throw .malformedReply("chain: the message has no table or name") }
        let hook = try attributes.nested(NFTA_CHAIN_HOOK.rawValue)
        return KernelChain(
            table: table,
            name: name,
            handle: try attributes.uint64(NFTA_CHAIN_HANDLE.rawValue),
            hookNumber: try hook?.uint32(NFTA_HOOK_HOOKNUM.rawValue),
            priority: try hook?.uint32(NFTA_HOOK_PRIORITY.rawValue).map { Int32(bitPattern: $0) },
            type: attributes.string(NFTA_CHAIN_TYPE.rawValue),
            policy: try attributes.uint32(NFTA_CHAIN_POLICY.rawValue),
            device: hook?.string(NFTA_HOOK_DEV.rawValue),
            comment: UserdataReader(attributes.bytes(NFTA_CHAIN_USERDATA.rawValue) ?? []).string(0)
        )
    }

    /// The chain in the object model, without rules; throws the reason when vrc cannot express it.
    func modelChain(family: TableFamily) -> Result<Chain, LiftError> {
        var chain = Chain(name: name, comment: comment, handle: handle)
        guard let hookNumber else { return .success(chain) }
        guard let hook = Hook(kernelNumber: hookNumber, family: family) else {
            return .failure("hook number \(hookNumber) of family \(family.rawValue)")
        }
        guard let typeName = type, let chainType = ChainType(rawValue: typeName) else {
            return .failure("chain type \(type ?? "(none)")")
        }
        var chainPolicy: ChainPolicy?
        switch policy {
        case nil: chainPolicy = nil
        case UInt32(NF_ACCEPT): chainPolicy = .accept
        case UInt32(NF_DROP): chainPolicy = .drop
        case let other?: return .failure("chain policy \(other)")
        }
        chain.hook = BaseChain(
            type: chainType, hook: hook, priority: priority ?? 0, policy: chainPolicy, device: device)
        return .success(chain)
    }
}
