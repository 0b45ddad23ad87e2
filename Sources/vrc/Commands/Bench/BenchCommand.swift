import ArgumentParser

/// `vrc bench`: how long a change takes to reach the kernel and what each packet pays, for vrc and for the tools
/// operators use today, measured in one run on this machine.
internal struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure apply time, update time and packet cost against iptables and nft.",
        discussion: """
            Every measurement runs in network namespaces that the benchmark makes and removes; nothing touches \
            the namespace vrc runs in. Needs root, iptables-legacy, iptables-nft and nft.
            """,
        subcommands: [
            BenchApplyCommand.self,
            BenchUpdateCommand.self,
            BenchGenerateCommand.self,
            BenchPacketsCommand.self,
        ]
    )
}
