extension Ruleset {
    /// The ruleset as `nft` text, which `nft -f` loads into the same kernel state that applying the
    /// ruleset through netlink creates.
    ///
    /// ```swift
    /// let ruleset = Ruleset(tables: [table])
    /// try ruleset.validate()
    /// try ruleset.nftText().write(toFile: "/tmp/vrc.nft", atomically: true, encoding: .utf8)
    /// // nft -f /tmp/vrc.nft
    /// ```
    ///
    /// Call `validate()` first: a ruleset that nft would refuse renders to text nft refuses too.
    /// The text declares the tables; it does not delete what is already there.
    public func nftText() -> String {
        var renderer = NFTTextRenderer()
        return renderer.render(self)
    }
}

extension Table {
    /// The table as `nft` text: `table inet filter { ... }`, sets before chains, both in model order.
    public func nftText() -> String {
        var renderer = NFTTextRenderer()
        return renderer.render(self)
    }
}
