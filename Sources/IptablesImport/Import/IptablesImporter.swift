import NFTables

/// Turns an `iptables-save` dump (and the `ipset save` output its rules use) into the nftables ruleset that
/// `iptables-restore-translate` would make: one table per iptables table (`ip filter`, `ip6 nat`, ...), the
/// built-in chains as base chains with `iptables-nft`'s hooks, priorities and the dump's policies, user chains
/// as regular chains, and every rule translated by ``RuleTranslator`` in the order of the dump.
///
/// ```swift
/// let dump = try SaveDumpParser(file: "rules.v4").parse(text)
/// let result = try IptablesImporter(options: .init(family: .ipv4, skipUntranslatable: true)).importDump(dump)
/// print(result.report.summary)       // 42 rules in, 40 translated, 2 untranslatable
/// print(result.ruleset.nftText())
/// ```
///
/// A rule that cannot be translated exactly is never changed into something else: in strict mode the import
/// fails on it; with `skipUntranslatable` it is left out and listed in the report with its line, its text and
/// the reason.
public struct IptablesImporter: Sendable {
    /// How to import.
    public struct Options: Hashable, Sendable {
        /// The tool that made the dump.
        public var family: IptablesFamily
        /// Put in front of each table's name (`legacy_` gives `ip legacy_filter`); empty for none.
        public var tablePrefix: String
        /// Leave out untranslatable rules (and report them) instead of failing.
        public var skipUntranslatable: Bool
        /// Merge runs of rules that differ only in addresses, ports or interfaces into set lookups
        /// (``ChainOptimizer``); the report says how many rules came out.
        public var optimize: Bool

        /// Creates options; strict (no untranslatable rule allowed) unless `skipUntranslatable`.
        public init(
            family: IptablesFamily = .ipv4, tablePrefix: String = "", skipUntranslatable: Bool = false,
            optimize: Bool = false
        ) {
            self.family = family
            self.tablePrefix = tablePrefix
            self.skipUntranslatable = skipUntranslatable
            self.optimize = optimize
        }
    }

    /// The longest comment nftables stores, in bytes.
    static let maximumCommentLength = 128

    /// How to import.
    public var options: Options

    /// Creates an importer.
    public init(options: Options) {
        self.options = options
    }

    /// The ruleset for `dump`, with `ipsets` providing the sets that `-m set` rules use.
    ///
    /// - Throws: In strict mode, an ``IptablesImportError`` (code `untranslatableRule`) at the first rule that
    ///   cannot be translated; in both modes, one for a table whose ruleset nftables would refuse for a reason
    ///   that is not a single rule's.
    public func importDump(_ dump: SaveDump, ipsets: IpsetSave? = nil) throws(IptablesImportError) -> ImportResult {
        var report = ImportReport(file: dump.file, rulesIn: dump.ruleCount)
        let availableSets = convertSets(ipsets, report: &report)
        var tables: [Table] = []
        var sources: [String: Transaction.Sources] = [:]
        for saveTable in dump.tables {
            var built = try build(saveTable, file: dump.file, availableSets: availableSets, report: &report)
            try settle(&built, saveTable: saveTable, file: dump.file, report: &report)
            if options.optimize { optimizeValidated(&built, report: &report) }
            report.sets += built.table.sets.map { "\(built.table.name)/\($0.name)" }
            tables.append(built.table)
            sources[built.table.name] = built.sources
        }
        report.untranslatable.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        report.rulesTranslated = report.rulesIn - report.untranslatable.count
        report.rulesOut = tables.reduce(0) { $0 + $1.chains.reduce(0) { $0 + $1.rules.count } }
        if !options.skipUntranslatable, let first = report.untranslatable.first {
            let more = report.untranslatable.count - 1
            throw IptablesImportError(
                .untranslatableRule, file: first.file, line: first.line, column: first.column,
                message: "cannot translate the rule exactly: \(first.reason)"
                    + (more > 0 ? " (and \(more) more rule\(more == 1 ? "" : "s"))" : ""))
        }
        return ImportResult(ruleset: Ruleset(tables: tables), sources: sources, report: report)
    }

    // MARK: - Optimization

