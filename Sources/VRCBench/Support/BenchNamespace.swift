import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A network namespace made for one measurement and removed after it, with a name no other run uses
/// (`vrc-bench-<pid>-<random>`).
///
/// Every command a benchmark times runs in such a namespace, never in the one `vrc bench` started in:
///
/// ```swift
/// let namespace = try BenchNamespace()
/// defer { namespace.remove() }
/// let timing = try Spawn.run(["/usr/sbin/ip", "netns", "exec", namespace.name, "nft", "-f", path])
/// ```
public struct BenchNamespace: Sendable {
    /// The name `ip netns` knows it by.
    public let name: String

    /// Makes the namespace.
    public init() throws(BenchError) {
        name = "vrc-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try Self.refuseWhenClosing()
        try Spawn.run([Self.ip, "netns", "add", name])
        // A namespace made while the run was being cut short would outlive it.
        if Self.closing.isSet {
            remove()
            try Self.refuseWhenClosing()
        }
    }

    /// Set once the process's namespaces are being removed: no new one is made after that.
    private static let closing = OnceFlag()

    /// Whether ``removeAllOfThisProcess()`` has begun: a measurement failing now failed because its namespace
    /// was taken away, and the interruption, not that failure, ends the run.
    public static var isClosing: Bool { closing.isSet }

    private static func refuseWhenClosing() throws(BenchError) {
        if closing.isSet { throw BenchError("the run is being interrupted; no new namespace is made") }
    }

    /// Deletes the namespace; a namespace already gone is not an error.
    public func remove() {
        _ = try? Spawn.run([Self.ip, "netns", "delete", name])
    }

    /// Deletes every namespace this process made (`vrc-bench-<pid>-*`), for a run cut short; returns how many
    /// it deleted.
    ///
    /// No namespace is made after the first call; one being made at that moment removes itself.
    public static func removeAllOfThisProcess() -> Int {
        closing.set()
        let prefix = "vrc-bench-\(getpid())-"
        var removed = 0
        // Twice: a namespace whose `ip netns add` was running during the first pass shows up for the second.
        for pass in 0..<2 {
            if pass == 1 { usleep(50_000) }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: "/run/netns")) ?? []
            for name in names where name.hasPrefix(prefix) {
                if (try? Spawn.run([ip, "netns", "delete", name])) != nil { removed += 1 }
            }
        }
        return removed
    }

    /// `argv` run inside the namespace through `ip netns exec`.
    public func command(_ argv: [String]) -> [String] {
        [Self.ip, "netns", "exec", name] + argv
    }

    /// The namespace file, for the library's `NetworkNamespace.path`.
    public var path: String { "/run/netns/\(name)" }

    /// `ip netns exec NAME true`, `runs` times: the start-up every command a benchmark times pays before its
    /// tool starts.
    public static func startupFloor(runs: Int) throws(BenchError) -> Sample {
        var sample = Sample()
        for _ in 0..<runs {
            let namespace = try BenchNamespace()
            defer { namespace.remove() }
            sample.append(try Spawn.run(namespace.command(["/bin/true"])).milliseconds)
        }
        return sample
    }

    /// `ip`, where Debian puts it, else wherever `PATH` has it.
    static let ip = BenchTools.locate("ip") ?? "/usr/sbin/ip"
}

/// A flag set once, read from any thread.
private final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }
}
