/// One update method for one change at one size.
public struct UpdateRow: Codable, Hashable, Sendable {
    /// The change made.
    public var change: UpdateChange
    /// How it was made.
    public var method: UpdateMethod
    /// The router's size, in rule-equivalents.
    public var size: Int
    /// Wall milliseconds of the update: the whole command, or for ``UpdateMethod/vrcLibrary`` from the decoded
    /// documents to the kernel's last reply.
    public var wall = Sample()
    /// For ``UpdateMethod/vrcLibrary``: planning, encoding and the kernel's part.
    public var plan: Sample?
    public var encode: Sample?
    public var kernel: Sample?
    /// Operations in the batch (``UpdateMethod/vrcLibrary``) or `iptables` calls (``UpdateMethod/iptablesCalls``).
    public var operations: Int?

    /// A row with no measurement yet.
    public init(change: UpdateChange, method: UpdateMethod, size: Int) {
        self.change = change
        self.method = method
        self.size = size
    }
}
