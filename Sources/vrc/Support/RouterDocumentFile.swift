import Foundation
import RouterModel

/// Reads a `vrc.router/v1` document and reports every problem of it, one line each, with the file, line and
/// column where known and the JSON path (`r.json:12:9: $.interfaces[1].name: ...`).
internal enum RouterDocumentFile {
    /// Loads, decodes and validates the document at `path`; `-` reads standard input.
    static func load(_ path: String) throws(CommandFailure) -> RouterDocument {
        try decode(RulesetFile.read(path), path: path)
    }

    /// Decodes and validates bytes already read from `path`.
    static func decode(_ data: Data, path: String) throws(CommandFailure) -> RouterDocument {
        do {
            return try RouterDocument.decode(from: data, source: RulesetFile.shown(path))
        } catch {
            throw .badInput(lines: error.locatedDescription.split(separator: "\n").map(String.init))
        }
    }
}