    /// Optimizes every chain, then puts back the rules of a chain as they were wherever the merged rules do not
    /// validate: `--optimize` must never turn a table that nftables takes into one it refuses or changes.
    private func optimizeValidated(_ built: inout BuiltTable, report: inout ImportReport) {
        let original = built
        optimize(&built)
        var reverted: Set<String> = []
        let unrepaired = Self.validate(&built) { built, chain, _, reason in
            guard reverted.insert(chain).inserted,
                let index = built.table.chains.firstIndex(where: { $0.name == chain }),
                let originalIndex = original.table.chains.firstIndex(where: { $0.name == chain })
            else { return false }
            built.table.chains[index] = original.table.chains[originalIndex]
            built.sources.rules[chain] = original.sources.rules[chain]
            report.notes.append("--optimize left chain \(chain) of table \(built.table.name) as it was: \(reason)")
            return true
        }
        if unrepaired != nil { built = original }
    }

    /// Merges each chain's rules with ``ChainOptimizer``; a merged rule's source names the lines of all the rules
    /// it stands for (`dump:12-40`).
    private func optimize(_ built: inout BuiltTable) {
        // Chains merge on their own: on every core, the longest first so that they balance.
        let order = built.table.chains.indices.sorted {
            built.table.chains[$0].rules.count > built.table.chains[$1].rules.count
        }
        let chains = built.table.chains
        let results = Parallel.map(order) { ChainOptimizer.mergedRules(chains[$0].rules) }
        for (index, merged) in zip(order, results) {
            let name = built.table.chains[index].name
            let rules = built.table.chains[index].rules
            built.table.chains[index].rules = merged.map(\.rule)
            guard let lines = built.sources.rules[name], lines.count == rules.count else { continue }
            built.sources.rules[name] = merged.map { rule in
                let first = rule.origins.first.flatMap { lines[$0] }
                guard rule.origins.count > 1, let first, let lastPlace = rule.origins.max(),
                    let last = lines[lastPlace]?.split(separator: ":").last
                else { return first }
                return "\(first)-\(last)"
            }
        }
    }

    // MARK: - Sets

    /// The ipsets that nftables can hold, by name; the others are reported as notes (their rules fail later).
    private func convertSets(
        _ ipsets: IpsetSave?, report: inout ImportReport
    ) -> [String: Result<IpsetSetConverter.Conversion, IptablesImportError>] {
        guard let ipsets else { return [:] }
        let converter = IpsetSetConverter(family: options.family, file: ipsets.file)
        var converted: [String: Result<IpsetSetConverter.Conversion, IptablesImportError>] = [:]
        for definition in ipsets.sets {
            converted[definition.name] = Result { () throws(IptablesImportError) in try converter.convert(definition) }
        }
        return converted
    }

    // MARK: - Tables

    /// A table being built, with the dump line of each rule in it.
    private struct BuiltTable {
        var table: Table
        var sources: Transaction.Sources
        /// For each chain, the dump rule behind each of its rules.
        var origins: [String: [SaveRule]]
    }

