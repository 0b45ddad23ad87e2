import Dispatch
import VRCBench

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Ctrl-C (SIGINT), SIGTERM or SIGHUP during `vrc bench`: the namespaces the run made are removed before the
/// process exits with 128 + the signal, as a shell reports a command a signal ended.
///
/// The signals are taken from the process (`SIG_IGN`) and delivered to a dispatch source, whose handler runs on a
/// queue of its own while the measurement blocks the main thread.
internal enum BenchInterruption {
    /// The sources, kept alive for the life of the process; written once, by ``install()`` on the main thread.
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// Installs the handlers; later calls do nothing.
    static func install() {
        guard sources.isEmpty else { return }
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                BenchRun.endProgress()
                let removed = BenchNamespace.removeAllOfThisProcess()
                Output.problem(
                    "interrupted by \(name); removed the \(removed) network namespace\(removed == 1 ? "" : "s") "
                        + "the run had made")
                exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
    }
}
