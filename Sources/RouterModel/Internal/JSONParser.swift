/// A strict JSON (RFC 8259) reader that keeps the byte offset of every value and, on a syntax error, the offset
/// and the path where it happened.
///
/// `JSONDecoder` stops at the first type error and `JSONSerialization` loses positions and duplicate keys; the
/// model reader needs all three to report every problem of a document at once.
struct JSONParser {
    /// Deeper documents are refused rather than risking the stack; a router document is at most 6 levels deep.
    static let maximumDepth = 64

    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Parses one JSON value filling the whole input (a UTF-8 byte order mark in front is skipped).
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> JSONNode {
        var parser = JSONParser(bytes: bytes)
        return try parser.parseDocument()
    }

    private mutating func parseDocument() throws(JSONSyntaxError) -> JSONNode {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            index = 3
        }
        skipWhitespace()
        guard index < bytes.count else { throw failure("the document is empty") }
        let node = try parseValue(depth: 0)
        skipWhitespace()
        guard index == bytes.count else {
            throw failure("unexpected \(describeCurrent()) after the end of the document")
        }
        return node
    }

    private mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONNode {
        guard index < bytes.count else { throw failure("unexpected end of the document, expected a value") }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return try parseObject(depth: depth)
        case UInt8(ascii: "["):
            return try parseArray(depth: depth)
        case UInt8(ascii: "\""):
            return JSONNode(.string(try parseString()), offset: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(try parseNumber(), offset: start)
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return JSONNode(try parseLiteral(), offset: start)
        default:
            throw failure("unexpected \(describeCurrent()), expected a value")
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONNode {
        guard depth < Self.maximumDepth else { throw failure("nesting is deeper than \(Self.maximumDepth) levels") }
        let start = index
        index += 1
        var members: [JSONMember] = []
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            index += 1
            return JSONNode(.object(members), offset: start)
        }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else {
                if peek == UInt8(ascii: "}"), !members.isEmpty { throw failure("trailing comma before '}'") }
                throw failure(
                    index < bytes.count
                        ? "expected a member name in double quotes, found \(describeCurrent())"
                        : "unexpected end of the document, expected a member name")
            }
            let keyOffset = index
            let key = try parseString()
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else {
                throw failure(
                    index < bytes.count
                        ? "expected ':' after the member name, found \(describeCurrent())"
                        : "unexpected end of the document, expected ':'", at: .key(key))
            }
            index += 1
            skipWhitespace()
            let value: JSONNode
            do {
                value = try parseValue(depth: depth + 1)
            } catch {
                throw error.inside(.key(key))
            }
            members.append(JSONMember(key: key, keyOffset: keyOffset, value: value))
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "}"):
                index += 1
                return JSONNode(.object(members), offset: start)
            case nil:
                throw failure("unexpected end of the document, expected ',' or '}'")
            default:
                throw failure("expected ',' or '}' after an object member, found \(describeCurrent())")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONNode {
        guard depth < Self.maximumDepth else { throw failure("nesting is deeper than \(Self.maximumDepth) levels") }
        let start = index
        index += 1
        var items: [JSONNode] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            index += 1
            return JSONNode(.array(items), offset: start)
        }
        while true {
            skipWhitespace()
            if peek == UInt8(ascii: "]"), !items.isEmpty { throw failure("trailing comma before ']'") }
            do {
                items.append(try parseValue(depth: depth + 1))
            } catch {
                throw error.inside(.index(items.count))
            }
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                return JSONNode(.array(items), offset: start)
            case nil:
                throw failure("unexpected end of the document, expected ',' or ']'")
            default:
                throw failure("expected ',' or ']' after an array element, found \(describeCurrent())")
            }
        }
    }

    // MARK: - Strings

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        let start = index
        index += 1
        let contentStart = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(
                    decoding: UnsafeRawBufferPointer(rebasing: bytes[contentStart..<index]), as: UTF8.self)
                index += 1
                return text
            } else if byte == UInt8(ascii: "\\") {
                return try parseEscapedString(start: start, contentStart: contentStart)
            } else if byte < 0x20 {
                throw failure(controlCharacterMessage(byte))
            } else if byte >= 0x80 {
                try skipUTF8Sequence()
            } else {
                index += 1
            }
        }
        throw failure("unterminated string", offset: start)
    }

    /// The slow path, once a backslash shows that the text must be rebuilt.
    private mutating func parseEscapedString(start: Int, contentStart: Int) throws(JSONSyntaxError) -> String {
        var buffer = Array(UnsafeRawBufferPointer(rebasing: bytes[contentStart..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try appendEscape(to: &buffer)
            case 0..<0x20:
                throw failure(controlCharacterMessage(byte))
            case 0x80...:
                let sequenceStart = index
                try skipUTF8Sequence()
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[sequenceStart..<index]))
            default:
                buffer.append(byte)
                index += 1
            }
        }
        throw failure("unterminated string", offset: start)
    }

    private mutating func appendEscape(to buffer: inout [UInt8]) throws(JSONSyntaxError) {
        let escapeStart = index
        index += 1
        guard let letter = peek else { throw failure("unterminated string") }
        index += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(letter)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try parseHex4(escapeStart: escapeStart))
            if (0xDC00...0xDFFF).contains(scalar) {
                throw failure("\\u escape holds a lone low surrogate", offset: escapeStart)
            }
            if (0xD800...0xDBFF).contains(scalar) {
                let lowStart = index
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw failure("\\u escape holds a lone high surrogate", offset: escapeStart) }
                index += 2
                let low = UInt32(try parseHex4(escapeStart: lowStart))
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw failure("\\u escape holds a lone high surrogate", offset: escapeStart)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            // Every value left is a valid scalar: surrogates were handled above.
            buffer.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
        default:
            throw failure("invalid escape '\\\(Character(Unicode.Scalar(letter)))' in a string", offset: escapeStart)
        }
    }

    private mutating func parseHex4(escapeStart: Int) throws(JSONSyntaxError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard let byte = peek, let digit = Self.hexValue(byte) else {
                throw failure("\\u escape needs four hexadecimal digits", offset: escapeStart)
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Steps over one well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF).
    private mutating func skipUTF8Sequence() throws(JSONSyntaxError) {
        let lead = bytes[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            secondRange = 0x80...0x9F
        case 0xF0:
            length = 4
            secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            secondRange = 0x80...0x8F
        default: throw failure("invalid UTF-8 (byte 0x\(Self.hex(lead)))")
        }
        guard index + length <= bytes.count, secondRange.contains(bytes[index + 1]),
            (2..<length).allSatisfy({ (0x80...0xBF).contains(bytes[index + $0]) })
        else { throw failure("invalid UTF-8 (byte 0x\(Self.hex(lead)))") }
        index += length
    }

    private func controlCharacterMessage(_ byte: UInt8) -> String {
        if byte == 0x0A { return "line break inside a string; is its closing quote missing?" }
        let code = String(byte, radix: 16, uppercase: true)
        return "control character U+\(String(repeating: "0", count: 4 - code.count))\(code) in a string; escape it"
    }

    // MARK: - Numbers and literals

    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONNode.Value {
        let start = index
        var isInteger = true
        if peek == UInt8(ascii: "-") { index += 1 }
        guard let first = peek, Self.isDigit(first) else { throw failure("invalid number: expected a digit") }
        index += 1
        if first == UInt8(ascii: "0"), let next = peek, Self.isDigit(next) {
            throw failure("invalid number: leading zeros are not allowed", offset: start)
        }
        skipDigits()
        if peek == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard let digit = peek, Self.isDigit(digit) else {
                throw failure("invalid number: expected a digit after the decimal point")
            }
            skipDigits()
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard let digit = peek, Self.isDigit(digit) else {
                throw failure("invalid number: expected a digit in the exponent")
            }
            skipDigits()
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isInteger, let value = Int(text) { return .integer(value) }
        return .number(text)
    }

    private mutating func skipDigits() {
        while let byte = peek, Self.isDigit(byte) { index += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private mutating func parseLiteral() throws(JSONSyntaxError) -> JSONNode.Value {
        let start = index
        while let byte = peek, index - start < 32,
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || Self.isDigit(byte)
        {
            index += 1
        }
        let word = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        switch word {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default:
            throw failure(
                "unknown word \(word.quotedForMessage); JSON literals are true, false and null", offset: start)
        }
    }

    // MARK: - Helpers

    private var peek: UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): index += 1
            default: return
            }
        }
    }

    private func describeCurrent() -> String {
        guard let byte = peek else { return "end of the document" }
        if (0x21...0x7E).contains(byte) { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(Self.hex(byte))"
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }

    private func failure(_ message: String, offset: Int? = nil, at component: JSONPath.Component? = nil)
        -> JSONSyntaxError
    {
        JSONSyntaxError(offset: offset ?? index, message: message, reversedPath: component.map { [$0] } ?? [])
    }
}

/// Where and why a document is not well-formed JSON.
struct JSONSyntaxError: Error {
    /// The byte offset of the problem.
    var offset: Int
    var message: String
    /// The path to the value being read, innermost component first (it is built while unwinding).
    var reversedPath: [JSONPath.Component]

    var path: JSONPath { JSONPath(components: reversedPath.reversed()) }

    func inside(_ component: JSONPath.Component) -> JSONSyntaxError {
        var error = self
        error.reversedPath.append(component)
        return error
    }
}
