/// Finds what `nft` or the kernel would refuse in a ruleset, or would load differently from what the
/// model says (by merging, deduplicating or filling in), and names where it is.
///
/// Each rule here was checked against nftables 1.0.6 and the running kernel: see `Ruleset.validate()`.
internal struct RulesetValidator {
    /// The kernel refuses a chain reached through more nested jumps than this (`EMLINK`).
    static let maxJumpDepth = 15

    func validate(_ ruleset: Ruleset) throws(NFTablesError) {
        var seen: Set<String> = []
        for table in ruleset.tables {
            let location = "table \(table.family.rawValue) \(table.name)"
            guard seen.insert(location).inserted else {
                throw RulesetValidator.failure(
                    location, "the ruleset has two tables \(table.family.rawValue) \(table.name)")
            }
            try TableValidator(table: table).validate()
        }
    }
}

extension RulesetValidator {
    /// The error every check throws.
    static func failure(_ location: String, _ reason: String) -> NFTablesError {
        .invalidRuleset(location: location, reason: reason)
    }
}
