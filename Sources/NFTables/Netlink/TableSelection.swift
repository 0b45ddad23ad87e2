/// Which tables a ``RulesetReader`` reads from the kernel.
///
/// ```swift
/// let reader = RulesetReader(namespace: .named("router"))
/// let mine = try reader.read()                       // the tables vrc created
/// let everything = try reader.read(.all)             // every table, whoever made it
/// let one = try reader.read(.tables([TableID(family: .inet, name: "filter")]))
/// ```
public enum TableSelection: Hashable, Sendable {
    /// The tables that carry vrc's ownership marker in their userdata.
    case owned
    /// Every table in the namespace, of every family.
    case all
    /// These tables, whoever made them; a table that does not exist is left out of the result.
    case tables([TableID])
}
