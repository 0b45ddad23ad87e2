/// One method at one size: the whole command's wall time over the runs, and for vrc its phases.
public struct ApplyRow: Codable, Hashable, Sendable {
    /// How the rules were loaded.
    public var method: ApplyMethod
    /// The size asked for (entries).
    public var size: Int
    /// The rules the kernel holds afterwards (iptables rules or nftables rules), checked after the first run.
    public var rules: Int
    /// Named set and map elements the kernel holds afterwards (vrc's compiled form only).
    public var elements: Int
    /// Wall milliseconds from starting the command to its exit, one value per run.
    public var wall: Sample
    /// vrc's own account of its time; `nil` for other tools.
    public var phases: PhaseTimes?
    /// Set when the method was not run at this size and `wall` holds an estimate from the sizes it finished.
    public var extrapolatedFrom: [Int]?

    /// A row with `wall` measured so far.
    public init(method: ApplyMethod, size: Int, rules: Int, elements: Int = 0, wall: Sample = Sample()) {
        self.method = method
        self.size = size
        self.rules = rules
        self.elements = elements
        self.wall = wall
    }
}
