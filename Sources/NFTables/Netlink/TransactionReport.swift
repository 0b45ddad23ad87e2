/// What one transaction cost: its size, and the time spent building it and in the kernel.
///
/// Times come from `ContinuousClock`. The kernel time runs from the `sendmsg` of the batch to the last
/// reply read, which covers the kernel's whole work since nf_tables handles a batch inside `sendmsg`.
public struct TransactionReport: Hashable, Sendable, CustomStringConvertible {
    /// The number of netlink messages in the batch, BEGIN and END included.
    public var messages: Int
    /// The size of the batch in bytes.
    public var bytes: Int
    /// The time spent encoding the objects and writing the batch.
    public var encodeTime: Duration
    /// The time from `sendmsg` to the last reply.
    public var kernelTime: Duration
    /// Whether the batch was only checked (sent without END), so nothing was committed.
    public var checkOnly: Bool

    /// Creates a report.
    public init(messages: Int, bytes: Int, encodeTime: Duration, kernelTime: Duration, checkOnly: Bool) {
        self.messages = messages
        self.bytes = bytes
        self.encodeTime = encodeTime
        self.kernelTime = kernelTime
        self.checkOnly = checkOnly
    }

    /// The report of a transaction that had nothing to send.
    static func empty(checkOnly: Bool) -> TransactionReport {
        TransactionReport(messages: 0, bytes: 0, encodeTime: .zero, kernelTime: .zero, checkOnly: checkOnly)
    }

    /// `12 messages, 3412 bytes, encode 0.2 ms, kernel 1.9 ms` (with `checked,` in front in check mode).
    public var description: String {
        let mode = checkOnly ? "checked, " : ""
        return "\(mode)\(messages) messages, \(bytes) bytes, encode \(Self.milliseconds(encodeTime)) ms, "
            + "kernel \(Self.milliseconds(kernelTime)) ms"
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let value = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return String((value * 10).rounded() / 10)
    }
}
