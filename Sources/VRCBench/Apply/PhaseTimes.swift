/// Where a vrc command's time went, as the command itself reports it (`--json`): reading and decoding, compiling
/// (or translating), encoding the batch, and the kernel's handling of it. What the whole command took beyond
/// their sum is process start-up and exit.
public struct PhaseTimes: Codable, Hashable, Sendable {
    /// Reading and decoding the input.
    public var parse = Sample()
    /// Compiling the document, or translating the dump.
    public var compile = Sample()
    /// Encoding the netlink batch.
    public var encode = Sample()
    /// From sending the batch to the kernel's last reply.
    public var kernel = Sample()

    /// No measurements yet.
    public init() {}

    mutating func append(_ report: CommandTimes) {
        parse.append(report.parseMilliseconds ?? 0)
        compile.append(report.compileMilliseconds ?? 0)
        encode.append(report.encodeMilliseconds)
        kernel.append(report.kernelMilliseconds)
    }
}
