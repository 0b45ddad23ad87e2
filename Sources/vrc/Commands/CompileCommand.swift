import ArgumentParser
import NFTables
import RouterCompiler

/// `vrc compile MODEL.json`: prints the nftables ruleset a router document compiles to, without a kernel.
internal struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile a router document (vrc.router/v1) to nftables.",
        discussion: "Prints nft text that 'nft -f' accepts, or with --json the ruleset in vrc's JSON coding, "
            + "which 'vrc apply' accepts. Needs no privileges."
    )

    @Argument(help: "A router document (vrc.router/v1), or - for standard input.")
    var model: String

    @Option(help: "The name of the inet table the router's rules go in.")
    var table = "vrc"

    @Flag(help: "Print the compiled ruleset in vrc's JSON coding instead of nft text.")
    var json = false

    func run() throws(CommandFailure) {
        let document = try RouterDocumentFile.load(model)
        let ruleset = RouterCompiler(tableName: table).compile(document)
        if json {
            Output.line(try RulesetJSON.encode(ruleset))
        } else {
            Output.raw(ruleset.nftText())
        }
    }
}
