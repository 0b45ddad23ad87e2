import VRCBench
import Foundation

/// The same dump through the tools operators use today, each run in a fresh namespace: `iptables-legacy-restore`,
/// `iptables-nft-restore`, and `iptables-restore-translate` followed by `nft -f` of its output. Wall times of the
/// processes (`ip netns exec` included, as it is for the vrc command) and their peak resident sizes.
struct ToolsBenchmark {
    let dump: URL
    let runs: Int

    func run() throws -> [String: Any] {
        var legacy: [Spawn.Timing] = []
        var nftRestore: [Spawn.Timing] = []
        var translate: [Spawn.Timing] = []
        var nft: [Spawn.Timing] = []
        let translated = dump.deletingPathExtension().appendingPathExtension("nft")
        for _ in 0..<runs {
            legacy.append(try Self.inFreshNamespace { ["iptables-legacy-restore", dump.path] })
            nftRestore.append(try Self.inFreshNamespace { ["iptables-nft-restore", dump.path] })
            translate.append(
                try Spawn.run(
                    ["/usr/sbin/iptables-restore-translate", "-f", dump.path], output: translated, peak: true))
            nft.append(try Self.inFreshNamespace { ["nft", "-f", translated.path] })
        }
        func median(_ timings: [Spawn.Timing]) -> Double { Statistics.median(timings.map(\.milliseconds)) }
        func peak(_ timings: [Spawn.Timing]...) -> Double { timings.joined().map(\.peakMiB).max() ?? 0 }
        return [
            "legacyRestoreMs": median(legacy), "nftRestoreMs": median(nftRestore), "translateMs": median(translate),
            "translateNftMs": median(nft),
            "translateTotalMs": Statistics.median(zip(translate, nft).map { $0.milliseconds + $1.milliseconds }),
            "legacyRestorePeakMiB": peak(legacy), "nftRestorePeakMiB": peak(nftRestore),
            "translatePeakMiB": peak(translate, nft),
        ]
    }

    /// Times a command run with `ip netns exec` in a namespace made for it (and removed after).
    static func inFreshNamespace(_ command: () -> [String]) throws -> Spawn.Timing {
        let namespace = try BenchNamespace()
        defer { namespace.remove() }
        return try Spawn.run(["/usr/sbin/ip", "netns", "exec", namespace.name] + command(), peak: true)
    }
}
