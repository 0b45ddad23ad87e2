/// A set of nftables tables: the unit that vrc renders, applies and reads back.
///
/// A `Ruleset` holds only the tables it names. Applying it replaces exactly those
/// tables and leaves every other table in the kernel alone.
public struct Ruleset: Hashable, Sendable, Codable {
    /// The tables, in the order they are created.
    public var tables: [Table]

    /// Creates a ruleset from its tables.
    public init(tables: [Table] = []) {
        self.tables = tables
    }
}
