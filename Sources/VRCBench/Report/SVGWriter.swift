/// Builds an SVG document element by element, one per line, escaping every attribute value and text.
internal struct SVGWriter {
    /// The document so far.
    private(set) var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    private var depth = 0

    /// Writes a start tag; `close` must follow.
    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        text += indent + "<" + name + Self.attributes(attributes) + ">\n"
        depth += 1
    }

    /// Writes the end tag of the innermost open element.
    mutating func close(_ name: String) {
        depth -= 1
        text += indent + "</" + name + ">\n"
    }

    /// Writes an element with no children, or with `text` as its content.
    mutating func element(_ name: String, _ attributes: [(String, String)] = [], text content: String? = nil) {
        if let content {
            text +=
                indent + "<" + name + Self.attributes(attributes) + ">" + SVGText.escape(content) + "</"
                + name + ">\n"
        } else {
            text += indent + "<" + name + Self.attributes(attributes) + "/>\n"
        }
    }

    private var indent: String { String(repeating: "  ", count: depth) }

    private static func attributes(_ attributes: [(String, String)]) -> String {
        attributes.map { " " + $0.0 + "=\"" + SVGText.escape($0.1) + "\"" }.joined()
    }
}
