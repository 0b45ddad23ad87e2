import Foundation

/// Finds the first syntax error in a JSON text and says where it is.
///
/// Foundation's decoder on Linux reports only "not valid JSON", which is useless in a file of thousands of
/// lines; this small recursive-descent scanner (RFC 8259) exists to point at the line and column.
internal struct JSONSyntaxChecker {
    /// A syntax error: 1-based line and column (in bytes), and what was expected.
    struct SyntaxError: Equatable {
        var line: Int
        var column: Int
        var message: String
    }

    private struct Failure: Error {
        var offset: Int
        var message: String
    }

    private let bytes: [UInt8]
    private var offset = 0
    private var depth = 0
    private static let maximumDepth = 512

    private init(_ data: Data) {
        bytes = [UInt8](data)
    }

    /// The first syntax error in `data`, or `nil` when it is well-formed JSON.
    static func firstError(in data: Data) -> SyntaxError? {
        var checker = JSONSyntaxChecker(data)
        do {
            try checker.document()
            return nil
        } catch {
            return checker.locate(error)
        }
    }

    private func locate(_ failure: Failure) -> SyntaxError {
        var line = 1
        var column = 1
        for byte in bytes.prefix(failure.offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SyntaxError(line: line, column: column, message: failure.message)
    }

    private mutating func document() throws(Failure) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
        skipWhitespace()
        guard offset < bytes.count else { throw Failure(offset: offset, message: "the file is empty") }
        try value()
        skipWhitespace()
        if offset < bytes.count {
            throw Failure(offset: offset, message: "unexpected \(shown(bytes[offset])) after the end of the document")
        }
    }

    private mutating func value() throws(Failure) {
        guard offset < bytes.count else { throw Failure(offset: offset, message: "unexpected end of the file") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): try object()
        case UInt8(ascii: "["): try array()
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw Failure(offset: offset, message: "expected a value, found \(shown(bytes[offset]))")
        }
    }

    private mutating func object() throws(Failure) {
        try enter()
        offset += 1
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
            offset += 1
            depth -= 1
            return
        }
        while true {
            skipWhitespace()
            guard peek(UInt8(ascii: "\"")) else { throw expected("a key in double quotes") }
            try string()
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw expected("':' after the key") }
            offset += 1
            skipWhitespace()
            try value()
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                offset += 1
                continue
            }
            guard peek(UInt8(ascii: "}")) else { throw expected("',' or '}'") }
            offset += 1
            depth -= 1
            return
        }
    }

    private mutating func array() throws(Failure) {
        try enter()
        offset += 1
        skipWhitespace()
        if peek(UInt8(ascii: "]")) {
            offset += 1
            depth -= 1
            return
        }
        while true {
            skipWhitespace()
            try value()
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                offset += 1
                continue
            }
            guard peek(UInt8(ascii: "]")) else { throw expected("',' or ']'") }
            offset += 1
            depth -= 1
            return
        }
    }

    private mutating func string() throws(Failure) {
        let start = offset
        offset += 1
        while offset < bytes.count {
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                return
            case UInt8(ascii: "\\"):
                offset += 1
                guard offset < bytes.count else { break }
                let escaped = bytes[offset]
                if escaped == UInt8(ascii: "u") {
                    let digits = bytes[(offset + 1)...].prefix(4)
                    guard digits.count == 4, digits.allSatisfy({ isHexDigit($0) }) else {
                        throw Failure(offset: offset, message: "\\u must be followed by four hex digits")
                    }
                    offset += 5
                } else if "\"\\/bfnrt".utf8.contains(escaped) {
                    offset += 1
                } else {
                    throw Failure(offset: offset - 1, message: "invalid escape \\\(shown(escaped, quoted: false))")
                }
            case 0..<0x20:
                throw Failure(offset: offset, message: "control character inside a string (unclosed quote?)")
            default:
                offset += 1
            }
        }
        throw Failure(offset: start, message: "string not closed")
    }

    private mutating func number() throws(Failure) {
        if peek(UInt8(ascii: "-")) { offset += 1 }
        let leadingZero = peek(UInt8(ascii: "0"))
        let integerStart = offset
        guard digitRun() > 0 else { throw expected("a digit") }
        if leadingZero && offset - integerStart > 1 {
            throw Failure(offset: integerStart + 1, message: "a number cannot have a leading zero")
        }
        if peek(UInt8(ascii: ".")) {
            offset += 1
            guard digitRun() > 0 else { throw expected("a digit after '.'") }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            offset += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { offset += 1 }
            guard digitRun() > 0 else { throw expected("a digit in the exponent") }
        }
    }

    private mutating func literal(_ word: String) throws(Failure) {
        let expected = Array(word.utf8)
        guard bytes[offset...].starts(with: expected) else {
            throw Failure(offset: offset, message: "expected a value, found \(shown(bytes[offset]))")
        }
        offset += expected.count
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        if depth > Self.maximumDepth {
            throw Failure(offset: offset, message: "nested deeper than \(Self.maximumDepth) levels")
        }
    }

    private mutating func digitRun() -> Int {
        let start = offset
        while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) { offset += 1 }
        return offset - start
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
    }

    private func peek(_ byte: UInt8) -> Bool {
        offset < bytes.count && bytes[offset] == byte
    }

    private func expected(_ what: String) -> Failure {
        let found = offset < bytes.count ? shown(bytes[offset]) : "the end of the file"
        return Failure(offset: offset, message: "expected \(what), found \(found)")
    }

    private func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    private func shown(_ byte: UInt8, quoted: Bool = true) -> String {
        let text = (0x21..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : String(format: "byte 0x%02X", byte)
        return quoted && (0x21..<0x7F).contains(byte) ? "'\(text)'" : text
    }
}
