#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Reads tables back from the kernel into the object model: chains, rules with their statements, and
/// named sets and maps with their elements.
///
/// A rule's kernel expressions are lifted back to the statements `nft` would list for it, so a ruleset
/// applied and read back compares equal to what was applied once handles and counter values are set
/// aside, with the forms `nft list` prints: a one-element anonymous set reads as its value, an interval
/// that is exactly an address prefix reads as the prefix, the default log level and limit burst read as
/// absent, and a `meta l4proto` match written just before a `tcp` field reads as nft's implicit
/// dependency, which is dropped.
///
/// ```swift
/// let reader = RulesetReader(namespace: .named("router"))
/// let ruleset = try reader.read()             // vrc's own tables
/// for table in ruleset.tables { print(table.nftText()) }
/// ```
///
/// What the model cannot express (a rule another tool wrote with `quota`, a set of `typeof ip length`)
/// is never lifted half-way: ``read(_:)`` refuses the whole read with ``NFTablesError/malformedReply(_:)``
/// naming the object, and ``readLeniently(_:)`` leaves the object out and names it in
/// ``RulesetReading/problems``. Bytes the reader cannot make sense of are `malformedReply` as well; the
/// replies are parsed here rather than by libnftnl, which ends the process on an attribute of an
/// unexpected length.
///
/// The tables are read at one ruleset generation: when another writer changes the ruleset during the
/// read, the read starts over.
public struct RulesetReader: Sendable {
    /// The namespace whose ruleset is read.
    public let namespace: NetworkNamespace

    /// How often a read starts over because the ruleset changed under it before giving up.
    private static let attempts = 8

    /// Creates a reader for the ruleset of `namespace`; nothing is opened until a read.
    public init(namespace: NetworkNamespace) {
        self.namespace = namespace
    }

    /// Reads the selected tables.
    ///
    /// Throws ``NFTablesError/malformedReply(_:)`` naming the object (`table inet t, chain c, rule 3
    /// (handle 9)`) when a table holds something vrc's model cannot express, such as a rule another tool
    /// wrote with an expression vrc does not know; ``readLeniently(_:)`` reads such tables anyway.
    public func read(_ selection: TableSelection = .owned) throws(NFTablesError) -> Ruleset {
        let reading = try readLeniently(selection)
        if let problem = reading.problems.first {
            let more = reading.problems.count > 1 ? " (and \(reading.problems.count - 1) more)" : ""
            throw .malformedReply(problem.description + more)
        }
        return reading.ruleset
    }

    /// Reads the selected tables, leaving out what vrc cannot express and listing it in
    /// ``RulesetReading/problems``: a rule with an unknown expression is left out of its chain, a set
    /// of an unknown type out of its table.
    public func readLeniently(_ selection: TableSelection = .owned) throws(NFTablesError) -> RulesetReading {
        let socket = try NetlinkSocket(namespace: namespace)
        for _ in 0..<RulesetReader.attempts {
            var dumper = KernelDumper(socket: socket)
            let before = try dumper.generation()
            let tables = RulesetReader.select(try dumper.tables(), selection)
            var contents: [(KernelTable, [KernelChain], [KernelSet], [KernelRule])] = []
            for table in tables {
                contents.append(
                    (
                        table, try dumper.chains(of: table.id), try dumper.sets(of: table.id),
                        try dumper.rules(of: table.id)
                    ))
            }
            guard !dumper.interrupted, try dumper.generation() == before else { continue }
            var problems: [ReadProblem] = []
            let ruleset = Ruleset(
                tables: contents.map { table, chains, sets, rules in
                    RulesetAssembly.table(table, chains: chains, sets: sets, rules: rules, problems: &problems)
                })
            return RulesetReading(ruleset: ruleset, problems: problems, generation: before)
        }
        throw .system(
            call: "reading the ruleset (it kept changing during \(RulesetReader.attempts) reads)", errno: EAGAIN)
    }

    /// The current ruleset generation, which every committed change increments.
    public func generation() throws(NFTablesError) -> UInt32 {
        try KernelDumper(socket: NetlinkSocket(namespace: namespace)).generation()
    }

    /// The tables that carry vrc's ownership marker, in the kernel's order.
    public func ownedTables() throws(NFTablesError) -> [TableID] {
        var dumper = KernelDumper(socket: try NetlinkSocket(namespace: namespace))
        return try dumper.tables().filter(\.isOwned).map(\.id)
    }

    /// The tables of `all` that `selection` names; for `.tables`, in the order given.
    static func select(_ all: [KernelTable], _ selection: TableSelection) -> [KernelTable] {
        switch selection {
        case .owned:
            return all.filter(\.isOwned)
        case .all:
            return all
        case .tables(let ids):
            return ids.compactMap { id in all.first { $0.id == id } }
        }
    }
}
