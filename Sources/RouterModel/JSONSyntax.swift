import Foundation

/// Where a JSON text first breaks the JSON grammar (RFC 8259), using the same reader as router documents.
///
/// Foundation's decoder on Linux says only that a text is not valid JSON; this says where:
///
/// ```swift
/// if let problem = JSONSyntax.firstError(in: data) {
///     print("line \(problem.line), column \(problem.column): \(problem.message)")
/// }
/// ```
public enum JSONSyntax {
    /// A syntax error: 1-based line and column (columns count Unicode scalars, as editors do), and what is wrong.
    public struct Problem: Hashable, Sendable {
        /// The line, from 1.
        public var line: Int
        /// The column, from 1.
        public var column: Int
        /// What was found where something else was expected.
        public var message: String
    }

    /// The first syntax error in `data`, or `nil` when it is well-formed JSON.
    public static func firstError(in data: Data) -> Problem? {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Problem? in
            do throws(JSONSyntaxError) {
                _ = try JSONParser.parse(bytes)
                return nil
            } catch {
                let position = TextPosition.Locator(bytes).position(of: error.offset)
                return Problem(line: position.line, column: position.column, message: error.message)
            }
        }
    }
}
