import VRCBench
import Foundation
import IptablesImport
import NFTables

/// vrc's import of one dump: in-process through the library (read and parse, translate, and with `--optimize`
/// merge; encode and kernel as `Transaction.commit` reports them), and the `vrc import-iptables --apply` command as
/// a wall time; each run in a fresh namespace.
struct VRCImportBenchmark {
    let dump: URL
    let runs: Int
    let optimize: Bool
    /// The vrc binary; without it the command is not timed.
    let vrc: String?

    func run() throws -> [String: Any] {
        var parse: [Double] = []
        var translate: [Double] = []
        var encode: [Double] = []
        var kernel: [Double] = []
        var total: [Double] = []
        var rulesOut = 0
        var elements = 0
        let clock = ContinuousClock()
        for _ in 0..<runs {
            let namespace = try BenchNamespace()
            defer { namespace.remove() }
            let start = clock.now
            let bytes = [UInt8](try Data(contentsOf: dump))
            let parsed = try SaveDumpParser(file: dump.path).parse(bytes)
            let parsedAt = clock.now
            let result = try IptablesImporter(options: .init(optimize: optimize)).importDump(parsed)
            let translatedAt = clock.now
            guard result.report.untranslatable.isEmpty else {
                throw BenchError("\(result.report.untranslatable.count) rules could not be translated")
            }
            let report = try result.transaction(for: .named(namespace.name)).commit()
            total.append((clock.now - start).milliseconds)
            parse.append((parsedAt - start).milliseconds)
            translate.append((translatedAt - parsedAt).milliseconds)
            encode.append(report.encodeTime.milliseconds)
            kernel.append(report.kernelTime.milliseconds)
            rulesOut = result.report.rulesOut
            elements = result.ruleset.tables.flatMap(\.chains).flatMap(\.rules).reduce(0) { count, rule in
                count + rule.statements.reduce(0) { $0 + Self.elementCount($1) }
            }
        }
        let peak = Statistics.peakResidentMiB()
        var result: [String: Any] = [
            "optimize": optimize, "parseMs": Statistics.median(parse), "translateMs": Statistics.median(translate),
            "encodeMs": Statistics.median(encode), "kernelMs": Statistics.median(kernel),
            "totalMs": Statistics.median(total), "rulesOut": rulesOut, "anonymousElements": elements,
            "peakRSSMiB": peak,
        ]
        if let vrc {
            var command: [Spawn.Timing] = []
            for _ in 0..<runs {
                let namespace = try BenchNamespace()
                defer { namespace.remove() }
                command.append(
                    try Spawn.run(
                        [vrc, "import-iptables", dump.path, "--apply", "--netns", namespace.name]
                            + (optimize ? ["--optimize"] : []), peak: true))
            }
            result["commandMs"] = Statistics.median(command.map(\.milliseconds))
            result["commandPeakMiB"] = command.map(\.peakMiB).max() ?? 0
        }
        return result
    }

    /// The elements of the anonymous sets and maps a statement carries.
    private static func elementCount(_ statement: Statement) -> Int {
        switch statement {
        case .match(let match):
            if case .set(let values) = match.right { return values.count }
        case .nat(let nat):
            if case .map(_, .anonymous(let elements))? = nat.to { return elements.count }
        default:
            break
        }
        return 0
    }
}
