import CNetfilter

/// A set lowered to libnftnl: its header and its elements, cut into messages.
internal struct EncodedSet {
    /// The header: table, name (or `__set%d` with `NFT_SET_ANONYMOUS`), id, key and data type and length,
    /// flags, userdata.
    var set: NftnlSet
    /// Element messages, each with less than 64 KiB of payload.
    var elementBatches: [NftnlSet]

    /// The ID that messages of the same batch use to refer to the set (`NFTA_SET_ID`).
    var id: UInt32 {
        nftnl_set_get_u32(set.pointer, UInt16(NFTNL_SET_ID.rawValue))
    }
}
