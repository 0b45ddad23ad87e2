import ArgumentParser
import Foundation
import NFTables

/// `vrc list`: reads the tables back from the kernel and prints them as nft text or JSON.
internal struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the tables vrc owns in a network namespace.",
        discussion: "Tables are read back over netlink into vrc's object model, then printed as nft text or JSON."
    )

    @OptionGroup var namespaceOptions: NamespaceOptions

    @Flag(help: "Print the object model's JSON (what 'vrc apply' reads) instead of nft text.")
    var json = false

    @Flag(help: "List every table in the namespace, not only vrc's own.")
    var all = false

    func run() throws {
        try Privileges.requireKernelAccess(for: "list", entersNamespace: namespaceOptions.netns != nil)
        let namespace = try namespaceOptions.existingNamespace()
        let ruleset = try RulesetReader(namespace: namespace).read(all ? .all : .owned)
        if json {
            Output.line(try RulesetJSON.encode(ruleset))
        } else {
            Output.raw(ruleset.nftText())
        }
    }
}
