/// A parsed JSON value together with the byte offset where it starts, so that a problem found while reading it
/// can name a line and column.
struct JSONNode: Sendable {
    /// The kinds of JSON value.
    enum Value: Sendable {
        case null
        case bool(Bool)
        /// A number written without fraction or exponent that fits an `Int`.
        case integer(Int)
        /// Any other number, as written.
        case number(String)
        case string(String)
        case array([JSONNode])
        /// The members in document order; a key may appear twice (the reader reports it).
        case object([JSONMember])
    }

    var value: Value
    /// The offset of the value's first byte in the document; `-1` for values built in memory.
    var offset: Int

    init(_ value: Value, offset: Int = -1) {
        self.value = value
        self.offset = offset
    }

    static let null = JSONNode(.null)

    static func string(_ text: String) -> JSONNode { JSONNode(.string(text)) }

    static func integer(_ value: Int) -> JSONNode { JSONNode(.integer(value)) }

    static func array(_ items: [JSONNode]) -> JSONNode { JSONNode(.array(items)) }

    /// An object from key/value pairs; pairs whose value is `nil` are left out.
    static func object(_ pairs: KeyValuePairs<String, JSONNode?>) -> JSONNode {
        JSONNode(.object(pairs.compactMap { key, value in value.map { JSONMember(key: key, value: $0) } }))
    }

    /// How a problem message names what was found instead of the expected value.
    var kindDescription: String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let number): return "the number \(number)"
        case .number(let text): return "the number \(text)"
        case .string(let text): return "the string \(text.quotedForMessage)"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The members of an object, or `nil` for any other value.
    var members: [JSONMember]? {
        if case .object(let members) = value { return members }
        return nil
    }

    /// The node a path names, or the nearest ancestor that exists.
    func nearestNode(at path: JSONPath) -> JSONNode {
        var node = self
        for component in path.components {
            switch (component, node.value) {
            case (.key(let key), .object(let members)):
                guard let member = members.first(where: { $0.key == key }) else { return node }
                node = member.value
            case (.index(let index), .array(let items)):
                guard items.indices.contains(index) else { return node }
                node = items[index]
            default:
                return node
            }
        }
        return node
    }
}

/// One `"key": value` member of a JSON object.
struct JSONMember: Sendable {
    var key: String
    /// The offset of the key's opening quote; `-1` for members built in memory.
    var keyOffset: Int = -1
    var value: JSONNode
}

extension String {
    /// The string as a JSON string literal, cut after 64 characters, so that text from the document can go
    /// into a one-line message whatever it holds.
    var quotedForMessage: String {
        let limit = 64
        guard count > limit else { return JSONWriter.quoted(self) }
        return JSONWriter.quoted(String(prefix(limit)) + "…")
    }
}
