/// The result of a lenient read: what could be lifted into the object model, what could not, and the
/// ruleset generation it was read at.
public struct RulesetReading: Hashable, Sendable {
    /// The tables read, without the objects listed in ``problems``.
    public var ruleset: Ruleset
    /// Rules, chains and sets that were left out because vrc cannot express them.
    public var problems: [ReadProblem]
    /// The ruleset generation the tables were read at; it did not change during the read.
    ///
    /// Pass it as a transaction's generation guard to apply a change only if nobody else changed the
    /// ruleset since it was read.
    public var generation: UInt32

    /// Creates a reading.
    public init(ruleset: Ruleset, problems: [ReadProblem], generation: UInt32) {
        self.ruleset = ruleset
        self.problems = problems
        self.generation = generation
    }
}
