import ArgumentParser

/// The `vrc` command: compiles virtual-router configuration into nftables and applies it in one transaction.
internal struct VRC: ParsableCommand {
    /// The version `vrc version` and `vrc --version` print.
    static let version = "0.2.0"

    static let configuration = CommandConfiguration(
        commandName: "vrc",
        abstract: "Compile virtual-router configuration to nftables and apply it in one netlink transaction.",
        discussion: """
            Exit status: 0 on success, 1 when the kernel refused the transaction (nothing was applied), \
            2 on bad input or usage, an unknown namespace, or missing privileges.
            """,
        version: version,
        subcommands: [
            ApplyCommand.self,
            BenchCommand.self,
            CompileCommand.self,
            DescribeCommand.self,
            DiffCommand.self,
            ImportCloudStackCommand.self,
            ImportIptablesCommand.self,
            ListCommand.self,
            FlushCommand.self,
            RenderCommand.self,
            VersionCommand.self,
        ]
    )
}
