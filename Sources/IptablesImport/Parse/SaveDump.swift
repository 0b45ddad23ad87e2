/// An `iptables-save` or `ip6tables-save` dump, read by ``SaveDumpParser``: its tables in the order of the
/// dump, each with its chains and rules.
public struct SaveDump: Hashable, Sendable {
    /// The file the dump was read from, as the user named it; used in reports.
    public var file: String
    /// The tables, in the order of the dump.
    public var tables: [SaveTable]

    /// Creates a dump.
    public init(file: String, tables: [SaveTable]) {
        self.file = file
        self.tables = tables
    }

    /// The number of rules of all tables.
    public var ruleCount: Int { tables.reduce(0) { $0 + $1.rules.count } }
}

/// One `*table` ... `COMMIT` section of a dump.
public struct SaveTable: Hashable, Sendable {
    /// Which table.
    public var table: IptablesTable
    /// The line of `*table`.
    public var line: Int
    /// The chains, in the order of their chain lines.
    public var chains: [SaveChain]
    /// The rules of all chains, in the order of the dump (which is each chain's rule order).
    public var rules: [SaveRule]

    /// Creates a table section.
    public init(table: IptablesTable, line: Int, chains: [SaveChain] = [], rules: [SaveRule] = []) {
        self.table = table
        self.line = line
        self.chains = chains
        self.rules = rules
    }

    /// The names of the chains that are not built in: the targets of jumps and gotos.
    public var userChains: Set<String> {
        Set(chains.lazy.filter { $0.policy == nil }.map(\.name))
    }
}

/// A chain line, `:INPUT DROP [12:3456]` or `:my-chain - [0:0]`.
public struct SaveChain: Hashable, Sendable {
    /// The chain's name.
    public var name: String
    /// The policy of a built-in chain (`ACCEPT` or `DROP`); `nil` for a user chain (`-`).
    public var policy: Policy?
    /// The counters of the chain line, if it has them.
    public var counters: PacketCounters?
    /// The line of the chain line.
    public var line: Int

    /// The policy of a built-in chain.
    public enum Policy: String, Hashable, Sendable {
        /// `ACCEPT`: packets that reach the end of the chain go on.
        case accept = "ACCEPT"
        /// `DROP`: packets that reach the end of the chain are discarded.
        case drop = "DROP"
    }

    /// Creates a chain line.
    public init(name: String, policy: Policy?, counters: PacketCounters? = nil, line: Int) {
        self.name = name
        self.policy = policy
        self.counters = counters
        self.line = line
    }
}

/// `[packets:bytes]` of a chain line or a rule.
public struct PacketCounters: Hashable, Sendable {
    /// Packets counted.
    public var packets: UInt64
    /// Bytes counted.
    public var bytes: UInt64

    /// Creates counters.
    public init(packets: UInt64, bytes: UInt64) {
        self.packets = packets
        self.bytes = bytes
    }
}

/// One argument of a rule, unquoted, with the column where it starts in its line.
public struct SaveArgument: Hashable, Sendable {
    /// The argument with its quotes and escapes removed (`a b` for `"a b"`).
    public var text: String
    /// The column of its first character (an opening quote included), from 1, in characters.
    public var column: Int

    /// Creates an argument.
    public init(text: String, column: Int) {
        self.text = text
        self.column = column
    }
}

/// A rule line, `[0:0] -A INPUT -p tcp --dport 22 -j ACCEPT`.
///
/// The parser checks the whole line (quotes, the chain, the jump target) but keeps only its text; the
/// arguments are split again when asked for, so that a dump of millions of rules stays small in memory.
public struct SaveRule: Hashable, Sendable {
    /// The line in the dump.
    public var line: Int
    /// The rule's line as it is in the dump, without the line break.
    public var text: String
    /// The chain the rule is appended to.
    public var chain: String
    /// The `[packets:bytes]` prefix, if the rule has one.
    public var counters: PacketCounters?

    /// Creates a rule from its line; `text` must be a line that ``SaveDumpParser`` accepts.
    public init(line: Int, text: String, chain: String, counters: PacketCounters? = nil) {
        self.line = line
        self.text = text
        self.chain = chain
        self.counters = counters
    }

    /// The arguments after `-A CHAIN`, unquoted, each with its column in ``text``.
    public var arguments: [SaveArgument] {
        var text = text
        return text.withUTF8 { bytes in
            let split = ArgumentSplitter.split(bytes, from: SaveDumpParser.counterPrefixEnd(bytes))
            var arguments: [SaveArgument] = []
            arguments.reserveCapacity(max(split.tokens.count - 2, 0))
            // Columns count characters: walk the line once, counting the bytes that start one.
            var offset = 0
            var column = 1
            for (index, token) in split.tokens.enumerated() {
                while offset < token.start {
                    if bytes[offset] & 0xC0 != 0x80 { column += 1 }
                    offset += 1
                }
                if index >= 2 { arguments.append(SaveArgument(text: token.text(in: bytes), column: column)) }
            }
            return arguments
        }
    }
}
