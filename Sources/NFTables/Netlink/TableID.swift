/// Names one table in the kernel: its family and its name.
///
/// ```swift
/// var transaction = Transaction(namespace: .named("router"))
/// transaction.delete(TableID(family: .inet, name: "vrc"))
/// ```
public struct TableID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The address family.
    public var family: TableFamily
    /// The table's name, unique within its family.
    public var name: String

    /// Creates a table identifier.
    public init(family: TableFamily, name: String) {
        self.family = family
        self.name = name
    }

    /// `table inet vrc`, as `nft` names it.
    public var description: String { "table \(family.rawValue) \(name)" }
}

extension Table {
    /// The identifier of this table: its family and name.
    public var id: TableID { TableID(family: family, name: name) }
}
