import Foundation
import Testing

@testable import RouterModel

/// The JSON layer: positions, strictness, limits.
@Suite("JSON reading")
struct JSONReaderTests {
    private static func problems(_ text: String) -> [String] {
        do {
            _ = try RouterDocument.decode(from: Data(text.utf8), source: "test")
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test("syntax errors give the path, line and column")
    func syntaxPositions() throws {
        let text = "{\n  \"schema\": \"vrc.router/v1\",\n  \"networks\": { \"a\": { \"services\": [\"dhcp\",, ] } }\n}"
        let error = try #require(throws: RouterModelError.self) {
            try RouterDocument.decode(from: Data(text.utf8), source: "test")
        }
        let problem = try #require(error.problems.first)
        #expect(error.problems.count == 1)
        #expect(problem.path == "$.networks.a.services[1]")
        #expect(problem.line == 3 && problem.column == 44)
        #expect(problem.message == "malformed JSON at line 3, column 44: unexpected ',', expected a value")
        #expect(error.locatedDescription == "test:3:44: \(problem)")
    }

    @Test("columns count characters, not bytes")
    func columnsCountCharacters() {
        #expect(
            Self.problems("{\"schema\": \"vrc.router/v1\", \"name\": \"é\" x}")
                == ["$: malformed JSON at line 1, column 41: expected ',' or '}' after an object member, found 'x'"])
    }

    @Test(
        "strict JSON",
        arguments: [
            ("", "$: malformed JSON at line 1, column 1: the document is empty"),
            ("{\"a\": 01}", "$.a: malformed JSON at line 1, column 7: invalid number: leading zeros are not allowed"),
            (
                "{\"a\": 1.}",
                "$.a: malformed JSON at line 1, column 9: invalid number: expected a digit after the decimal point"
            ),
            (
                "{\"a\": True}",
                "$.a: malformed JSON at line 1, column 7: unknown word \"True\"; JSON literals are true, false and null"
            ),
            ("{\"a\": \"\\x\"}", "$.a: malformed JSON at line 1, column 8: invalid escape '\\x' in a string"),
            ("{\"a\": \"\\ud800\"}", "$.a: malformed JSON at line 1, column 8: \\u escape holds a lone high surrogate"),
            ("{'a': 1}", "$: malformed JSON at line 1, column 2: expected a member name in double quotes, found '''"),
            ("{} {}", "$: malformed JSON at line 1, column 4: unexpected '{' after the end of the document"),
            (
                "{\"a\": [1, 2",
                "$.a: malformed JSON at line 1, column 12: unexpected end of the document, expected ',' or ']'"
            ),
        ])
    func strictJSON(text: String, expected: String) {
        #expect(Self.problems(text) == [expected])
    }

    @Test("escapes and a byte order mark are read")
    func escapesAndBOM() throws {
        let data = try ModelFixtures.data("basic-zone-dhcp.json")
        var text = String(decoding: data, as: UTF8.self)
        text = text.replacingOccurrences(of: "\"r-2001-basic\"", with: "\"r-\\u0032001\\u002dbasic\"")
        let document = try RouterDocument.decode(from: Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8), source: "bom")
        #expect(document.name == "r-2001-basic")
        #expect(document == (try RouterDocument.decode(from: data, source: "plain")))
    }

    @Test("surrogate pairs decode to one character")
    func surrogatePairs() throws {
        let tree = try Data("[\"\\ud83d\\ude00\"]".utf8).withUnsafeBytes { try JSONParser.parse($0) }
        guard case .array(let items) = tree.value, case .string(let text) = items.first?.value else {
            Issue.record("not an array of one string")
            return
        }
        #expect(text == "\u{1F600}")
    }

    @Test("oversized documents are refused before parsing, naming the limit")
    func oversized() throws {
        let limit = RouterDocument.maximumDocumentSize
        #expect(limit == 64 * 1024 * 1024)
        let data = Data(repeating: UInt8(ascii: " "), count: limit + 1)
        let error = try #require(throws: RouterModelError.self) {
            try RouterDocument.decode(from: data, source: "big")
        }
        #expect(
            error.description
                == "$: the document is \(limit + 1) bytes, more than the limit of \(limit) bytes (64 MiB)")
        let small = try #require(throws: RouterModelError.self) {
            try RouterDocument.decode(from: try ModelFixtures.data("vpc.json"), source: "vpc", sizeLimit: 1000)
        }
        #expect(small.problems.first?.message.hasSuffix("more than the limit of 1000 bytes") == true)
    }

    @Test("nesting is limited rather than exhausting the stack")
    func deepNesting() {
        let problems = Self.problems(String(repeating: "[", count: 100_000))
        #expect(problems.count == 1)
        #expect(problems.first?.contains("nesting is deeper than \(JSONParser.maximumDepth) levels") == true)
    }

    @Test("problems carry the line and column of their value")
    func semanticProblemPositions() throws {
        let data = try ModelFixtures.invalidData("port-forwards.json")
        let error = try #require(throws: RouterModelError.self) {
            try RouterDocument.decode(from: data, source: "port-forwards.json")
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for problem in error.problems {
            let line = try #require(problem.line)
            let column = try #require(problem.column)
            let text = lines[line - 1]
            // The position points at the value the path names: the key just before it is the path's last part.
            let key = String(problem.path.split(separator: ".").last!)
            let before = text.prefix(column - 1)
            #expect(before.hasSuffix("\"\(key)\": "), "\(problem) points at: \(text)")
        }
    }
}
