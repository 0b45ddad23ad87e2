import ArgumentParser

/// `vrc version`: prints the version.
internal struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print vrc's version."
    )

    func run() {
        Output.line("vrc \(VRC.version)")
    }
}
