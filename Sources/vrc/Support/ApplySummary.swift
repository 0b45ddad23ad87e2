import NFTables

/// What `vrc apply` did, for people (one sentence) and for programs (`--json`).
internal struct ApplySummary: Encodable {
    /// The namespace, as the user named it.
    var namespace: String
    /// Whether this was a check only (nothing committed).
    var checkOnly: Bool
    /// The tables applied, as `family name`.
    var tables: [String]
    /// Netlink messages in the batch, BEGIN and END included.
    var messages: Int
    /// Bytes of the batch.
    var batchBytes: Int
    /// Time spent building the batch, in milliseconds.
    var encodeMilliseconds: Double
    /// Time from `sendmsg` to the last reply, in milliseconds.
    var kernelMilliseconds: Double
    /// Milliseconds spent reading and decoding the file (and validating it).
    var parseMilliseconds: Double?
    /// Milliseconds spent compiling a router document to its ruleset, or translating an iptables dump; `nil` for a
    /// ruleset file.
    var compileMilliseconds: Double?
    /// Milliseconds from reading the file to the kernel's last reply.
    var totalMilliseconds: Double?

    private enum CodingKeys: String, CodingKey {
        case namespace, checkOnly, tables, messages, batchBytes, encodeMilliseconds, kernelMilliseconds
        case parseMilliseconds, compileMilliseconds, totalMilliseconds
    }

    init(ruleset: Ruleset, namespace: NetworkNamespace, checkOnly: Bool, report: TransactionReport) {
        self.namespace = "\(namespace)"
        self.checkOnly = checkOnly
        tables = ruleset.tables.map { "\($0.family.rawValue) \($0.name)" }
        messages = report.messages
        batchBytes = report.bytes
        encodeMilliseconds = report.encodeTime.milliseconds
        kernelMilliseconds = report.kernelTime.milliseconds
    }

    /// `applied 2 tables to network namespace 'x': inet filter, ip nat`.
    var sentence: String {
        let count = tables.count == 1 ? "1 table" : "\(tables.count) tables"
        let listed = tables.isEmpty ? "" : ": " + tables.joined(separator: ", ")
        if checkOnly {
            return "check passed, nothing committed: the kernel accepts \(count) for \(namespace)\(listed)"
        }
        return "applied \(count) to \(namespace)\(listed)"
    }

    /// `encode 1.234 ms, kernel 5.678 ms, 42 messages, 12345 bytes`.
    var timingLine: String {
        var before = parseMilliseconds.map { "parse \(Self.format($0)) ms, " } ?? ""
        before += compileMilliseconds.map { "compile \(Self.format($0)) ms, " } ?? ""
        let total = totalMilliseconds.map { ", total \(Self.format($0)) ms" } ?? ""
        return before + "encode \(Self.format(encodeMilliseconds)) ms, kernel \(Self.format(kernelMilliseconds)) ms, "
            + "\(messages) messages, \(batchBytes) bytes" + total
    }

    private static func format(_ milliseconds: Double) -> String {
        let thousandths = Int((milliseconds * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
