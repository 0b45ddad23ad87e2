import Foundation
import Testing

import RouterModel

@Suite("JSONSyntax: where a text breaks the grammar")
internal struct JSONSyntaxTests {
    @Test(
        "well-formed JSON has no error, as Foundation agrees",
        arguments: [
            #"{}"#, #"[]"#, #"{"a": [1, -2.5e+3, true, false, null, "x\"\u00e9\n"]}"#, " \n[ {\"k\" : {}} ]\n ",
            "\"é\"", "0", "-0.0E1",
        ]
    )
    func wellFormed(text: String) throws {
        #expect(JSONSyntax.firstError(in: Data(text.utf8)) == nil)
        #expect(throws: Never.self) {
            try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        }
    }

    @Test(
        "a syntax error is found at its line and column, as Foundation also refuses it",
        arguments: [
            ("{\"a\" 1}", 1, 6),
            ("{\n  \"a\": [1 2]\n}", 2, 11),
            ("[\"unterminated]", 1, 2),
            ("{\"a\"\n\n:\ntrue false}", 4, 6),
            ("[01]", 1, 2),
            ("[1.]", 1, 4),
            ("{'a': 1}", 1, 2),
            ("[\"\\x\"]", 1, 3),
            ("[\"é\", ?]", 1, 7),
            ("[nul]", 1, 2),
            ("   ", 1, 4),
        ] as [(String, Int, Int)]
    )
    func syntaxError(text: String, line: Int, column: Int) throws {
        let error = try #require(JSONSyntax.firstError(in: Data(text.utf8)))
        #expect(error.line == line)
        #expect(error.column == column)
        #expect(!error.message.isEmpty)
        #expect(throws: (any Error).self) {
            try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        }
    }

    @Test("nesting too deep is an error, not a stack overflow")
    func deepNesting() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = JSONSyntax.firstError(in: Data(text.utf8))
        #expect(error?.message.contains("deeper than") == true)
    }
}
