import ArgumentParser
import Foundation
import VRCBench

/// `vrc bench generate`: prints the router `vrc bench` measures at a size, as a document or as its linear dump,
/// so that anyone can load it with other tools.
internal struct BenchGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Print the generated router of a size: its vrc document, or with --iptables its linear dump."
    )

    @Option(help: "The size in rule-equivalents (about the rule count of the linear dump); 10k is 10000.")
    var size = BenchSizes([1_000])

    @Flag(help: "Print the linear iptables-save dump instead of the document.")
    var iptables = false

    func validate() throws {
        guard size.values.count == 1, let value = size.values.first, value >= 1 else {
            throw ValidationError("--size needs one size of at least 1")
        }
    }

    func run() throws {
        let workload = try BenchRun.measure { () throws(BenchError) in
            try BenchWorkload(size: size.values[0], parent: FileManager.default.temporaryDirectory)
        }
        defer { workload.remove() }
        Output.raw(iptables ? workload.dump.text : workload.generator.json())
    }
}
