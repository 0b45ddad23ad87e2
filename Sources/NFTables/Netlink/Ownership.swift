/// How vrc marks the tables it owns.
///
/// A table vrc creates carries one extra TLV in its userdata (the same `nftnl_udata` list that holds
/// the table comment). `nft` 1.0.6 parses the userdata with a callback that skips types it does not
/// know, so the marker neither changes `nft list` output nor produces a warning.
internal enum Ownership {
    /// The userdata TLV type of the marker.
    static let userdataType: UInt8 = 0x7F
    /// The marker's value.
    static let marker = "vrc"
}
