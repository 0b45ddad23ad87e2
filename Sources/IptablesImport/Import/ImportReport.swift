/// What an import did: how many rules went in and came out, and every rule it could not translate, with
/// where it is and why.
public struct ImportReport: Hashable, Sendable, Codable {
    /// A rule that was not imported.
    public struct SkippedRule: Hashable, Sendable, Codable, CustomStringConvertible {
        /// The dump's file, as the user named it.
        public var file: String
        /// The rule's line in the dump.
        public var line: Int
        /// The column of the argument that cannot be translated.
        public var column: Int
        /// The iptables table (`filter`, `nat`, ...).
        public var table: String
        /// The chain.
        public var chain: String
        /// The rule's line as it is in the dump.
        public var text: String
        /// Why it cannot be translated.
        public var reason: String

        /// Creates an entry.
        public init(file: String, line: Int, column: Int, table: String, chain: String, text: String, reason: String) {
            self.file = file
            self.line = line
            self.column = column
            self.table = table
            self.chain = chain
            self.text = text
            self.reason = reason
        }

        /// `dump.txt:12:30: reason: -A INPUT ...`.
        public var description: String { "\(file):\(line):\(column): \(reason): \(text)" }
    }

    /// The dump's file, as the user named it.
    public var file: String
    /// The rules of the dump.
    public var rulesIn: Int
    /// The rules translated into the ruleset.
    public var rulesTranslated: Int
    /// The rules of the ruleset: the translated ones, or fewer where `--optimize` merged them.
    public var rulesOut: Int
    /// The rules not translated, in the order of the dump.
    public var untranslatable: [SkippedRule]
    /// The ipsets turned into nftables sets (only those that rules use), as `table/set`.
    public var sets: [String]
    /// Things that changed on the way without changing which packets match (set counters, timeouts).
    public var notes: [String]

    /// Creates a report.
    public init(
        file: String, rulesIn: Int = 0, rulesTranslated: Int = 0, untranslatable: [SkippedRule] = [],
        sets: [String] = [], notes: [String] = []
    ) {
        self.file = file
        self.rulesIn = rulesIn
        self.rulesTranslated = rulesTranslated
        self.rulesOut = rulesTranslated
        self.untranslatable = untranslatable
        self.sets = sets
        self.notes = notes
    }

    /// `42 rules in, 40 translated, 2 untranslatable`, and with merges `, 12 rules out`.
    public var summary: String {
        "\(rulesIn) rule\(rulesIn == 1 ? "" : "s") in, \(rulesTranslated) translated, "
            + "\(untranslatable.count) untranslatable"
            + (rulesOut != rulesTranslated ? ", \(rulesOut) rule\(rulesOut == 1 ? "" : "s") out" : "")
    }
}
