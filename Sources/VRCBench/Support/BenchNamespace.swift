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
        try Spawn.run([Self.ip, "netns", "add", name])
    }

    /// Deletes the namespace; a namespace already gone is not an error.
    public func remove() {
        _ = try? Spawn.run([Self.ip, "netns", "delete", name])
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