    private func build(
        _ saveTable: SaveTable, file: String,
        availableSets: [String: Result<IpsetSetConverter.Conversion, IptablesImportError>],
        report: inout ImportReport
    ) throws(IptablesImportError) -> BuiltTable {
        let name = options.tablePrefix + saveTable.table.rawValue
        var table = Table(family: options.family.tableFamily, name: name)
        var sources = Transaction.Sources(table: "\(file):\(saveTable.line)")
        var chainIndex: [String: Int] = [:]
        for chain in saveTable.chains {
            let policy: ChainPolicy? = chain.policy.map { $0 == .drop ? .drop : .accept }
            chainIndex[chain.name] = table.chains.count
            table.chains.append(
                Chain(name: chain.name, hook: saveTable.table.baseChain(for: chain.name, policy: policy)))
            sources.chains[chain.name] = "\(file):\(chain.line)"
        }
        let translator = RuleTranslator(
            family: options.family, table: saveTable.table.rawValue, userChains: saveTable.userChains)
        var origins: [String: [SaveRule]] = [:]
        var setsUsed: [String] = []
        let translations = translateAll(saveTable.rules, with: translator, availableSets: availableSets)
        for (rule, translation) in zip(saveTable.rules, translations) {
            guard let index = chainIndex[rule.chain] else {
                // SaveDumpParser never lets this through; a dump built by hand might.
                report.untranslatable.append(
                    ImportReport.SkippedRule(
                        file: file, line: rule.line, column: rule.arguments.first?.column ?? 1,
                        table: saveTable.table.rawValue, chain: rule.chain, text: rule.text,
                        reason: "chain '\(rule.chain)' has no chain line in table \(saveTable.table.rawValue)"))
                continue
            }
            switch translation {
            case .success(let translated):
                table.chains[index].rules.append(translated.rule)
                sources.rules[rule.chain, default: []].append("\(file):\(rule.line)")
                origins[rule.chain, default: []].append(rule)
                for set in translated.sets where !setsUsed.contains(set) { setsUsed.append(set) }
            case .failure(let skipped):
                report.untranslatable.append(
                    ImportReport.SkippedRule(
                        file: file, line: rule.line, column: skipped.column, table: saveTable.table.rawValue,
                        chain: rule.chain, text: rule.text, reason: skipped.reason))
            }
        }
        for setName in setsUsed {
            guard case .success(let conversion)? = availableSets[setName] else { continue }
            table.sets.append(conversion.set)
            sources.sets[setName] = conversion.source
            report.notes += conversion.notes.filter { !report.notes.contains($0) }
        }
        return BuiltTable(table: table, sources: sources, origins: origins)
    }

    /// Every rule of a table translated, in order, on every core: rules translate independently of each other,
    /// and translating is most of an import's own time. Rules go in chunks, so that handing them out costs little
    /// beside the work.
    private func translateAll(
        _ rules: [SaveRule], with translator: RuleTranslator,
        availableSets: [String: Result<IpsetSetConverter.Conversion, IptablesImportError>]
    ) -> [Result<TranslatedRule, Refusal>] {
        let chunk = 256
        let ranges = stride(from: 0, to: rules.count, by: chunk).map { $0..<min($0 + chunk, rules.count) }
        return Parallel.map(ranges) { range in
            range.map { index in
                translate(
                    rules[index], arguments: rules[index].arguments, with: translator, availableSets: availableSets)
            }
        }.flatMap { $0 }
    }

    /// A translated rule and the named sets it uses.
    private struct TranslatedRule: Sendable {
        var rule: Rule
        var sets: [String]
    }

    /// Why a rule was not translated, and the column of the argument at fault.
    private struct Refusal: Error, Sendable {
        var column: Int
        var reason: String
    }

    private func translate(
        _ rule: SaveRule, arguments: [SaveArgument], with translator: RuleTranslator,
        availableSets: [String: Result<IpsetSetConverter.Conversion, IptablesImportError>]
    ) -> Result<TranslatedRule, Refusal> {
        let texts = arguments.map(\.text)
        let firstColumn = arguments.first?.column ?? 1
        let statements: [Statement]
        do {
            statements = try translator.translate(texts)
        } catch {
            let column =
                arguments.indices.contains(error.argumentIndex)
                ? arguments[error.argumentIndex].column : firstColumn
            return .failure(Refusal(column: column, reason: error.reason))
        }
        var comment: String?
        if let index = Self.commentIndex(texts) {
            let text = texts[index]
            if text.utf8.count > Self.maximumCommentLength || text.contains("\"") {
                return .failure(
                    Refusal(
                        column: arguments[index].column,
                        reason: text.contains("\"")
                            ? "the comment holds a '\"', which nftables cannot store"
                            : "the comment is \(text.utf8.count) bytes long; nftables stores at most "
                                + "\(Self.maximumCommentLength)"))
            }
            comment = text.isEmpty ? nil : text
        }
        let sets = Self.namedSets(in: statements)
        for set in sets {
            let column = Self.column(ofSet: set, in: arguments) ?? firstColumn
            switch availableSets[set] {
            case .none:
                return .failure(Refusal(column: column, reason: "set '\(set)' is not in the ipset file (see --ipset)"))
            case .failure(let problem)?:
                return .failure(Refusal(column: column, reason: "set '\(set)' cannot be imported: \(problem.message)"))
            case .success?:
                break
            }
        }
        return .success(TranslatedRule(rule: Rule(statements, comment: comment), sets: sets))
    }

