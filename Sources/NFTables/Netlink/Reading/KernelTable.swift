import CNetfilter

/// A table as the kernel describes it in a `NFT_MSG_NEWTABLE` dump message.
internal struct KernelTable {
    var family: TableFamily
    var name: String
    var handle: UInt64?
    var flags: UInt32
    var comment: String?
    /// Whether the userdata carries vrc's ownership marker.
    var isOwned: Bool

    var id: TableID { TableID(family: family, name: name) }

    /// Parses one dump message; `nil` for a table of a family vrc does not model.
    static func parse(_ message: NetlinkMessage) throws(NFTablesError) -> KernelTable? {
        try message.check(NFT_MSG_NEWTABLE, what: "table")
        let attributes = try NetlinkAttributeSet(message: message, context: "table")
        guard let name = attributes.string(NFTA_TABLE_NAME.rawValue) else {
            throw .malformedReply("table: the message has no name")
        }
        guard let family = TableFamily(nfproto: message.nfgenFamily) else { return nil }
        let userdata = UserdataReader(attributes.bytes(NFTA_TABLE_USERDATA.rawValue) ?? [])
        return KernelTable(
            family: family,
            name: name,
            handle: try attributes.uint64(NFTA_TABLE_HANDLE.rawValue),
            flags: try attributes.uint32(NFTA_TABLE_FLAGS.rawValue) ?? 0,
            comment: userdata.string(0),
            isOwned: userdata.string(Ownership.userdataType) == Ownership.marker
        )
    }
}
