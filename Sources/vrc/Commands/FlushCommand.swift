import ArgumentParser
import NFTables

/// `vrc flush`: deletes the tables vrc owns, and only those, in one transaction.
internal struct FlushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flush",
        abstract: "Delete the tables vrc owns in a network namespace.",
        discussion: "Tables made by other tools (nft, iptables-nft, firewalld) are left untouched."
    )

    @OptionGroup var namespaceOptions: NamespaceOptions

    func run() throws {
        try Privileges.requireKernelAccess(for: "flush", entersNamespace: namespaceOptions.netns != nil)
        let namespace = try namespaceOptions.existingNamespace()
        let removed = try Ruleset.flushOwned(in: namespace)
        if removed.isEmpty {
            Output.line("no vrc tables in \(namespace)")
        }
        for table in removed {
            Output.line("removed \(table)")
        }
    }
}
