#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the text that `iptables-save` and `ip6tables-save` write (and `iptables-restore` reads).
///
/// ```swift
/// let dump = try SaveDumpParser(file: "rules.v4").parse(Array(text.utf8))
/// for table in dump.tables { print(table.table, table.chains.count, table.rules.count) }
/// ```
///
/// Accepted: `*filter`, `*nat`, `*mangle`, `*raw` and `*security` sections ending in `COMMIT`; chain lines
/// `:NAME POLICY [packets:bytes]` (policy `-` for user chains, counters optional); rules `-A CHAIN ARGS`
/// with or without a `[packets:bytes]` prefix; `#` comments; blank lines; `\r\n` line ends. Every other
/// line, and every inconsistency (a rule before its chain line, a jump to a chain that does not exist, a
/// section without `COMMIT`), is an ``IptablesImportError`` with its line and column. The parser makes
/// one pass over the bytes, so its time grows linearly with the input.
public struct SaveDumpParser: Sendable {
    /// The largest input read, in bytes: 256 MiB. A larger dump is refused before it is read.
    public static let maximumInputSize = 256 << 20
    /// The longest line accepted, in bytes: 64 KiB (rules that `iptables-save` writes are far shorter).
    public static let maximumLineLength = 64 << 10

    /// The file name used in errors.
    public var file: String

    /// Creates a parser whose errors name `file`.
    public init(file: String) {
        self.file = file
    }

    /// Parses a dump given as text.
    public func parse(_ text: String) throws(IptablesImportError) -> SaveDump {
        try parse(Array(text.utf8))
    }

    /// Parses a dump given as bytes.
    public func parse(_ bytes: [UInt8]) throws(IptablesImportError) -> SaveDump {
        var result: Result<SaveDump, IptablesImportError>?
        bytes.withUnsafeBufferPointer { buffer in
            var state = SaveDumpParserState(file: file)
            result = Result { () throws(IptablesImportError) in try state.parse(buffer) }
        }
        return try result!.get()
    }

    /// The error for an input of `size` bytes, if it is too large to be read (checked before reading a file).
    public func sizeError(forInputOf size: Int) -> IptablesImportError? {
        guard size > Self.maximumInputSize else { return nil }
        return IptablesImportError(
            .inputTooLarge, file: file, line: 1, column: 1,
            message: "the input is \(Self.mebibytes(size)) MiB; vrc imports dumps of at most "
                + "\(Self.maximumInputSize >> 20) MiB")
    }

    private static func mebibytes(_ size: Int) -> String {
        let tenths = (size * 10 + (1 << 19)) >> 20
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// The byte offset just after a rule line's `[packets:bytes]` prefix and the blanks after it; 0 without one.
    static func counterPrefixEnd(_ line: UnsafeBufferPointer<UInt8>) -> Int {
        var index = 0
        while index < line.count, ArgumentSplitter.isBlank(line[index]) { index += 1 }
        guard index < line.count, line[index] == UInt8(ascii: "[") else { return 0 }
        while index < line.count, line[index] != UInt8(ascii: "]") { index += 1 }
        guard index < line.count else { return 0 }
        return index + 1
    }
}
