import VRCBench
import Foundation
import NFTables
import RouterCompiler
import RouterModel

/// Times the whole path from a generated VPC document to the kernel, and a one-forward update, in fresh network
/// namespaces; prints one JSON line per case. One case per process, so that the peak resident size is that case's.
///
/// Usage:
/// - `RouterBench apply small|1|10 RUNS [VRC]`: read and decode, compile, encode and kernel time in-process; the
///   rule and element counts; then `nft -f` of the rendered text and (with the vrc binary) `vrc apply DOC --netns`,
///   each as a wall time, each run in a namespace of its own.
/// - `RouterBench update small|small10|10 RUNS`: after applying the document, adding one port forward through the
///   library, from the two decoded documents to the commit (plan from the documents, fill a transaction, commit);
///   and, for comparison, the old way's compile of both documents and plan between the rulesets.
/// - `RouterBench count DOC`: decodes and compiles once; the rule and element counts and the compile time.
/// - `RouterBench generate DOC FILE`: writes the document.
///
/// DOC is a scale (`1`: 10,000 ACL entries, 5,000 port forwards, 1,000 static NATs, 100 load balancers; `10`: ten
/// times that), or `small` (the ACLs of scale 1 with 10 port forwards, static NATs and load balancers) or `small10`
/// (the ACLs of scale 10, with 10 of each).
@main
struct RouterBench {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard arguments.count >= 2, let generator = generator(arguments[1]),
            arguments.count >= 3 || arguments[0] == "count"
        else {
            FileHandle.standardError.write(
                Data("usage: RouterBench apply|update DOC RUNS [VRC] | count DOC | generate DOC FILE\n".utf8))
            exit(2)
        }
        do {
            let line: [String: Any]
            switch arguments[0] {
            case "generate":
                try Data(generator.json().utf8).write(to: URL(fileURLWithPath: arguments[2]))
                return
            case "apply":
                let vrc = arguments.count > 3 ? arguments[3] : nil
                line = try DocumentApplyTiming(generator: generator, runs: Int(arguments[2]) ?? 3, vrc: vrc).run()
            case "count":
                line = try count(generator)
            case "update":
                line = try DocumentUpdateTiming(generator: generator, runs: Int(arguments[2]) ?? 5).run()
            default:
                throw BenchError("unknown case \(arguments[0])")
            }
            var tagged = line
            tagged["document"] = arguments[1]
            let data = try JSONSerialization.data(withJSONObject: tagged, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } catch {
            FileHandle.standardError.write(Data("RouterBench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func generator(_ name: String) -> RouterGenerator? {
        if name == "small" { return .small() }
        if name == "small10" { return .small(aclScale: 10) }
        guard let scale = Int(name), scale >= 1 else { return nil }
        return .scaled(scale)
    }

    static func count(_ generator: RouterGenerator) throws -> [String: Any] {
        let data = Data(generator.json().utf8)
        let document = try RouterDocument.decode(from: data, source: "document.json")
        let clock = ContinuousClock()
        let start = clock.now
        let ruleset = RouterCompiler().compile(document)
        return [
            "case": "count", "aclEntries": generator.aclEntries, "portForwards": generator.portForwards,
            "staticNats": generator.staticNATs, "loadBalancers": generator.loadBalancers,
            "rules": ruleset.ruleCount, "elements": ruleset.elementCount,
            "compileMs": (clock.now - start).milliseconds,
        ]
    }
}
