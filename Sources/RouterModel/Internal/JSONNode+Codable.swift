/// Lets the model types take part in `Codable`: they decode any decoder's value into a `JSONNode` and read that
/// with the same code as `RouterDocument.decode(from:source:)`, so both paths accept exactly the same documents.
extension JSONNode: Codable {
    init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: AnyCodingKey.self) {
            let keys = object.allKeys.sorted { $0.stringValue.utf8.lexicographicallyPrecedes($1.stringValue.utf8) }
            var members: [JSONMember] = []
            for key in keys {
                members.append(JSONMember(key: key.stringValue, value: try object.decode(JSONNode.self, forKey: key)))
            }
            self.init(.object(members))
        } else if var array = try? decoder.unkeyedContainer() {
            var items: [JSONNode] = []
            while !array.isAtEnd {
                items.append(try array.decode(JSONNode.self))
            }
            self.init(.array(items))
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                self.init(.null)
            } else if let flag = try? single.decode(Bool.self) {
                self.init(.bool(flag))
            } else if let number = try? single.decode(Int.self) {
                self.init(.integer(number))
            } else if let number = try? single.decode(Double.self) {
                self.init(.number(String(number)))
            } else {
                self.init(.string(try single.decode(String.self)))
            }
        }
    }

    func encode(to encoder: any Encoder) throws {
        switch value {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let flag):
            var single = encoder.singleValueContainer()
            try single.encode(flag)
        case .integer(let number):
            var single = encoder.singleValueContainer()
            try single.encode(number)
        case .number(let text):
            var single = encoder.singleValueContainer()
            try single.encode(Double(text) ?? .nan)
        case .string(let text):
            var single = encoder.singleValueContainer()
            try single.encode(text)
        case .array(let items):
            var array = encoder.unkeyedContainer()
            for item in items { try array.encode(item) }
        case .object(let members):
            var object = encoder.container(keyedBy: AnyCodingKey.self)
            for member in members { try object.encode(member.value, forKey: AnyCodingKey(member.key)) }
        }
    }

    /// Decodes a model value from any decoder through `read`, turning reader problems into a `DecodingError`
    /// whose underlying error is the `RouterModelError`.
    static func decodeModel<Model>(
        from decoder: any Decoder,
        _ read: (inout ModelReader, JSONNode) -> Model?
    ) throws -> Model {
        let node = try JSONNode(from: decoder)
        var reader = ModelReader()
        let model = read(&reader, node)
        if let model, reader.problems.isEmpty { return model }
        let error = RouterModelError(source: "decoder", problems: reader.finishedProblems(root: node, locator: nil))
        throw DecodingError.dataCorrupted(
            DecodingError.Context(
                codingPath: decoder.codingPath, debugDescription: error.description, underlyingError: error))
    }
}

/// A coding key for any member name.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) { stringValue = string }

    init?(stringValue: String) { self.stringValue = stringValue }

    init?(intValue: Int) { return nil }
}

/// A model value that writes itself as a `JSONNode`.
protocol JSONRepresentable {
    var jsonNode: JSONNode { get }
}
