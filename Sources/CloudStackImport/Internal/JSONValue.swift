import Foundation

/// A JSON value as CloudStack writes it, read loosely: the management server's versions differ in whether a
/// number, a flag or a port comes as a JSON number, a boolean or a string, so the accessors accept each form.
internal enum JSONValue: Hashable, Sendable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The members of an object, or `nil`.
    var object: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The items of an array, or `nil`.
    var array: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// A string, or a number written as its integer text (`2` for `2.0`).
    var text: String? {
        switch self {
        case .string(let text): return text
        case .number(let number) where number == number.rounded() && abs(number) < 1e15: return String(Int(number))
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }

    /// A whole number, from a JSON number or a decimal string (`"24"`, `" 24 "`).
    var integer: Int? {
        switch self {
        case .number(let number) where number == number.rounded() && abs(number) < 1e15: return Int(number)
        case .string(let text): return Int(text.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    /// A flag, from a JSON boolean or `"true"`/`"false"`/`"1"`/`"0"` (the boot line writes `redundant_router=1`).
    var flag: Bool? {
        switch self {
        case .bool(let flag): return flag
        case .number(let number) where number == 0 || number == 1: return number == 1
        case .string(let text):
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true", "1", "yes": return true
            case "false", "0", "no", "": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// Whether the value says nothing: `null` or an empty string.
    var isEmpty: Bool {
        switch self {
        case .null: return true
        case .string(let text): return text.trimmingCharacters(in: .whitespaces).isEmpty
        default: return false
        }
    }

    /// The value in a message: strings quoted, the rest as JSON would write it.
    var shown: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number: return text ?? "a number"
        case .string(let text): return "\"\(text)\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