    /// The index of the value of `--comment` after `-m comment`, if the rule has one.
    static func commentIndex(_ arguments: [String]) -> Int? {
        var inComment = false
        for index in arguments.indices {
            let argument = arguments[index]
            if argument == "-m" || argument == "--match" {
                inComment = index + 1 < arguments.count && arguments[index + 1] == "comment"
            } else if inComment, argument == "--comment", index + 1 < arguments.count {
                return index + 1
            }
        }
        return nil
    }

    /// The column of the argument that names set `name` (after `--match-set` or `--set`).
    private static func column(ofSet name: String, in arguments: [SaveArgument]) -> Int? {
        for index in arguments.indices.dropFirst()
        where arguments[index].text == name && ["--match-set", "--set"].contains(arguments[index - 1].text) {
            return arguments[index].column
        }
        return arguments.first { $0.text == name }?.column
    }

    /// The named sets and maps the statements refer to, in order.
    static func namedSets(in statements: [Statement]) -> [String] {
        var names: [String] = []
        func add(_ name: String) { if !names.contains(name) { names.append(name) } }
        for statement in statements {
            switch statement {
            case .match(let match):
                if case .named(let name) = match.right { add(name) }
            case .verdictMap(let map):
                if case .named(let name) = map.map { add(name) }
            case .nat(let nat):
                if case .map(_, .named(let name))? = nat.to { add(name) }
            default:
                break
            }
        }
        return names
    }

    // MARK: - Validation

    /// Validates the table the way nft and the kernel would; a rule they refuse is treated as untranslatable
    /// (it is the translation that is wrong, and it must not reach the kernel).
    private func settle(
        _ built: inout BuiltTable, saveTable: SaveTable, file: String, report: inout ImportReport
    ) throws(IptablesImportError) {
        let unrepaired = Self.validate(&built) { built, chain, index, reason in
            guard let chainIndex = built.table.chains.firstIndex(where: { $0.name == chain }),
                let origin = built.origins[chain], origin.indices.contains(index)
            else { return false }
            let rule = origin[index]
            built.table.chains[chainIndex].rules.remove(at: index)
            built.origins[chain]?.remove(at: index)
            built.sources.rules[chain]?.remove(at: index)
            report.untranslatable.append(
                ImportReport.SkippedRule(
                    file: file, line: rule.line, column: rule.arguments.first?.column ?? 1,
                    table: saveTable.table.rawValue, chain: chain, text: rule.text,
                    reason: "nftables would refuse the translation (\(reason))"))
            return true
        }
        if let unrepaired {
            throw IptablesImportError(
                .invalidRuleset, file: file, line: saveTable.line, column: 2,
                message: "nftables would refuse table \(built.table.name): \(unrepaired)")
        }
    }

    /// Validates the table until it passes, letting `repair` change it at each rule a problem names (chain, rule
    /// index from 0, reason); returns the problem it could not repair, if any. Every repair removes or replaces
    /// rules, so the loop ends.
    private static func validate(
        _ built: inout BuiltTable, repair: (inout BuiltTable, String, Int, String) -> Bool
    ) -> NFTablesError? {
        while true {
            do {
                try Ruleset(tables: [built.table]).validate()
                return nil
            } catch {
                guard case .invalidRuleset(let location, let reason) = error,
                    let (chain, index) = ruleLocation(location), repair(&built, chain, index, reason)
                else { return error }
            }
        }
    }

    /// The chain and the rule index (from 0) named by a validation location `table ip x, chain c, rule 3, ...`.
    static func ruleLocation(_ location: String) -> (String, Int)? {
        let parts = location.split(separator: ",").map { $0.trimmingPrefix(" ") }
        guard let chainPart = parts.first(where: { $0.hasPrefix("chain ") }),
            let rulePart = parts.first(where: { $0.hasPrefix("rule ") }),
            let number = Int(rulePart.dropFirst("rule ".count)), number >= 1
        else { return nil }
        return (String(chainPart.dropFirst("chain ".count)), number - 1)
    }
}
