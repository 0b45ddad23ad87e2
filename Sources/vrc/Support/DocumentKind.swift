import Foundation

/// What a JSON file given to `vrc apply` holds: a router document (`"schema": "vrc.router/v1"`) or a ruleset
/// in the object model's coding (`"tables": [...]`).
///
/// Decided by the first of the two keys found at the top level of the object, with one pass over the bytes
/// that skips nested values and allocates nothing, so that a large document is not decoded twice.
internal enum DocumentKind: Equatable {
    case router
    case ruleset

    /// The kind of `data`; a ruleset when neither key is found (its decoder then says what is wrong).
    init(of data: Data) {
        self = data.withUnsafeBytes { DocumentKind.scan($0) } ?? .ruleset
    }

    private static func scan(_ bytes: UnsafeRawBufferPointer) -> DocumentKind? {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), colon = UInt8(ascii: ":")
        var depth = 0
        var index = 0
        var keyStart: Int?
        var expectingKey = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote {
                let start = index + 1
                index = start
                while index < bytes.count, bytes[index] != quote {
                    index += bytes[index] == backslash ? 2 : 1
                }
                if depth == 1 && expectingKey { keyStart = start }
                if let begin = keyStart, depth == 1, expectingKey, index <= bytes.count {
                    let key = Array(bytes[begin..<min(index, bytes.count)])
                    keyStart = nil
                    expectingKey = false
                    var next = index + 1
                    while next < bytes.count, bytes[next] == UInt8(ascii: " ") || bytes[next] == 10
                        || bytes[next] == 13 || bytes[next] == 9
                    {
                        next += 1
                    }
                    if next < bytes.count, bytes[next] == colon {
                        if key == Array("schema".utf8) { return .router }
                        if key == Array("tables".utf8) { return .ruleset }
                    }
                }
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
                expectingKey = depth == 1 && byte == UInt8(ascii: "{")
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
            } else if byte == UInt8(ascii: ",") && depth == 1 {
                expectingKey = true
            }
            index += 1
        }
        return nil
    }
}
