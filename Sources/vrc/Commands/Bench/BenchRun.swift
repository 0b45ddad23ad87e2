import Foundation
import VRCBench

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// What the `vrc bench` subcommands share: finding their tools and turning a benchmark's failure into the
/// command's.
internal enum BenchRun {
    /// The vrc executable running now, which the benchmarks time as a command.
    static func vrcExecutable() throws(CommandFailure) -> String {
        guard let path = BenchTools.currentExecutable() else {
            throw .badInput("cannot find vrc's own executable through /proc/self/exe")
        }
        return path
    }

    /// Exit status 2 naming every missing program.
    static func require(_ programs: [String]) throws(CommandFailure) {
        do {
            try BenchTools.require(programs)
        } catch {
            throw .badInput(error.description)
        }
    }

    /// Runs a benchmark; a missing tool is bad input (2), a failed measurement status 1.
    static func measure<Result>(_ body: () throws(BenchError) -> Result) throws(CommandFailure) -> Result {
        BenchInterruption.install()
        do {
            return try body()
        } catch {
            // Interrupted: the signal's handler is removing the namespaces and ends the process.
            while BenchNamespace.isClosing { sleep(1) }
            throw CommandFailure(error.kind == .unavailable ? .badInput : .kernelRefused, error.description)
        }
    }

    /// Progress on standard error when it is a terminal, one line rewritten in place.
    static let progress: @Sendable (String) -> Void = { step in
        guard isatty(2) != 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[Kvrc bench: \(step)".utf8))
    }

    /// Clears the progress line.
    static func endProgress() {
        guard isatty(2) != 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
