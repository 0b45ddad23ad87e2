/// An nftables rule: statements evaluated left to right.
///
/// ```swift
/// let rule = Rule([
///     .match(Match(.payload(.tcpDport), .eq, .integer(22))),
///     .counter(),
///     .verdict(.accept),
/// ], comment: "ssh")
/// ```
public struct Rule: Hashable, Sendable, Codable {
    /// The statements, in order.
    public var statements: [Statement]
    /// A free-text comment stored with the rule.
    public var comment: String?
    /// The kernel's handle, present on rules read back from the kernel.
    public var handle: UInt64?

    /// Creates a rule.
    public init(_ statements: [Statement], comment: String? = nil, handle: UInt64? = nil) {
        self.statements = statements
        self.comment = comment
        self.handle = handle
    }
}
