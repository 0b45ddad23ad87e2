import ArgumentParser
import NFTables
import RouterCompiler

/// `vrc diff OLD.json NEW.json`: the smallest set of kernel operations from one router document to another.
internal struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Plan (and with --apply, apply) the minimal update from one router document to another.",
        discussion: """
            Prints one nft-style line per operation: element adds and deletes where only elements changed, chain \
            rewrites where rules changed, a table replace only when the skeleton changed or --full is given. With \
            --apply the plan runs in one transaction in --netns; the kernel must hold what OLD compiles to, or it \
            refuses the whole transaction and nothing changes.
            """
    )

    @Argument(help: "The router document the kernel holds now.")
    var old: String

    @Argument(help: "The router document to move to.")
    var new: String

    @OptionGroup var namespaceOptions: NamespaceOptions

    @Option(help: "The name of the inet table the router's rules go in.")
    var table = "vrc"

    @Flag(help: "Apply the plan in one transaction.")
    var apply = false

    @Flag(help: "With --apply: let the kernel validate the plan but commit nothing.")
    var check = false

    @Flag(help: "Replace the whole table instead of planning a minimal update.")
    var full = false

    @Flag(help: "With --apply: print the encode time, the kernel time and the size of the batch.")
    var timings = false

    func run() throws {
        let compiler = RouterCompiler(tableName: table)
        let before = try RouterDocumentFile.load(old)
        let after = try RouterDocumentFile.load(new)
        ExitWithoutTeardown.keep((before, after))
        let plan = compiler.plan(from: before, to: after, fullReplace: full)
        guard apply else {
            if !plan.isEmpty {
                Output.raw(plan.description.hasSuffix("\n") ? plan.description : plan.description + "\n")
            }
            Output.line("# \(plan.operations.count) operations, \(plan.elementCount) elements")
            return
        }
        try Privileges.requireKernelAccess(for: "diff --apply", entersNamespace: namespaceOptions.netns != nil)
        let namespace = try namespaceOptions.existingNamespace()
        var transaction = Transaction(namespace: namespace)
        plan.fill(&transaction)
        let report = check ? try transaction.check() : try transaction.commit()
        Output.line(
            (check ? "check passed, nothing committed: " : "applied ")
                + "\(plan.operations.count) operations (\(plan.elementCount) elements) to \(namespace)")
        if timings {
            Output.line(
                ApplySummary(
                    ruleset: Ruleset(tables: plan.tables), namespace: namespace, checkOnly: check, report: report
                ).timingLine)
        }
    }
}
