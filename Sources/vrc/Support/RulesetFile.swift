import Foundation
import NFTables
import RouterModel

/// Reads a ruleset from a JSON file in the object model's own coding (as in `fixtures/rulesets/`).
///
/// Every way this can fail becomes one ``CommandFailure`` line that names the file and, for bad JSON,
/// where in it: the line and column of a syntax error, or the coding path (`tables[0].chains[2].hook`) of a
/// value that does not fit the model.
internal enum RulesetFile {
    /// Loads and decodes the ruleset at `path`; `-` reads standard input.
    static func load(_ path: String) throws(CommandFailure) -> Ruleset {
        try decode(read(path), path: path)
    }

    /// Loads the ruleset at `path` and checks it the way nft and the kernel would, before anything is sent.
    static func loadValidated(_ path: String) throws(CommandFailure) -> Ruleset {
        try decodeValidated(read(path), path: path)
    }

    /// Decodes and validates ruleset bytes already read from `path`.
    static func decodeValidated(_ data: Data, path: String) throws(CommandFailure) -> Ruleset {
        let ruleset = try decode(data, path: path)
        do {
            try ruleset.validate()
        } catch {
            throw .badInput("\(shown(path)): invalid ruleset: \(error)")
        }
        return ruleset
    }

    /// Decodes ruleset bytes read from `path`.
    private static func decode(_ data: Data, path: String) throws(CommandFailure) -> Ruleset {
        do {
            return try JSONDecoder().decode(Ruleset.self, from: data)
        } catch let error as DecodingError {
            throw .badInput("\(shown(path)): \(describe(error, in: data))")
        } catch {
            throw .badInput("\(shown(path)): cannot decode the ruleset: \(error)")
        }
    }

    /// How a path is named in messages.
    static func shown(_ path: String) -> String {
        path == "-" ? "standard input" : path
    }

    /// The bytes of the file, or a failure that says why they cannot be read.
    static func read(_ path: String) throws(CommandFailure) -> Data {
        if path == "-" {
            return FileHandle.standardInput.readDataToEndOfFile()
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .badInput("\(path): no such file")
        }
        if isDirectory.boolValue {
            throw .badInput("\(path): is a directory, not a ruleset file")
        }
        guard FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path)
        else {
            throw .badInput("\(path): cannot read the file (permission denied?)")
        }
        return data
    }

    /// One line for a decoding error: where, then what.
    static func describe(_ error: DecodingError, in data: Data) -> String {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            // Foundation on Linux gives no position for syntax errors, so find it ourselves.
            if let syntax = JSONSyntax.firstError(in: data) {
                return "malformed JSON at line \(syntax.line), column \(syntax.column): \(syntax.message)"
            }
            return "malformed JSON: \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "at \(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "at \(path(context.codingPath)): missing key '\(key.stringValue)'"
        case .typeMismatch(let type, let context):
            return "at \(path(context.codingPath)): expected \(typeName(type)): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "at \(path(context.codingPath)): expected \(typeName(type)), found null"
        @unknown default:
            return "\(error)"
        }
    }

    /// A coding path as a JSON path: `tables[0].chains[2].rules[1]`, or `the top level`.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue, key.stringValue.hasPrefix("Index ") || key.stringValue == "\(index)" {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "the top level" : text
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is any BinaryInteger.Type, is any BinaryFloatingPoint.Type: return "a number"
        case is [Any].Type: return "an array"
        case is [String: Any].Type: return "an object"
        default: return "\(type)"
        }
    }
}
