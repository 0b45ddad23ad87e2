import CNetfilter

/// Lowers a `Table` header (no chains, no sets) into a libnftnl table, as `nft` 1.0.6 does.
internal enum TableEncoder {
    /// The table message; with `owned`, userdata also carries vrc's ownership marker.
    static func encode(_ table: Table, owned: Bool) throws(NFTablesError) -> NftnlTable {
        let object = NftnlTable()
        nftnl_table_set_u32(object.pointer, UInt16(NFTNL_TABLE_FAMILY.rawValue), UInt32(table.family.nfproto))
        nftnl_table_set_str(object.pointer, UInt16(NFTNL_TABLE_NAME.rawValue), table.name)
        nftnl_table_set_u32(object.pointer, UInt16(NFTNL_TABLE_FLAGS.rawValue), 0)
        var userdata = Userdata()
        if let comment = table.comment {
            try Comments.check(comment, location: "table \(table.family.rawValue) \(table.name)")
            userdata.putString(Userdata.TableType.comment.rawValue, comment)
        }
        if owned {
            userdata.putString(Ownership.userdataType, Ownership.marker)
        }
        if !userdata.isEmpty {
            userdata.bytes.withUnsafeBytes { buffer in
                _ = nftnl_table_set_data(
                    object.pointer, UInt16(NFTNL_TABLE_USERDATA.rawValue), buffer.baseAddress, UInt32(buffer.count))
            }
        }
        return object
    }
}
