/// An nftables table: a namespace for chains and sets within one address family.
public struct Table: Hashable, Sendable, Codable {
    /// The address family.
    public var family: TableFamily
    /// The table's name, unique within its family.
    public var name: String
    /// A free-text comment stored with the table.
    public var comment: String?
    /// Named sets and maps, in the order they are created.
    public var sets: [NFTSet]
    /// Chains, in the order they are created.
    public var chains: [Chain]
    /// The kernel's handle, present on tables read back from the kernel.
    public var handle: UInt64?

    /// Creates a table.
    public init(
        family: TableFamily,
        name: String,
        comment: String? = nil,
        sets: [NFTSet] = [],
        chains: [Chain] = [],
        handle: UInt64? = nil
    ) {
        self.family = family
        self.name = name
        self.comment = comment
        self.sets = sets
        self.chains = chains
        self.handle = handle
    }

    /// The chain with this name, if the table has one.
    public func chain(named name: String) -> Chain? {
        chains.first { $0.name == name }
    }

    /// The set or map with this name, if the table has one.
    public func set(named name: String) -> NFTSet? {
        sets.first { $0.name == name }
    }
}
