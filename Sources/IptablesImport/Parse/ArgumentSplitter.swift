#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits a rule line into arguments the way `iptables-restore` does: at spaces and tabs, with `"..."` (in
/// which `\x` stands for `x`) and `'...'` quoting parts of an argument.
///
/// It works on the line's bytes and makes no string until one is asked for, so that checking a dump of
/// millions of rules costs one pass over its bytes.
internal enum ArgumentSplitter {
    /// One argument: where it is in the line, and its unquoted bytes when they differ from the line's.
    struct Token {
        /// The byte offset of its first byte (an opening quote included).
        var start: Int
        /// The byte offset just after its last byte.
        var end: Int
        /// The bytes without quotes and escapes, when the argument had any; `nil` when it is the line's bytes.
        var unquoted: [UInt8]?

        /// Whether the argument was written with quotes or escapes (and so is a value, never an option).
        var isQuoted: Bool { unquoted != nil }

        /// The argument as text.
        func text(in line: UnsafeBufferPointer<UInt8>) -> String {
            if let unquoted { return String(decoding: unquoted, as: UTF8.self) }
            return String(decoding: UnsafeBufferPointer(rebasing: line[start..<end]), as: UTF8.self)
        }

        /// The column of its first character, from 1.
        func column(in line: UnsafeBufferPointer<UInt8>) -> Int {
            ArgumentSplitter.column(ofByte: start, in: line)
        }

        /// Whether the argument is `word`, written without quotes (so that it is an option, not a value).
        func isWord(_ word: StaticString, in line: UnsafeBufferPointer<UInt8>) -> Bool {
            guard unquoted == nil, end - start == word.utf8CodeUnitCount, let base = line.baseAddress else {
                return false
            }
            return memcmp(base + start, word.utf8Start, word.utf8CodeUnitCount) == 0
        }
    }

    /// The arguments of a line, or where a quote that is never closed opens.
    struct Result {
        var tokens: [Token]
        /// The byte offset of a quote left open at the end of the line.
        var unterminatedQuote: Int?
    }

    /// Splits `line` from byte offset `start` on.
    static func split(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Result {
        var tokens: [Token] = []
        guard let base = line.baseAddress else { return Result(tokens: tokens, unterminatedQuote: nil) }
        var index = start
        let count = line.count
        while index < count {
            while index < count, isBlank(base[index]) { index += 1 }
            guard index < count else { break }
            let tokenStart = index
            var unquoted: [UInt8]? = nil
            var quote: UInt8 = 0
            var quoteStart = 0
            while index < count {
                let byte = base[index]
                if quote == 0 {
                    if isBlank(byte) { break }
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                        if unquoted == nil {
                            unquoted = Array(UnsafeBufferPointer(start: base + tokenStart, count: index - tokenStart))
                        }
                        quote = byte
                        quoteStart = index
                    } else {
                        unquoted?.append(byte)
                    }
                    index += 1
                } else if byte == quote {
                    quote = 0
                    index += 1
                } else if quote == UInt8(ascii: "\"") && byte == UInt8(ascii: "\\") && index + 1 < count {
                    unquoted!.append(base[index + 1])
                    index += 2
                } else {
                    unquoted!.append(byte)
                    index += 1
                }
            }
            if quote != 0 { return Result(tokens: tokens, unterminatedQuote: quoteStart) }
            tokens.append(Token(start: tokenStart, end: index, unquoted: unquoted))
        }
        return Result(tokens: tokens, unterminatedQuote: nil)
    }

    /// Whether `byte` separates arguments.
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09
    }

    /// The column, from 1 and in characters, of the byte at `offset` of `line`.
    static func column(ofByte offset: Int, in line: UnsafeBufferPointer<UInt8>) -> Int {
        var column = 1
        var index = 0
        let end = min(offset, line.count)
        while index < end {
            if line[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return column
    }
}
