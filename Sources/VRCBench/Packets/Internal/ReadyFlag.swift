import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Whether a thread that opens a socket in a namespace (a receiver, a listener) got it ready, for the thread
/// that waits on it.
internal final class ReadyFlag: Sendable {
    /// 0 while the thread starts, 1 when its socket is ready, -1 when it failed.
    private let state = Atomic<Int>(0)

    /// The socket is ready.
    func succeed() { state.store(1, ordering: .releasing) }

    /// The thread failed before its socket was ready.
    func fail() { state.store(-1, ordering: .releasing) }

    /// Waits up to 5 s; false when the thread failed or did not get ready.
    func wait() -> Bool {
        for _ in 0..<5_000 {
            switch state.load(ordering: .acquiring) {
            case 1: return true
            case -1: return false
            default: usleep(1_000)
            }
        }
        return false
    }
}
