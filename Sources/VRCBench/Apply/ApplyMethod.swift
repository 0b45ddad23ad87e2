/// A way of getting a router's rules into a fresh namespace's kernel.
public enum ApplyMethod: String, CaseIterable, Codable, Sendable {
    /// One `iptables-legacy` call per rule from a shell script, as cloud virtual routers still load rules: each
    /// call reads the whole table from the kernel and writes it back.
    case iptablesPerRule = "iptables-per-rule"
    /// `iptables-legacy-restore` of the linear dump.
    case iptablesLegacyRestore = "iptables-legacy-restore"
    /// `iptables-nft-restore` of the linear dump.
    case iptablesNFTRestore = "iptables-nft-restore"
    /// `nft -f` of the linear dump's nftables translation, one nftables rule per iptables rule.
    case nftLinear = "nft-linear"
    /// `nft -f` of the nft text of vrc's compiled ruleset.
    case nftCompiled = "nft-vrc-text"
    /// `vrc import-iptables --apply` of the linear dump: vrc through netlink, without set compilation.
    case vrcLinear = "vrc-linear"
    /// `vrc apply` of the router document: compiled into sets and maps, through netlink.
    case vrcCompiled = "vrc-compiled"

    /// The name in tables and pictures.
    public var title: String {
        switch self {
        case .iptablesPerRule: "iptables per rule (legacy)"
        case .iptablesLegacyRestore: "iptables-legacy-restore"
        case .iptablesNFTRestore: "iptables-nft-restore"
        case .nftLinear: "nft -f, linear"
        case .nftCompiled: "nft -f, vrc's text"
        case .vrcLinear: "vrc, linear"
        case .vrcCompiled: "vrc, compiled"
        }
    }

    /// Whether the command is vrc's and reports its own phases.
    public var isVRC: Bool { self == .vrcLinear || self == .vrcCompiled }

    /// Whether the kernel ends up with iptables-legacy tables (read back with `iptables-legacy-save`).
    var loadsLegacyTables: Bool { self == .iptablesPerRule || self == .iptablesLegacyRestore }

    /// The command, run inside the namespace; `input` is the file for its standard input.
    func command(for workload: BenchWorkload, vrc: String) -> (argv: [String], input: String?) {
        switch self {
        case .iptablesPerRule: (["/bin/sh", workload.perRuleScriptPath], nil)
        case .iptablesLegacyRestore: (["iptables-legacy-restore", "-w"], workload.dumpPath)
        case .iptablesNFTRestore: (["iptables-nft-restore", "-w"], workload.dumpPath)
        case .nftLinear: (["nft", "-f", workload.linearTextPath], nil)
        case .nftCompiled: (["nft", "-f", workload.compiledTextPath], nil)
        case .vrcLinear: ([vrc, "import-iptables", workload.dumpPath, "--apply", "--json"], nil)
        case .vrcCompiled: ([vrc, "apply", workload.documentPath, "--json"], nil)
        }
    }

    /// The rules the kernel holds after the method ran: iptables rules for the iptables tools, nftables rules
    /// otherwise.
    func expectedRules(for workload: BenchWorkload) -> Int {
        switch self {
        case .iptablesPerRule, .iptablesLegacyRestore, .iptablesNFTRestore: workload.dump.ruleCount
        case .nftLinear, .vrcLinear: workload.linear.ruleCount
        case .nftCompiled, .vrcCompiled: workload.compiled.ruleCount
        }
    }
}
