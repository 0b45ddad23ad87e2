/// A JSON path in the form the model's errors use: `$.eth2[1].public_ip`, `$["198.51.100.12"][0]`.
internal struct KeyPath: Hashable, Sendable, CustomStringConvertible {
    private var text: String

    /// The whole file.
    static let root = KeyPath(text: "$")

    private init(text: String) {
        self.text = text
    }

    /// The path of member `key` of this object.
    func key(_ key: String) -> KeyPath {
        let plain =
            !key.isEmpty && key.first.map { $0.isLetter || $0 == "_" } == true
            && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        return KeyPath(text: plain ? "\(text).\(key)" : "\(text)[\"\(key)\"]")
    }

    /// The path of item `index` of this array.
    func index(_ index: Int) -> KeyPath {
        KeyPath(text: "\(text)[\(index)]")
    }

    var description: String { text }
}
