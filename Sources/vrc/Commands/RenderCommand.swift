import ArgumentParser
import NFTables

/// `vrc render RULESET.json`: prints a ruleset as the nft text that `nft -f` accepts, without a kernel.
internal struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print a ruleset file as nft text.",
        discussion: "The ruleset is validated first; the output can be fed to 'nft -f'. Needs no privileges."
    )

    @Argument(help: "A ruleset in vrc's JSON coding (as in fixtures/rulesets/), or - for standard input.")
    var ruleset: String

    func run() throws(CommandFailure) {
        let loaded = try RulesetFile.loadValidated(ruleset)
        Output.raw(loaded.nftText())
    }
}
