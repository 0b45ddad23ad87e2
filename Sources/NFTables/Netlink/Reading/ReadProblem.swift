/// Something found in the kernel that vrc's object model cannot express, such as a rule written by
/// another tool with an expression vrc does not know.
///
/// ``RulesetReader/readLeniently(_:)`` leaves such objects out of the ruleset it returns and lists them
/// here; ``RulesetReader/read(_:)`` throws ``NFTablesError/malformedReply(_:)`` with the first one instead.
public struct ReadProblem: Hashable, Sendable, CustomStringConvertible {
    /// The object, as `nft` would name it: `table inet filter, chain input, rule 3 (handle 12)`.
    public var location: String
    /// What could not be expressed: `expression "quota" has no statement in vrc's model`.
    public var reason: String

    /// Creates a problem report.
    public init(location: String, reason: String) {
        self.location = location
        self.reason = reason
    }

    /// `location: reason`.
    public var description: String { "\(location): \(reason)" }
}
