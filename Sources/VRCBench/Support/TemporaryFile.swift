import Foundation

/// Names for the benchmarks' scratch files: in the temporary directory, unique to the process and the call
/// (`vrc-bench-<pid>-<random>-<name>`), so that parallel measurements never share one and no name can be
/// guessed ahead.
internal enum TemporaryFile {
    /// A new path ending in `name`; nothing is created.
    static func unique(_ name: String) -> URL {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("vrc-bench-\(getpid())-\(UInt64.random(in: 0...UInt64.max))-\(name)")
    }
}
