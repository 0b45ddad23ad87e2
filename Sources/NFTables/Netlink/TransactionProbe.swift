/// Reads what a transaction must know of the kernel before it changes existing tables: the ruleset
/// generation, and which tables exist and whether vrc owns them.
internal enum TransactionProbe {
    /// The kernel's tables at one generation.
    struct Snapshot {
        /// The generation read before the tables: any change after it makes a batch guarded by it fail.
        var generation: UInt32
        /// Every table, and whether it carries vrc's ownership marker.
        var tables: [TableID: Bool]

        /// The tables vrc owns, sorted by family and name.
        var ownedTables: [TableID] {
            tables.filter(\.value).map(\.key).sorted {
                ($0.family.rawValue, $0.name) < ($1.family.rawValue, $1.name)
            }
        }
    }

    /// Reads the generation, then every table (one `NFT_MSG_GETTABLE` dump, no chains or rules).
    static func snapshot(_ socket: NetlinkSocket) throws(NFTablesError) -> Snapshot {
        var dumper = KernelDumper(socket: socket)
        let generation = try dumper.generation()
        var tables: [TableID: Bool] = [:]
        for table in try dumper.tables() {
            tables[table.id] = table.isOwned
        }
        return Snapshot(generation: generation, tables: tables)
    }
}
