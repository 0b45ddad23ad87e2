import Foundation
import NFTables

/// Times one transaction of one shape and size in a fresh network namespace, and prints one JSON line:
/// `{"case": "rules", "size": 10000, "encodeMs": ..., "kernelMs": ..., "messages": ..., "bytes": ..., "peakRSSMiB": ...}`.
///
/// One case per process, so that the peak resident size belongs to that case alone.
/// Usage: `TransactionBench rules|elements SIZE [RUNS]`.
@main
struct TransactionBench {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 3, let size = Int(arguments[2]), ["rules", "elements"].contains(arguments[1]) else {
            FileHandle.standardError.write(Data("usage: TransactionBench rules|elements SIZE [RUNS]\n".utf8))
            exit(2)
        }
        let runs = arguments.count > 3 ? Int(arguments[3]) ?? 5 : 5
        let ruleset = arguments[1] == "rules" ? linearRules(size) : oneSet(size)
        var encode: [Double] = []
        var kernel: [Double] = []
        var report: TransactionReport?
        for _ in 0..<runs {
            let namespace = try Namespace()
            defer { namespace.remove() }
            let result = try ruleset.apply(to: .named(namespace.name))
            encode.append(result.encodeTime.milliseconds)
            kernel.append(result.kernelTime.milliseconds)
            report = result
        }
        let line: [String: Any] = [
            "case": arguments[1], "size": size, "runs": runs,
            "encodeMs": median(encode), "kernelMs": median(kernel),
            "encodeMsMin": encode.min()!, "kernelMsMin": kernel.min()!,
            "messages": report!.messages, "bytes": report!.bytes,
            "peakRSSMiB": peakResidentMiB(),
        ]
        let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    /// `size` rules in one chain, each matching its own source address and port (no two alike).
    static func linearRules(_ size: Int) -> Ruleset {
        var rules: [Rule] = []
        rules.reserveCapacity(size)
        for index in 0..<size {
            let address = IPAddress.v4(0x0A00_0000 | UInt32(index))
            rules.append(
                Rule([
                    .match(Match(.payload(.ipSaddr), .eq, .address(address))),
                    .match(Match(.payload(.tcpDport), .eq, .integer(UInt64(1 + index % 65535)))),
                    .verdict(.accept),
                ]))
        }
        let chain = Chain(
            name: "forward", hook: BaseChain(type: .filter, hook: .forward, priority: 0, policy: .drop), rules: rules)
        return Ruleset(tables: [Table(family: .inet, name: "bench", chains: [chain])])
    }

    /// One set of `size` concatenated address . port elements, and one rule that looks it up.
    static func oneSet(_ size: Int) -> Ruleset {
        var elements: [SetElement] = []
        elements.reserveCapacity(size)
        for index in 0..<size {
            let address = IPAddress.v4(0x0A00_0000 | UInt32(index / 16))
            elements.append(
                SetElement(key: .concat([.address(address), .integer(UInt64(1 + index % 16))])))
        }
        let set = NFTSet(name: "allowed", keyType: [.ipv4Addr, .inetService], elements: elements)
        let rule = Rule([
            .match(
                Match(.concat([.payload(.ipSaddr), .payload(.tcpDport)]), .eq, operand: .named("allowed"))),
            .verdict(.accept),
        ])
        let chain = Chain(
            name: "forward", hook: BaseChain(type: .filter, hook: .forward, priority: 0, policy: .drop), rules: [rule])
        return Ruleset(tables: [Table(family: .inet, name: "bench", sets: [set], chains: [chain])])
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func peakResidentMiB() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}

/// A network namespace made for one run and removed after it.
struct Namespace {
    let name: String

    init() throws {
        name = "vrc-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try Namespace.ip(["netns", "add", name])
    }

    func remove() {
        try? Namespace.ip(["netns", "delete", name])
    }

    static func ip(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "ip", code: Int(process.terminationStatus))
        }
    }
}
