import Foundation

/// The machine a run measured on, printed with every result so that numbers are never read without it.
public struct MachineInfo: Codable, Hashable, Sendable {
    /// The CPU model (`/proc/cpuinfo`).
    public var cpu: String
    /// Online cores.
    public var cores: Int
    /// The kernel release (`uname -r`).
    public var kernel: String
    /// When the run started, ISO 8601 in UTC.
    public var date: String
    /// `nft --version` and `iptables --version`, as they print them.
    public var tools: [String]

    /// Reads the facts of this machine.
    public static func current() -> MachineInfo {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(separator: "\n")
            .first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return MachineInfo(
            cpu: model, cores: ProcessInfo.processInfo.activeProcessorCount, kernel: release,
            date: formatter.string(from: Date()),
            tools: [Self.version(of: ["nft", "--version"]), Self.version(of: ["iptables-legacy", "--version"])]
                .compactMap { $0 })
    }

    /// One line: `Intel(R) Xeon(R) ..., 2 cores, kernel 6.18.0, 2026-11-26T01:00:00Z`.
    public var summary: String {
        "\(cpu), \(cores) cores, kernel \(kernel), \(date)"
    }

    private static func version(of argv: [String]) -> String? {
        let output = TemporaryFile.unique("version")
        defer { try? FileManager.default.removeItem(at: output) }
        guard (try? Spawn.run(["/usr/bin/env"] + argv, output: output)) != nil,
            let text = try? String(contentsOf: output, encoding: .utf8)
        else { return nil }
        return text.split(separator: "\n").first.map(String.init)
    }
}
