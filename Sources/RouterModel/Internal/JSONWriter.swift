/// Writes a `JSONNode` with object keys sorted, so that equal values always give the same bytes.
enum JSONWriter {
    /// The UTF-8 text of `node`; `pretty` puts one member or element per line, indented by two spaces, and a
    /// final newline.
    static func write(_ node: JSONNode, pretty: Bool) -> [UInt8] {
        var output: [UInt8] = []
        write(node, pretty: pretty, indent: 0, into: &output)
        if pretty { output.append(UInt8(ascii: "\n")) }
        return output
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var output: [UInt8] = []
        appendQuoted(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func write(_ node: JSONNode, pretty: Bool, indent: Int, into output: inout [UInt8]) {
        switch node.value {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let number):
            output.append(contentsOf: String(number).utf8)
        case .number(let text):
            output.append(contentsOf: text.utf8)
        case .string(let text):
            appendQuoted(text, to: &output)
        case .array(let items):
            guard !items.isEmpty else { return output.append(contentsOf: "[]".utf8) }
            output.append(UInt8(ascii: "["))
            for (position, item) in items.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(pretty: pretty, indent: indent + 1, into: &output)
                write(item, pretty: pretty, indent: indent + 1, into: &output)
            }
            newline(pretty: pretty, indent: indent, into: &output)
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else { return output.append(contentsOf: "{}".utf8) }
            output.append(UInt8(ascii: "{"))
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (position, member) in sorted.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(pretty: pretty, indent: indent + 1, into: &output)
                appendQuoted(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                if pretty { output.append(UInt8(ascii: " ")) }
                write(member.value, pretty: pretty, indent: indent + 1, into: &output)
            }
            newline(pretty: pretty, indent: indent, into: &output)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(pretty: Bool, indent: Int, into output: inout [UInt8]) {
        guard pretty else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    private static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: "\\\\".utf8)
            case 0x0A: output.append(contentsOf: "\\n".utf8)
            case 0x0D: output.append(contentsOf: "\\r".utf8)
            case 0x09: output.append(contentsOf: "\\t".utf8)
            case 0..<0x20:
                let digits = String(byte, radix: 16)
                output.append(contentsOf: "\\u00".utf8)
                output.append(contentsOf: (digits.count == 1 ? "0" + digits : digits).utf8)
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
