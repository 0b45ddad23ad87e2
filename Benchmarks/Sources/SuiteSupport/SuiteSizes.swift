import Benchmark
import Foundation

/// The sizes every suite measures, and the configuration of a benchmark at each.
///
/// 100, 1,000 and 10,000 run until package-benchmark's usual limits (at most one second or 10,000
/// iterations); 100,000 runs a few iterations only, so that a whole `swift package benchmark` stays within a few
/// minutes. `VRC_SUITE_SIZES=100,1000` (comma separated) measures only those sizes.
///
/// ```swift
/// for size in SuiteSizes.selected {
///     Benchmark("Decode/\(size)", configuration: SuiteSizes.configuration(size: size)) { benchmark in ... }
/// }
/// ```
public enum SuiteSizes {
    /// Every size a suite knows.
    public static let all = [100, 1_000, 10_000, 100_000]

    /// The sizes to measure: `all`, or those named in `VRC_SUITE_SIZES`.
    public static var selected: [Int] {
        guard let text = environment("VRC_SUITE_SIZES") else { return all }
        let sizes = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return sizes.filter { $0 > 0 }
    }

    /// The metrics of every suite: time, allocations and the process's peak resident memory.
    public static let metrics: [BenchmarkMetric] = [.wallClock, .mallocCountTotal, .peakMemoryResident]

    /// How far a run may be from a baseline before `swift package benchmark baseline check` fails, at the median:
    /// 15 % for time (these suites run on two shared cores), 2 % for allocations (nearly the same from run to
    /// run), 10 % for peak memory.
    public static var thresholds: [BenchmarkMetric: BenchmarkThresholds] {
        [
            .wallClock: BenchmarkThresholds(relative: [.p50: 15]),
            .mallocCountTotal: BenchmarkThresholds(relative: [.p50: 2]),
            .peakMemoryResident: BenchmarkThresholds(relative: [.p50: 10]),
        ]
    }

    /// A benchmark's configuration at `size`: few iterations from 100,000 up.
    public static func configuration(size: Int) -> Benchmark.Configuration {
        if size >= 100_000 {
            return Benchmark.Configuration(
                metrics: metrics, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(10),
                maxIterations: 5, thresholds: thresholds)
        }
        return Benchmark.Configuration(
            metrics: metrics, timeUnits: size >= 10_000 ? .milliseconds : .microseconds, warmupIterations: 1,
            maxDuration: .seconds(1), maxIterations: 1_000, thresholds: thresholds)
    }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
