extension Ruleset {
    /// Checks the ruleset for everything `nft` or the kernel would refuse, and for forms they would
    /// silently change, so that a ruleset that validates loads the same through `nft -f` of
    /// ``nftText()`` and through a netlink transaction.
    ///
    /// ```swift
    /// do {
    ///     try ruleset.validate()
    /// } catch {
    ///     print(error)  // table inet vrc, chain forward, rule 3, statement 2: jump to chain 'lan' ...
    /// }
    /// ```
    ///
    /// Checked: names (nft identifiers that are not keywords, at most 255 bytes), strings (comments at
    /// most 128 bytes, no `"` anywhere), duplicate tables, chains, sets and elements, `jump`/`goto` and
    /// `@set` references, values against the type of what they are compared with or stored in,
    /// concatenation arity, base-chain type/hook/device combinations, where NAT and reject may run
    /// (through jumps too), jump loops and depth, and the limits of log, limit and set statements.
    ///
    /// - Throws: `NFTablesError.invalidRuleset` for the first problem found, with its location
    ///   (`table inet x, chain c, rule 3, statement 2`) and the reason.
    public func validate() throws(NFTablesError) {
        try RulesetValidator().validate(self)
    }
}
