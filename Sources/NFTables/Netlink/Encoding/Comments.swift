/// The limit nft puts on comments.
internal enum Comments {
    /// `NFTNL_UDATA_COMMENT_MAXLEN`: nft refuses longer comments ("comment too long").
    static let maximumLength = 128

    /// Throws when `nft` would refuse the comment.
    static func check(_ comment: String, location: String) throws(NFTablesError) {
        if comment.utf8.count > maximumLength {
            throw .invalidRuleset(
                location: location, reason: "comment too long, \(maximumLength) characters maximum allowed")
        }
    }
}
