import VRCBench
import Foundation
import NFTables
import RouterCompiler
import RouterModel

/// The whole path for one document: in-process (read and decode, compile, encode, kernel), then `nft -f` of the
/// same ruleset's text and the `vrc apply` command, each as a wall time.
struct DocumentApplyTiming {
    let generator: RouterGenerator
    let runs: Int
    /// The vrc binary; without it the command is not timed.
    let vrc: String?

    func run() throws -> [String: Any] {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("vrc-bench-\(getpid())", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let documentURL = directory.appendingPathComponent("document.json")
        try Data(generator.json().utf8).write(to: documentURL)

        var parse: [Double] = []
        var compile: [Double] = []
        var encode: [Double] = []
        var kernel: [Double] = []
        var total: [Double] = []
        var ruleset = Ruleset(tables: [])
        var report: TransactionReport?
        let clock = ContinuousClock()
        for _ in 0..<runs {
            let namespace = try BenchNamespace()
            defer { namespace.remove() }
            let start = clock.now
            let data = try Data(contentsOf: documentURL)
            let document = try RouterDocument.decode(from: data, source: documentURL.path)
            let decoded = clock.now
            ruleset = RouterCompiler().compile(document)
            let compiled = clock.now
            let result = try ruleset.apply(to: .named(namespace.name))
            total.append((clock.now - start).milliseconds)
            parse.append((decoded - start).milliseconds)
            compile.append((compiled - decoded).milliseconds)
            encode.append(result.encodeTime.milliseconds)
            kernel.append(result.kernelTime.milliseconds)
            report = result
        }
        // Before any child process runs, so the figure is this process's own.
        let peak = Statistics.peakResidentMiB()

        let textURL = directory.appendingPathComponent("ruleset.nft")
        try Data(ruleset.nftText().utf8).write(to: textURL)
        var nft: [Double] = []
        var command: [Double] = []
        for _ in 0..<runs {
            let namespace = try BenchNamespace()
            defer { namespace.remove() }
            nft.append(
                try Spawn.run(namespace.command(["nft", "-f", textURL.path])).milliseconds)
        }
        if let vrc {
            for _ in 0..<runs {
                let namespace = try BenchNamespace()
                defer { namespace.remove() }
                command.append(try Spawn.run([vrc, "apply", documentURL.path, "--netns", namespace.name]).milliseconds)
            }
        }

        let documentBytes = (try? FileManager.default.attributesOfItem(atPath: documentURL.path)[.size] as? Int) ?? 0
        var line: [String: Any] = [
            "case": "apply", "runs": runs,
            "aclEntries": generator.aclEntries, "portForwards": generator.portForwards,
            "staticNats": generator.staticNATs, "loadBalancers": generator.loadBalancers,
            "documentBytes": documentBytes,
            "rules": ruleset.ruleCount, "elements": ruleset.elementCount,
            "sets": ruleset.setCount, "chains": ruleset.chainCount,
            "parseMs": Statistics.median(parse), "compileMs": Statistics.median(compile),
            "encodeMs": Statistics.median(encode), "kernelMs": Statistics.median(kernel),
            "totalMs": Statistics.median(total),
            "messages": report?.messages ?? 0, "bytes": report?.bytes ?? 0,
            "peakRSSMiB": peak, "nftMs": Statistics.median(nft),
        ]
        if !command.isEmpty {
            line["vrcApplyMs"] = Statistics.median(command)
        }
        return line
    }
}
