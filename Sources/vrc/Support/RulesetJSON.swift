import Foundation
import NFTables

/// The JSON that `vrc` prints: stable key order and indentation, so that outputs can be diffed.
internal enum RulesetJSON {
    /// Encodes `value` as pretty-printed JSON with sorted keys.
    static func encode<Value: Encodable>(_ value: Value) throws(CommandFailure) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw CommandFailure(.badInput, "cannot encode the result as JSON: \(error)")
        }
    }
}
