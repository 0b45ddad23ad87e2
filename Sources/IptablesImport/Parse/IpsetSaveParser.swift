/// Reads the text that `ipset save` writes: `create NAME TYPE OPTIONS...` and `add NAME ELEMENT OPTIONS...`
/// lines, blank lines and `#` comments.
///
/// ```swift
/// let text = "create blocked hash:ip family inet\nadd blocked 192.0.2.1\n"
/// let sets = try IpsetSaveParser(file: "ipsets.txt").parse(text)
/// ```
///
/// Errors (an `add` to a set not created before it, an unknown command, a duplicate set, binary data) are
/// ``IptablesImportError``s with the code `ipset` and their line and column.
public struct IpsetSaveParser: Sendable {
    /// The file name used in errors.
    public var file: String

    /// Options of `create` and `add` that take a value; every other option is a flag.
    static let valuedOptions: Set<String> = [
        "family", "hashsize", "maxelem", "timeout", "netmask", "range", "bucketsize", "initval", "markmask",
        "size", "packets", "bytes", "comment", "skbmark", "skbprio", "skbqueue",
    ]

    /// Creates a parser whose errors name `file`.
    public init(file: String) {
        self.file = file
    }

    /// Parses `ipset save` output given as text.
    public func parse(_ text: String) throws(IptablesImportError) -> IpsetSave {
        try parse(Array(text.utf8))
    }

    /// Parses `ipset save` output given as bytes.
    public func parse(_ bytes: [UInt8]) throws(IptablesImportError) -> IpsetSave {
        if let error = SaveDumpParser(file: file).sizeError(forInputOf: bytes.count) { throw error }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let valid = Self.validPrefixLength(bytes)
            let before = bytes[..<valid]
            let line = before.count { $0 == UInt8(ascii: "\n") } + 1
            let lineStart = (before.lastIndex(of: UInt8(ascii: "\n")) ?? -1) + 1
            let column = String(decoding: bytes[lineStart..<valid], as: UTF8.self).count + 1
            throw IptablesImportError(
                .binaryData, file: file, line: line, column: column, message: "binary data, not ipset save output")
        }
        var sets: [IpsetDefinition] = []
        var index: [String: Int] = [:]
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Array(rawLine.utf8)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            let words: [(text: String, column: Int)] = line.withUnsafeBufferPointer { buffer in
                let split = ArgumentSplitter.split(buffer, from: 0)
                return split.tokens.map { ($0.text(in: buffer), $0.column(in: buffer)) }
            }
            guard let command = words.first, !command.text.hasPrefix("#") else { continue }
            if let control = rawLine.unicodeScalars.first(where: { $0.value < 0x20 && $0 != "\t" && $0 != "\r" }) {
                let column = rawLine.unicodeScalars.prefix { $0 != control }.count + 1
                throw error(lineNumber, column, "binary data, not ipset save output")
            }
            guard words.count >= 3 else {
                throw error(
                    lineNumber, command.column, "expected 'create NAME TYPE ...' or 'add NAME ELEMENT ...'")
            }
            let name = words[1].text
            let creates = ["create", "-N"].contains(command.text)
            let options = try parseOptions(words.dropFirst(3), line: lineNumber, creating: creates)
            switch command.text {
            case "create", "-N":
                if let earlier = index[name] {
                    throw error(
                        lineNumber, words[1].column,
                        "set '\(name)' is created a second time (first at line "
                            + "\(sets[earlier].line))")
                }
                index[name] = sets.count
                sets.append(
                    IpsetDefinition(
                        name: name, type: words[2].text, options: options, line: lineNumber,
                        typeColumn: words[2].column))
            case "add", "-A":
                guard let position = index[name] else {
                    throw error(
                        lineNumber, words[1].column, "element added to set '\(name)', which is not created before it")
                }
                sets[position].entries.append(
                    IpsetEntry(element: words[2].text, options: options, line: lineNumber, column: words[2].column))
            default:
                throw error(
                    lineNumber, command.column,
                    "unknown command '\(command.text)'; ipset save writes 'create' and 'add' lines")
            }
        }
        return IpsetSave(file: file, sets: sets)
    }

    /// The options after a set's type or an element; `comment` is a flag on `create` and takes text on `add`.
    private func parseOptions(
        _ words: ArraySlice<(text: String, column: Int)>, line: Int, creating: Bool
    ) throws(IptablesImportError) -> [String: String] {
        var options: [String: String] = [:]
        var index = words.startIndex
        while index < words.endIndex {
            let word = words[index]
            if Self.valuedOptions.contains(word.text), !(creating && word.text == "comment") {
                guard index + 1 < words.endIndex else {
                    throw error(line, word.column, "option '\(word.text)' without a value")
                }
                options[word.text] = words[index + 1].text
                index += 2
            } else {
                options[word.text] = ""
                index += 1
            }
        }
        return options
    }

    private func error(_ line: Int, _ column: Int, _ message: String) -> IptablesImportError {
        IptablesImportError(.ipset, file: file, line: line, column: column, message: message)
    }

    /// The length of the longest prefix of `bytes` that is valid UTF-8.
    private static func validPrefixLength(_ bytes: [UInt8]) -> Int {
        var end = 0
        var offset = 0
        while offset < bytes.count {
            let length = utf8Length(bytes, at: offset)
            if length == 0 { return offset }
            offset += length
            end = offset
        }
        return end
    }

    private static func utf8Length(_ bytes: [UInt8], at offset: Int) -> Int {
        let lead = bytes[offset]
        let length =
            lead < 0x80
            ? 1
            : lead >= 0xC2 && lead <= 0xDF
                ? 2
                : lead >= 0xE0 && lead <= 0xEF
                    ? 3
                    : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0
        guard length > 0, offset + length <= bytes.count else { return 0 }
        let slice = bytes[offset..<(offset + length)]
        return String(validating: slice, as: UTF8.self) == nil ? 0 : length
    }
}
