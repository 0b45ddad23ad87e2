/// A way of moving a running router's kernel state to its changed configuration.
public enum UpdateMethod: String, CaseIterable, Codable, Sendable {
    /// The change as `iptables-legacy` calls (`-D` for each rule that goes, `-I` at its place for each that
    /// comes), as cloud virtual routers apply changes.
    case iptablesCalls = "iptables-calls"
    /// A full reload with `iptables-legacy-restore`.
    case iptablesLegacyRestore = "iptables-legacy-restore"
    /// A full reload with `iptables-nft-restore`.
    case iptablesNFTRestore = "iptables-nft-restore"
    /// A full reload with `nft -f` of `flush ruleset` and the new linear rules.
    case nftLinear = "nft-linear"
    /// A full reload with `nft -f` of `flush ruleset` and the new compiled text.
    case nftCompiled = "nft-vrc-text"
    /// A full reload with `vrc import-iptables --apply` of the new dump.
    case vrcLinear = "vrc-linear"
    /// A full reload with `vrc apply` of the new document.
    case vrcCompiled = "vrc-compiled"
    /// `vrc diff OLD NEW --apply`: decodes both documents and applies the minimal update.
    case vrcDiff = "vrc-diff"
    /// The minimal update through the library, from the two decoded documents: `RouterCompiler.plan(from:to:)`
    /// and one transaction, in the benchmark's own process.
    case vrcLibrary = "vrc-library"

    /// The name in tables and pictures; a full reload is named as the apply method it runs.
    public var title: String {
        switch self {
        case .iptablesCalls: "iptables calls (legacy)"
        case .vrcDiff: "vrc diff --apply"
        case .vrcLibrary: "vrc library (in-process)"
        default: loader.title
        }
    }

    /// Whether the method reloads everything (rather than changing what changed).
    public var isFullReload: Bool {
        switch self {
        case .iptablesCalls, .vrcDiff, .vrcLibrary: false
        default: true
        }
    }

    /// The apply method that loads the old state before the update is timed.
    var loader: ApplyMethod {
        switch self {
        case .iptablesCalls, .iptablesLegacyRestore: .iptablesLegacyRestore
        case .iptablesNFTRestore: .iptablesNFTRestore
        case .nftLinear: .nftLinear
        case .nftCompiled: .nftCompiled
        case .vrcLinear: .vrcLinear
        case .vrcCompiled, .vrcDiff, .vrcLibrary: .vrcCompiled
        }
    }
}
