/// Where a vrc command's time went, as the command itself reports it (`--json`): reading and decoding, compiling
/// (or translating), encoding the batch, and the kernel's handling of it. What the whole command took beyond
/// their sum is process start-up and exit.
public struct PhaseTimes: Codable, Hashable, Sendable {
    public var parse = Sample()
    public var compile = Sample()
    public var encode = Sample()
    public var kernel = Sample()

    public init() {}

    mutating func append(_ report: CommandTimes) {
        parse.append(report.parseMilliseconds ?? 0)
        compile.append(report.compileMilliseconds ?? 0)
        encode.append(report.encodeMilliseconds)
        kernel.append(report.kernelMilliseconds)
    }
}

/// The timing fields of `vrc apply --json` and of the `applied` member of `vrc import-iptables --apply --json`.
struct CommandTimes: Decodable {
    var parseMilliseconds: Double?
    var compileMilliseconds: Double?
    var encodeMilliseconds: Double
    var kernelMilliseconds: Double
}

/// `vrc import-iptables --apply --json`: the apply summary is one member.
struct ImportCommandOutput: Decodable {
    var applied: CommandTimes
}
