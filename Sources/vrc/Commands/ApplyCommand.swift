import ArgumentParser
import NFTables

/// `vrc apply`: replaces the ruleset's tables in a network namespace in one netlink transaction.
internal struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply a ruleset file to a network namespace in one transaction.",
        discussion: """
            Each table of the ruleset replaces the table of the same name that vrc owns, atomically: there is \
            no moment without rules. Tables of other tools are never touched; a table of the same name made by \
            another tool makes the kernel refuse the transaction.
            """
    )

    @Argument(help: "A ruleset in vrc's JSON coding (as in fixtures/rulesets/), or - for standard input.")
    var ruleset: String

    @OptionGroup var namespaceOptions: NamespaceOptions

    @Flag(help: "Let the kernel validate the transaction but commit nothing.")
    var check = false

    @Flag(help: "Print the encode time, the kernel time and the size of the batch.")
    var timings = false

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        let loaded = try RulesetFile.loadValidated(ruleset)
        try Privileges.requireKernelAccess(for: "apply", entersNamespace: namespaceOptions.netns != nil)
        let namespace = try namespaceOptions.existingNamespace()
        let report = try loaded.apply(to: namespace, checkOnly: check)
        let summary = ApplySummary(ruleset: loaded, namespace: namespace, checkOnly: check, report: report)
        if json {
            Output.line(try RulesetJSON.encode(summary))
            return
        }
        Output.line(summary.sentence)
        if timings {
            Output.line(summary.timingLine)
        }
    }
}
