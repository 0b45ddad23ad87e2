/// Walks a JSON tree into model values, collecting every problem with its path instead of stopping at the first.
///
/// Each model type has a `static func read(_ reader: inout ModelReader, _ node: JSONNode) -> Self?` that reads
/// the node at the reader's current path and returns `nil` when it reported a problem inside it.
struct ModelReader {
    /// A problem before it is placed in the text.
    struct PendingProblem {
        var path: JSONPath
        var message: String
    }

    private(set) var problems: [PendingProblem] = []
    private(set) var path = JSONPath.root

    // MARK: - Reporting

    /// Records a problem at the current path.
    mutating func report(_ message: String) {
        problems.append(PendingProblem(path: path, message: message))
    }

    /// Records a problem at a member of the value at the current path.
    mutating func report(_ message: String, at component: JSONPath.Component) {
        var target = path
        target.append(component)
        problems.append(PendingProblem(path: target, message: message))
    }

    /// Records a problem at an absolute path.
    mutating func report(_ message: String, atPath target: JSONPath) {
        problems.append(PendingProblem(path: target, message: message))
    }

    /// Reads inside `component` of the current value.
    mutating func descend<T>(into component: JSONPath.Component, _ body: (inout ModelReader) -> T) -> T {
        path.append(component)
        let result = body(&self)
        path.removeLast()
        return result
    }

    /// The problems in document order, each with its line and column when the document text is known.
    func finishedProblems(root: JSONNode, locator: TextPosition.Locator?) -> [RouterModelError.Problem] {
        let ordered = problems.enumerated().sorted { lhs, rhs in
            if JSONPath.documentOrder(lhs.element.path, rhs.element.path) { return true }
            if JSONPath.documentOrder(rhs.element.path, lhs.element.path) { return false }
            return lhs.offset < rhs.offset
        }
        var seen = Set<String>()
        var result: [RouterModelError.Problem] = []
        for (_, problem) in ordered {
            let path = problem.path.description
            guard seen.insert(path + "\u{0}" + problem.message).inserted else { continue }
            let offset = root.nearestNode(at: problem.path).offset
            let position = offset >= 0 ? locator?.position(of: offset) : nil
            result.append(
                RouterModelError.Problem(
                    path: path, message: problem.message, line: position?.line, column: position?.column))
        }
        return result
    }

    // MARK: - Objects

    /// The members of the object at the current path, after reporting a wrong type, unknown members (with a
    /// suggestion when one is close to a known name) and repeated members.
    mutating func object(_ node: JSONNode, expected: String, fields: [String]) -> JSONObjectView? {
        guard case .object(let members) = node.value else {
            report("expected \(expected), found \(node.kindDescription)")
            return nil
        }
        for member in members where !fields.contains(member.key) {
            let suggestion = Self.closest(to: member.key, among: fields).map { " (did you mean \"\($0)\"?)" } ?? ""
            report("unknown field\(suggestion)", at: .key(member.key))
        }
        reportRepeatedKeys(members)
        return JSONObjectView(members: members)
    }

    /// Reports every key after its first appearance in `members`.
    mutating func reportRepeatedKeys(_ members: [JSONMember], message: String = "the field appears more than once") {
        guard members.count > 1 else { return }
        // Model objects have a handful of members: comparing pairs costs less than hashing every key.
        if members.count <= 16 {
            for position in 1..<members.count
            where members[..<position].contains(where: { $0.key == members[position].key }) {
                report(message, at: .key(members[position].key))
            }
            return
        }
        var seen = Set<String>()
        for member in members where !seen.insert(member.key).inserted {
            report(message, at: .key(member.key))
        }
    }

    /// A member that must be present and not null.
    mutating func required<T>(
        _ object: JSONObjectView, _ key: String, _ read: (inout ModelReader, JSONNode) -> T?
    ) -> T? {
        guard let node = object[key] else {
            report("required field is missing", at: .key(key))
            return nil
        }
        return descend(into: .key(key)) { read(&$0, node) }
    }

    /// A member that may be absent; `null` counts as absent.
    mutating func optional<T>(
        _ object: JSONObjectView, _ key: String, _ read: (inout ModelReader, JSONNode) -> T?
    ) -> Field<T> {
        guard let node = object[key], !node.isNull else { return .absent }
        return descend(into: .key(key)) { read(&$0, node) }.map(Field.present) ?? .invalid
    }

