#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The work of one parse of a dump: the loop over its lines, and the table section being read.
internal struct SaveDumpParserState {
    /// A jump whose target was not a chain when the rule was read; checked again at `COMMIT`.
    private struct PendingJump {
        var target: String
        var line: Int
        var column: Int
    }

    /// A rule in a chain without a chain line (yet).
    private struct UndeclaredChain {
        var chain: String
        var line: Int
        var column: Int
    }

    /// The section being read.
    private struct OpenTable {
        var table: SaveTable
        var chainLines: [String: Int] = [:]
        var pendingJumps: [PendingJump] = []
        /// The first rule in a chain not declared yet. It is an error either way; which one (before its
        /// chain line, or in an unknown chain) is known when the chain line comes, or at `COMMIT`.
        var undeclared: UndeclaredChain?
    }

    let file: String
    private var tables: [SaveTable] = []
    private var tableLines: [IptablesTable: Int] = [:]
    private var open: OpenTable?
    private var lineNumber = 0

    init(file: String) {
        self.file = file
    }

    mutating func parse(_ input: UnsafeBufferPointer<UInt8>) throws(IptablesImportError) -> SaveDump {
        if let error = SaveDumpParser(file: file).sizeError(forInputOf: input.count) { throw error }
        var lineStart = 0
        var lastLine = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        while lineStart < input.count {
            lineNumber += 1
            var lineEnd = input.count
            if let base = input.baseAddress,
                let found = memchr(base + lineStart, Int32(UInt8(ascii: "\n")), input.count - lineStart)
            {
                lineEnd = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
            }
            var contentEnd = lineEnd
            if contentEnd > lineStart, input[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
            let line = UnsafeBufferPointer(rebasing: input[lineStart..<contentEnd])
            try handle(line)
            lastLine = line
            lineStart = lineEnd + 1
        }
        if let open {
            throw failure(
                .truncated, line: max(lineNumber, 1),
                column: ArgumentSplitter.column(ofByte: lastLine.count, in: lastLine),
                "the dump ends inside table \(open.table.table.rawValue) (opened at line \(open.table.line)) without "
                    + "COMMIT: it is truncated")
        }
        guard !tables.isEmpty else {
            throw failure(.noTables, line: 1, column: 1, "the input holds no table (no '*filter' or similar line)")
        }
        return SaveDump(file: file, tables: tables)
    }

    // MARK: - Lines

    private mutating func handle(_ line: UnsafeBufferPointer<UInt8>) throws(IptablesImportError) {
        if line.count > SaveDumpParser.maximumLineLength {
            throw failure(
                .lineTooLong, line: lineNumber,
                column: ArgumentSplitter.column(ofByte: SaveDumpParser.maximumLineLength, in: line),
                "the line is \(line.count) bytes long; lines of at most \(SaveDumpParser.maximumLineLength) bytes "
                    + "are accepted")
        }
        var first = 0
        while first < line.count, ArgumentSplitter.isBlank(line[first]) { first += 1 }
        guard first < line.count, line[first] != UInt8(ascii: "#") else { return }
        try checkText(line)
        switch line[first] {
        case UInt8(ascii: "*"): try tableLine(line, from: first)
        case UInt8(ascii: ":"): try chainLine(line, from: first)
        case UInt8(ascii: "-"), UInt8(ascii: "["): try ruleLine(line, from: first)
        default:
            if isCommit(line, from: first) {
                try commit(column: first + 1)
            } else {
                throw failure(
                    .malformedLine, line: lineNumber, column: ArgumentSplitter.column(ofByte: first, in: line),
                    "expected '*table', ':chain', a rule '-A chain ...', 'COMMIT' or a '#' comment")
            }
        }
    }

    /// Refuses control characters and bytes that are not UTF-8, naming the first one.
    private func checkText(_ line: UnsafeBufferPointer<UInt8>) throws(IptablesImportError) {
        guard let base = line.baseAddress else { return }
        let count = line.count
        var index = 0
        while index < count {
            let byte = base[index]
            if byte < 0x80 {
                if (byte < 0x20 && byte != UInt8(ascii: "\t")) || byte == 0x7F {
                    throw binary(line, at: index, "control character 0x\(String(byte, radix: 16))")
                }
                index += 1
                continue
            }
            let length = Self.utf8SequenceLength(line, at: index)
            guard length > 0 else { throw binary(line, at: index, "byte 0x\(String(byte, radix: 16)) is not UTF-8") }
            index += length
        }
    }

    private func binary(_ line: UnsafeBufferPointer<UInt8>, at offset: Int, _ what: String) -> IptablesImportError {
        failure(
            .binaryData, line: lineNumber, column: ArgumentSplitter.column(ofByte: offset, in: line),
            "binary data, not an iptables-save dump: \(what)")
    }

    /// The length of the well-formed UTF-8 sequence of two or more bytes at `index`, or 0.
    private static func utf8SequenceLength(_ line: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        // The lead byte gives the length and the range of the second byte (RFC 3629, table 3-7).
        let (length, low, high): (Int, UInt8, UInt8)
        switch line[index] {
        case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
        case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
        case 0xED: (length, low, high) = (3, 0x80, 0x9F)
        case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
        case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
        case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
        default: return 0
        }
        guard index + length <= line.count else { return 0 }
        for offset in 1..<length {
            let byte = line[index + offset]
            let (minimum, maximum): (UInt8, UInt8) = offset == 1 ? (low, high) : (0x80, 0xBF)
            guard byte >= minimum, byte <= maximum else { return 0 }
        }
        return length
    }

    private func isCommit(_ line: UnsafeBufferPointer<UInt8>, from first: Int) -> Bool {
        let words = ArgumentSplitter.split(line, from: first).tokens
        return words.count == 1 && words[0].isWord("COMMIT", in: line)
    }

    private mutating func tableLine(_ line: UnsafeBufferPointer<UInt8>, from first: Int) throws(IptablesImportError) {
        let words = ArgumentSplitter.split(line, from: first + 1).tokens
        let nameColumn = ArgumentSplitter.column(ofByte: first + 1, in: line)
        if let open {
            throw failure(
                .truncated, line: lineNumber, column: nameColumn - 1,
                "table \(open.table.table.rawValue) (opened at line \(open.table.line)) has no COMMIT before the "
                    + "next table")
        }
        guard words.count == 1, words[0].start == first + 1 else {
            throw failure(.malformedLine, line: lineNumber, column: nameColumn, "expected a table name right after '*'")
        }
        let name = words[0].text(in: line)
        guard let table = IptablesTable(rawValue: name) else {
            throw failure(
                .unknownTable, line: lineNumber, column: nameColumn,
                "unknown table '\(name)'; iptables has "
                    + IptablesTable.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if let earlier = tableLines[table] {
            throw failure(
                .duplicateTable, line: lineNumber, column: nameColumn,
                "table \(name) appears a second time (first at line \(earlier))")
        }
        tableLines[table] = lineNumber
        open = OpenTable(table: SaveTable(table: table, line: lineNumber))
    }

    private mutating func chainLine(_ line: UnsafeBufferPointer<UInt8>, from first: Int) throws(IptablesImportError) {
        guard var current = open else {
            throw failure(
                .outsideTable, line: lineNumber, column: ArgumentSplitter.column(ofByte: first, in: line),
                "chain line outside a table: a '*table' line must come first")
        }
        let words = ArgumentSplitter.split(line, from: first + 1).tokens
        let nameColumn = ArgumentSplitter.column(ofByte: first + 1, in: line)
        guard let nameToken = words.first, nameToken.start == first + 1, !nameToken.isQuoted else {
            throw failure(.malformedLine, line: lineNumber, column: nameColumn, "expected a chain name right after ':'")
        }
        let name = nameToken.text(in: line)
        guard words.count >= 2 else {
            throw failure(
                .malformedLine, line: lineNumber, column: ArgumentSplitter.column(ofByte: line.count, in: line),
                "chain line without a policy (ACCEPT or DROP, or - for a user chain)")
        }
        let policyText = words[1].text(in: line)
        let policyColumn = words[1].column(in: line)
        var counters: PacketCounters?
        if words.count >= 3 {
            let counterText = words[2].text(in: line)
            guard let parsed = Self.counters(counterText) else {
                throw failure(
                    .malformedLine, line: lineNumber, column: words[2].column(in: line),
                    "expected counters [packets:bytes], not '\(counterText)'")
            }
            counters = parsed
        }
        if words.count > 3 {
            throw failure(
                .malformedLine, line: lineNumber, column: words[3].column(in: line),
                "unexpected '\(words[3].text(in: line))' after the chain's counters")
        }
        let tableName = current.table.table.rawValue
        let policy: SaveChain.Policy?
        if current.table.table.isBuiltin(name) {
            guard let builtinPolicy = SaveChain.Policy(rawValue: policyText) else {
                throw failure(
                    .malformedLine, line: lineNumber, column: policyColumn,
                    "built-in chain \(name) of table \(tableName) needs the policy ACCEPT or DROP, not '\(policyText)'")
            }
            policy = builtinPolicy
        } else {
            guard policyText == "-" else {
                throw failure(
                    .malformedLine, line: lineNumber, column: policyColumn,
                    "chain '\(name)' is not a built-in chain of table \(tableName), so its policy must be '-', "
                        + "not '\(policyText)'")
            }
            policy = nil
        }
        if let earlier = current.chainLines[name] {
            throw failure(
                .duplicateChain, line: lineNumber, column: nameColumn,
                "chain '\(name)' is declared a second time in table \(tableName) (first at line \(earlier))")
        }
        if let undeclared = current.undeclared, undeclared.chain == name {
            throw exactly(
                .ruleBeforeChain, line: undeclared.line, column: undeclared.column,
                "rule in chain '\(name)' before its chain line (line \(lineNumber))")
        }
        current.chainLines[name] = lineNumber
        current.table.chains.append(SaveChain(name: name, policy: policy, counters: counters, line: lineNumber))
        open = current
    }

    private mutating func ruleLine(_ line: UnsafeBufferPointer<UInt8>, from first: Int) throws(IptablesImportError) {
        guard open != nil else {
            throw failure(
                .outsideTable, line: lineNumber, column: ArgumentSplitter.column(ofByte: first, in: line),
                "rule outside a table: a '*table' line must come first")
        }
        var counters: PacketCounters?
        var argumentsStart = first
        if line[first] == UInt8(ascii: "[") {
            let end = SaveDumpParser.counterPrefixEnd(line)
            let prefix =
                end > first ? String(decoding: UnsafeBufferPointer(rebasing: line[first..<end]), as: UTF8.self) : ""
            guard end > first, let parsed = Self.counters(prefix) else {
                throw failure(
                    .malformedLine, line: lineNumber, column: ArgumentSplitter.column(ofByte: first, in: line),
                    "expected counters [packets:bytes] before the rule")
            }
            counters = parsed
            argumentsStart = end
        }
        let split = ArgumentSplitter.split(line, from: argumentsStart)
        if let quote = split.unterminatedQuote {
            throw failure(
                .malformedLine, line: lineNumber, column: ArgumentSplitter.column(ofByte: quote, in: line),
                "this quote is never closed")
        }
        let tokens = split.tokens
        guard let command = tokens.first else {
            throw failure(
                .malformedLine, line: lineNumber, column: ArgumentSplitter.column(ofByte: line.count, in: line),
                "counters without a rule")
        }
        guard command.isWord("-A", in: line) || command.isWord("--append", in: line) else {
            throw failure(
                .malformedLine, line: lineNumber, column: command.column(in: line),
                "expected '-A CHAIN' (as iptables-save writes rules), not '\(command.text(in: line))'")
        }
        guard tokens.count >= 2 else {
            throw failure(
                .malformedLine, line: lineNumber, column: ArgumentSplitter.column(ofByte: line.count, in: line),
                "'-A' without a chain name")
        }
        let chain = tokens[1].text(in: line)
        try checkArguments(tokens, in: line)
        if open!.chainLines[chain] == nil, open!.undeclared == nil {
            open!.undeclared = UndeclaredChain(chain: chain, line: lineNumber, column: tokens[1].column(in: line))
        }
        let text = String(decoding: line, as: UTF8.self)
        open!.table.rules.append(SaveRule(line: lineNumber, text: text, chain: chain, counters: counters))
    }

    /// Refuses `-t` in a rule, and notes jumps and gotos to targets that are not a chain of the table (yet).
    private mutating func checkArguments(
        _ tokens: [ArgumentSplitter.Token], in line: UnsafeBufferPointer<UInt8>
    ) throws(IptablesImportError) {
        guard let base = line.baseAddress else { return }
        var index = 2
        while index < tokens.count {
            let token = tokens[index]
            // Options start with '-'; checking that first keeps this loop cheap on long dumps.
            guard base[token.start] == 0x2D, !token.isQuoted, token.end - token.start <= 7 else {
                index += 1
                continue
            }
            if token.isWord("-t", in: line) || token.isWord("--table", in: line) {
                throw failure(
                    .malformedLine, line: lineNumber, column: token.column(in: line),
                    "a rule in a dump cannot name a table with '-t'; the '*table' line does")
            }
            guard
                token.isWord("-j", in: line) || token.isWord("-g", in: line) || token.isWord("--jump", in: line)
                    || token.isWord("--goto", in: line)
            else {
                index += 1
                continue
            }
            guard index + 1 < tokens.count else {
                throw failure(
                    .malformedLine, line: lineNumber, column: token.column(in: line),
                    "'\(token.text(in: line))' without a target")
            }
            let target = tokens[index + 1].text(in: line)
            if !IptablesTargets.names.contains(target), open?.chainLines[target] == nil {
                open!.pendingJumps.append(
                    PendingJump(target: target, line: lineNumber, column: tokens[index + 1].column(in: line)))
            }
            index += 2
        }
    }

    private mutating func commit(column: Int) throws(IptablesImportError) {
        guard let current = open else {
            throw failure(.outsideTable, line: lineNumber, column: column, "COMMIT without a '*table' line before it")
        }
        let tableName = current.table.table.rawValue
        if let undeclared = current.undeclared {
            throw exactly(
                .unknownChain, line: undeclared.line, column: undeclared.column,
                "rule in chain '\(undeclared.chain)', which table \(tableName) does not declare (no ':"
                    + "\(undeclared.chain) - [0:0]' line)")
        }
        for jump in current.pendingJumps where current.chainLines[jump.target] == nil {
            throw failure(
                .missingJumpTarget, line: jump.line, column: jump.column,
                "jump to '\(jump.target)', which is neither a chain of table \(tableName) nor an iptables target")
        }
        tables.append(current.table)
        open = nil
    }

    // MARK: - Helpers

    /// `[packets:bytes]`.
    static func counters(_ text: String) -> PacketCounters? {
        guard text.hasPrefix("["), text.hasSuffix("]") else { return nil }
        let parts = text.dropFirst().dropLast().split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let packets = UInt64(parts[0]), let bytes = UInt64(parts[1]) else { return nil }
        return PacketCounters(packets: packets, bytes: bytes)
    }

    /// The error as given, with no earlier one put first.
    private func exactly(
        _ code: IptablesImportError.Code, line: Int, column: Int, _ message: String
    ) -> IptablesImportError {
        IptablesImportError(code, file: file, line: line, column: column, message: message)
    }

    /// An error; a rule seen earlier in a chain that is still undeclared is reported first, being earlier.
    private func failure(
        _ code: IptablesImportError.Code, line: Int, column: Int, _ message: String
    ) -> IptablesImportError {
        if let undeclared = open?.undeclared, undeclared.line < line {
            return IptablesImportError(
                .unknownChain, file: file, line: undeclared.line, column: undeclared.column,
                message: "rule in chain '\(undeclared.chain)', which table \(open!.table.table.rawValue) does not "
                    + "declare before it")
        }
        return IptablesImportError(code, file: file, line: line, column: column, message: message)
    }
}
