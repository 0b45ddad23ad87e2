/// A problem with an `iptables-save` dump or an `ipset save` file that stops the import: what is wrong,
/// and where (`dump.txt:12:9: rule in chain 'FOO' before its chain line`).
///
/// Lines and columns count from 1; a column counts characters, not bytes. A problem at the end of the
/// input (a dump cut off before `COMMIT`) is placed just after its last character.
public struct IptablesImportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem, for programs that react to some of them.
    public enum Code: String, Hashable, Sendable, CaseIterable {
        /// A table section ends without `COMMIT` (the dump was cut off).
        case truncated
        /// `*name` names no iptables table.
        case unknownTable
        /// A table appears twice.
        case duplicateTable
        /// A chain is declared twice in one table.
        case duplicateChain
        /// A rule appears before the chain line of its chain.
        case ruleBeforeChain
        /// A rule is in a chain the table never declares.
        case unknownChain
        /// `-j`/`-g` names neither a chain of the table nor an iptables target.
        case missingJumpTarget
        /// A chain, rule or `COMMIT` line outside a `*table` ... `COMMIT` section.
        case outsideTable
        /// Control characters or bytes that are not UTF-8.
        case binaryData
        /// A line longer than ``SaveDumpParser/maximumLineLength``.
        case lineTooLong
        /// An input larger than ``SaveDumpParser/maximumInputSize``.
        case inputTooLarge
        /// A line that is none of the forms of the format, or a malformed part of one.
        case malformedLine
        /// The input holds no table.
        case noTables
        /// A rule that cannot be expressed exactly in nftables, in strict mode.
        case untranslatableRule
        /// An `ipset save` set or element that cannot be read or converted.
        case ipset
        /// The translated table would be refused by nftables for a reason that is not one rule's (a chain
        /// name nftables cannot take, a table prefix that makes an invalid name).
        case invalidRuleset
    }

    /// The kind of problem.
    public var code: Code
    /// The file as the user named it (`standard input` for `-`).
    public var file: String
    /// The line, from 1.
    public var line: Int
    /// The column, in characters, from 1.
    public var column: Int
    /// What is wrong, in one sentence without the location.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, file: String, line: Int, column: Int, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}
