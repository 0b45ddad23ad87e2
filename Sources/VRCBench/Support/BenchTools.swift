import Foundation

/// The programs the benchmarks run, looked up before anything is measured.
public enum BenchTools {
    /// Throws ``BenchError/Kind/unavailable`` naming every program of `names` that is not on `PATH` (or in
    /// `/usr/sbin` and `/sbin`, where Debian puts iptables and ip).
    public static func require(_ names: [String]) throws(BenchError) {
        let missing = names.filter { locate($0) == nil }
        guard missing.isEmpty else {
            throw BenchError(
                "missing \(missing.joined(separator: ", ")) (Debian: apt-get install nftables iptables iproute2)",
                kind: .unavailable)
        }
    }

    /// The absolute path of `name`, or `nil`.
    public static func locate(_ name: String) -> String? {
        if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        return directories.lazy.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The running executable (`/proc/self/exe`), for benchmarks that time vrc's own commands.
    public static func currentExecutable() -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    }
}
