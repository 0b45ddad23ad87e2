import NFTables

extension IptablesTable {
    /// The base chain that `iptables-nft` makes for built-in `chain` of this table: its type, hook and
    /// priority (`filter` 0, `nat` -100/100, `mangle` -150 with `OUTPUT` of type `route`, `raw` -300,
    /// `security` 50), with `policy`; `nil` when `chain` is not built in.
    public func baseChain(for chain: String, policy: ChainPolicy?) -> BaseChain? {
        guard isBuiltin(chain), let hook = Hook(rawValue: chain.lowercased()) else { return nil }
        let type: ChainType
        let priority: Int32
        switch self {
        case .filter:
            type = .filter
            priority = 0
        case .nat:
            type = .nat
            priority = hook == .prerouting || hook == .output ? -100 : 100
        case .mangle:
            type = hook == .output ? .route : .filter
            priority = -150
        case .raw:
            type = .filter
            priority = -300
        case .security:
            type = .filter
            priority = 50
        }
        return BaseChain(type: type, hook: hook, priority: priority, policy: policy)
    }
}
