/// Values a command keeps until the process exits, so that they are never torn down.
///
/// A large document, its ruleset or an import's result are hundreds of thousands of small values; releasing them one by one at the end of a command takes milliseconds (tens at 100,000 entries) and
/// changes nothing, since the process exits right after and the kernel reclaims its memory at once. Commands
/// that load large inputs hand them here before they return; `main` exits without running any deinitializer.
/// Commands run on the main thread, one per process, so nothing else touches the list.
internal enum ExitWithoutTeardown {
    nonisolated(unsafe) private static var kept: [Any] = []

    /// Keeps `value` alive until the process exits.
    static func keep(_ value: Any) {
        kept.append(value)
    }
}