    // MARK: - Arrays

    /// The elements of the array at the current path, each `nil` where it had a problem, so that indices stay
    /// those of the document.
    mutating func array<T>(
        _ node: JSONNode, expected: String, _ read: (inout ModelReader, JSONNode) -> T?
    ) -> [T?]? {
        guard case .array(let items) = node.value else {
            report("expected \(expected), found \(node.kindDescription)")
            return nil
        }
        var result: [T?] = []
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            result.append(descend(into: .index(index)) { read(&$0, item) })
        }
        return result
    }

    /// An array whose elements must all be valid; `nil` when any was not.
    mutating func completeArray<T>(
        _ node: JSONNode, expected: String, _ read: (inout ModelReader, JSONNode) -> T?
    ) -> [T]? {
        guard let items = array(node, expected: expected, read) else { return nil }
        let valid = items.compactMap { $0 }
        return valid.count == items.count ? valid : nil
    }

    // MARK: - Scalars

    mutating func string(_ node: JSONNode) -> String? {
        guard case .string(let text) = node.value else {
            report("expected a string, found \(node.kindDescription)")
            return nil
        }
        return text
    }

    /// An integer in `range`; other numbers, and numbers in strings, are reported.
    mutating func integer(_ node: JSONNode, in range: ClosedRange<Int>) -> Int? {
        guard case .integer(let number) = node.value else {
            report("expected an integer from \(range.lowerBound) to \(range.upperBound), found \(node.kindDescription)")
            return nil
        }
        guard range.contains(number) else {
            report("must be from \(range.lowerBound) to \(range.upperBound), found \(number)")
            return nil
        }
        return number
    }

    /// A string parsed by `parse`, whose error message is reported as it is; `expected` names the value when
    /// the node is not a string at all.
    mutating func text<T>(
        _ node: JSONNode, expected: String = "a string", _ parse: (String) -> Result<T, FieldError>
    ) -> T? {
        guard case .string(let text) = node.value else {
            report("expected \(expected), found \(node.kindDescription)")
            return nil
        }
        switch parse(text) {
        case .success(let value):
            return value
        case .failure(let error):
            report(error.message)
            return nil
        }
    }

    // MARK: - Suggestions

    /// The known name within two edits of `key` (ignoring case), if there is exactly one closest.
    private static func closest(to key: String, among names: [String]) -> String? {
        let scored = names.map { ($0, editDistance(key.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2 else { return nil }
        return scored.filter { $0.1 == best.1 }.count == 1 ? best.0 : nil
    }

    private static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs.unicodeScalars)
        let b = Array(rhs.unicodeScalars)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        guard a.count < 64, b.count < 64 else { return Int.max }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// The outcome of reading an optional member.
enum Field<T> {
    /// Missing or null.
    case absent
    /// Present but wrong; a problem was reported.
    case invalid
    case present(T)

    var value: T? {
        if case .present(let value) = self { return value }
        return nil
    }

    var isPresent: Bool {
        if case .absent = self { return false }
        return true
    }
}

/// Read access to one object's members.
struct JSONObjectView {
    let members: [JSONMember]

    /// The first member named `key`.
    subscript(key: String) -> JSONNode? {
        members.first { $0.key == key }?.value
    }
}

/// Why a piece of text is not a valid value, phrased to follow a JSON path: `expected a port "N" or a range
/// "N-M", found "http"`.
struct FieldError: Error, Hashable {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}

extension JSONNode {
    var isNull: Bool {
        if case .null = value { return true }
        return false
    }
}

extension ModelReader {
    /// One of the names of a string enumeration: `expected "tcp" or "udp", found "icmp"`.
    mutating func keyword<T: RawRepresentable & CaseIterable>(_ node: JSONNode, _ type: T.Type) -> T?
    where T.RawValue == String {
        let names = T.allCases.map { "\"\($0.rawValue)\"" }
        let choices = names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + names.last! : names[0]
        guard case .string(let text) = node.value, let value = T(rawValue: text) else {
            report("expected \(choices), found \(node.kindDescription.replacingStringPrefix())")
            return nil
        }
        return value
    }
}

extension String {
    /// `the string "x"` becomes `"x"`: after a list of quoted choices the word is noise.
    fileprivate func replacingStringPrefix() -> String {
        hasPrefix("the string ") ? String(dropFirst("the string ".count)) : self
    }
}
