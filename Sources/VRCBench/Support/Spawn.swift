import Foundation
import NFTables

/// Runs a command with `posix_spawn` and times it from the spawn to its exit.
///
/// Foundation's `Process` closes every possible file descriptor in the child before it runs the command, which
/// takes about 50 ms here (the limit is 20,000 descriptors), the same for every command: timed that way, a 10 ms
/// tool looked like a 60 ms one, and ratios between tools shrank towards 1.
public enum Spawn {
    /// What a run took: wall milliseconds, and with `peak` the command's peak resident size in MiB.
    public struct Timing {
        /// Wall time from the spawn to the exit.
        public var milliseconds: Double
        /// The command's peak resident size (0 unless asked for).
        public var peakMiB: Double
    }

    /// Runs `argv` (an absolute path first) to its end; standard input comes from the file `input` (or
    /// `/dev/null`), standard output goes to `output` (or is discarded), the error output is kept for the failure
    /// message. With `peak`, the command runs under `/usr/bin/time`, which adds its own start (about a
    /// millisecond) and reports the peak resident size.
    @discardableResult
    public static func run(
        _ argv: [String], input: String? = nil, output: URL? = nil, peak: Bool = false
    ) throws(BenchError) -> Timing {
        let errorFile = TemporaryFile.unique("stderr")
        let timeFile = TemporaryFile.unique("time")
        defer {
            try? FileManager.default.removeItem(at: errorFile)
            try? FileManager.default.removeItem(at: timeFile)
        }
        let command = peak ? ["/usr/bin/time", "-f", "%M", "-o", timeFile.path] + argv : argv

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output?.path ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(
            &actions, 2, errorFile.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        let arguments = command.map { strdup($0) } + [nil]
        defer {
            for argument in arguments { free(argument) }
        }

        var pid = pid_t()
        let start = ContinuousClock.now
        let spawned = posix_spawn(&pid, command[0], &actions, nil, arguments, environ)
        guard spawned == 0 else { throw BenchError("cannot run \(command[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let elapsed = (ContinuousClock.now - start).milliseconds
        guard status == 0 else {
            let text = String(decoding: ((try? Data(contentsOf: errorFile)) ?? Data()).prefix(2000), as: UTF8.self)
            throw BenchError("\(argv.prefix(6).joined(separator: " ")) failed: \(text)")
        }
        var peakMiB = 0.0
        if peak, let report = try? String(contentsOf: timeFile, encoding: .utf8),
            let kib = report.split(separator: "\n").last.flatMap({ Double($0) })
        {
            peakMiB = kib / 1024
        }
        return Timing(milliseconds: elapsed, peakMiB: peakMiB)
    }
}
