import ArgumentParser
import Foundation
import NFTables
import RouterCompiler

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

    @Argument(
        help: "A router document (vrc.router/v1) or a ruleset in vrc's JSON coding (fixtures/rulesets/), or -.")
    var ruleset: String

    @Option(help: "For a router document: the name of the inet table its rules go in.")
    var table = "vrc"

    @OptionGroup var namespaceOptions: NamespaceOptions

    @Flag(help: "Let the kernel validate the transaction but commit nothing.")
    var check = false

    @Flag(help: "Print the encode time, the kernel time and the size of the batch.")
    var timings = false

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let data = try RulesetFile.read(ruleset)
        let loaded: NFTables.Ruleset
        var parseTime: Duration
        var compileTime: Duration?
        if DocumentKind(of: data) == .router {
            let document = try RouterDocumentFile.decode(data, path: ruleset)
            ExitWithoutTeardown.keep(document)
            let parsed = clock.now
            parseTime = parsed - start
            loaded = RouterCompiler(tableName: table).compile(document)
            compileTime = clock.now - parsed
        } else {
            loaded = try RulesetFile.decodeValidated(data, path: ruleset)
            parseTime = clock.now - start
        }
        try Privileges.requireKernelAccess(for: "apply", entersNamespace: namespaceOptions.netns != nil)
        let namespace = try namespaceOptions.existingNamespace()
        let report = try loaded.apply(to: namespace, checkOnly: check)
        ExitWithoutTeardown.keep(loaded)
        var summary = ApplySummary(ruleset: loaded, namespace: namespace, checkOnly: check, report: report)
        summary.parseMilliseconds = parseTime.milliseconds
        summary.compileMilliseconds = compileTime?.milliseconds
        summary.totalMilliseconds = (clock.now - start).milliseconds
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
