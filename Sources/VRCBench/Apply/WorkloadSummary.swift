/// What one generated router holds, in each form.
public struct WorkloadSummary: Codable, Hashable, Sendable {
    /// The size asked for, in rule-equivalents.
    public var size: Int
    /// Entries of the document over every kind.
    public var entries: Int
    /// ACL entries over every list.
    public var aclEntries: Int
    /// Port forwards.
    public var portForwards: Int
    /// Static NATs.
    public var staticNATs: Int
    /// Firewall entries.
    public var firewallEntries: Int
    /// Rules of the linear `iptables-save` dump.
    public var iptablesRules: Int
    /// Rules, named sets and set elements of vrc's compiled form.
    public var compiledRules: Int
    /// Named sets and maps of vrc's compiled form.
    public var compiledSets: Int
    /// Set and map elements of vrc's compiled form.
    public var compiledElements: Int

    init(_ workload: BenchWorkload) {
        size = workload.size
        entries = workload.generator.entryCount
        aclEntries = workload.generator.aclEntries
        portForwards = workload.generator.portForwards
        staticNATs = workload.generator.staticNATs
        firewallEntries = workload.generator.firewallEntries
        iptablesRules = workload.dump.ruleCount
        compiledRules = workload.compiled.ruleCount
        compiledSets = workload.compiled.setCount
        compiledElements = workload.compiled.elementCount
    }
}
