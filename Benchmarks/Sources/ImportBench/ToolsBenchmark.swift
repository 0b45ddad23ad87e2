import BenchSupport
import Foundation

/// The same dump through the tools operators use today, each run in a fresh namespace: `iptables-legacy-restore`,
/// `iptables-nft-restore`, and `iptables-restore-translate` followed by `nft -f` of its output. Wall times of the
/// processes (`ip netns exec` included, as it is for the vrc command) and their peak resident sizes.
struct ToolsBenchmark {
    let dump: URL
    let runs: Int

    func run() throws -> [String: Any] {
        var legacy: [Double] = []
        var nftRestore: [Double] = []
        var translate: [Double] = []
        var nft: [Double] = []
        var peaks: [String: Double] = [:]
        let translated = dump.deletingPathExtension().appendingPathExtension("nft")
        for _ in 0..<runs {
            let first = try BenchNamespace()
            defer { first.remove() }
            let (legacyMs, legacyPeak) = try Timed.run(
                ["/usr/sbin/ip", "netns", "exec", first.name, "iptables-legacy-restore", dump.path])
            legacy.append(legacyMs)
            peaks["legacy", default: 0] = max(peaks["legacy", default: 0], legacyPeak)

            let second = try BenchNamespace()
            defer { second.remove() }
            let (nftRestoreMs, nftRestorePeak) = try Timed.run(
                ["/usr/sbin/ip", "netns", "exec", second.name, "iptables-nft-restore", dump.path])
            nftRestore.append(nftRestoreMs)
            peaks["nftRestore", default: 0] = max(peaks["nftRestore", default: 0], nftRestorePeak)

            let (translateMs, translatePeak) = try Timed.run(
                ["/usr/sbin/iptables-restore-translate", "-f", dump.path], output: translated)
            translate.append(translateMs)
            let third = try BenchNamespace()
            defer { third.remove() }
            let (nftMs, nftPeak) = try Timed.run(
                ["/usr/sbin/ip", "netns", "exec", third.name, "nft", "-f", translated.path])
            nft.append(nftMs)
            peaks["translate", default: 0] = max(peaks["translate", default: 0], max(translatePeak, nftPeak))
        }
        return [
            "legacyRestoreMs": Statistics.median(legacy), "nftRestoreMs": Statistics.median(nftRestore),
            "translateMs": Statistics.median(translate), "translateNftMs": Statistics.median(nft),
            "translateTotalMs": Statistics.median(zip(translate, nft).map { $0 + $1 }),
            "legacyRestorePeakMiB": peaks["legacy"] ?? 0, "nftRestorePeakMiB": peaks["nftRestore"] ?? 0,
            "translatePeakMiB": peaks["translate"] ?? 0,
        ]
    }
}

/// Runs a process for its wall time and peak resident size (`Spawn`).
enum Timed {
    /// Wall milliseconds and peak MiB of `argv`; its standard output goes to `output` when given.
    static func run(_ argv: [String], output: URL? = nil) throws -> (Double, Double) {
        let timing = try Spawn.run(argv, output: output, peak: true)
        return (timing.milliseconds, timing.peakMiB)
    }
}
