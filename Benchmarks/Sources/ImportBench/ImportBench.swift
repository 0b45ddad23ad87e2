import VRCBench
import ImportDumps
import Foundation

/// Times importing a generated cloud-router `iptables-save` dump (issue 4), by vrc and by the tools operators use
/// today; prints one JSON line per case.
///
/// Usage:
/// - `ImportBench generate RULES FILE`: writes the dump.
/// - `ImportBench tools RULES RUNS`: `iptables-legacy-restore`, `iptables-nft-restore`, and
///   `iptables-restore-translate` + `nft -f`, each run in a fresh namespace.
/// - `ImportBench vrc|vrc-optimize RULES RUNS [VRC]`: vrc's import in-process (parse, translate, encode, kernel),
///   and with the vrc binary the `vrc import-iptables --apply` command.
@main
struct ImportBench {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard arguments.count >= 3, let rules = Int(arguments[1]) else {
            FileHandle.standardError.write(
                Data(
                    "usage: ImportBench generate RULES FILE | tools RULES RUNS | vrc|vrc-optimize RULES RUNS [VRC]\n"
                        .utf8))
            exit(2)
        }
        do {
            let generator = DumpGenerator(rules: rules)
            switch arguments[0] {
            case "generate":
                try Data(generator.dump().utf8).write(to: URL(fileURLWithPath: arguments[2]))
            case "tools":
                let runs = Int(arguments[2]) ?? 1
                try withDump(generator) { dump in
                    var result = try ToolsBenchmark(dump: dump, runs: runs).run()
                    result["case"] = "tools"
                    result["rules"] = rules
                    result["runs"] = runs
                    print(try json(result))
                }
            case "vrc", "vrc-optimize":
                let runs = Int(arguments[2]) ?? 1
                let binary = arguments.count > 3 ? arguments[3] : nil
                try withDump(generator) { dump in
                    var result = try VRCImportBenchmark(
                        dump: dump, runs: runs, optimize: arguments[0] == "vrc-optimize", vrc: binary
                    ).run()
                    result["case"] = arguments[0]
                    result["rules"] = rules
                    result["runs"] = runs
                    print(try json(result))
                }
            default:
                throw BenchError("unknown case \(arguments[0])")
            }
        } catch {
            FileHandle.standardError.write(Data("ImportBench: \(error)\n".utf8))
            exit(1)
        }
    }

    /// Writes the dump to a temporary directory for the duration of `body`.
    static func withDump(_ generator: DumpGenerator, _ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("vrc-import-bench-\(getpid())", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let dump = directory.appendingPathComponent("dump.rules")
        try Data(generator.dump().utf8).write(to: dump)
        try body(dump)
    }

    static func json(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}
