#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension RouterDocument {
    /// The largest document `decode(from:source:)` reads: 64 MiB. A generated VPC ten times the size of the
    /// benchmark (100,000 ACL entries, 50,000 port forwards) takes about a third of that; anything larger is
    /// refused before parsing, so that a wrong file cannot exhaust memory.
    public static let maximumDocumentSize = 64 * 1024 * 1024

    /// Reads a `vrc.router/v1` document and checks every rule of the contract.
    ///
    /// Every problem is reported at once, each with its JSON path and a plain sentence, in document order:
    /// malformed JSON (with line and column), wrong types, an unknown `schema`, missing and unknown fields,
    /// repeated keys, values out of range, and references that do not agree with the interfaces (a port forward
    /// to an address outside every guest network, a static NAT on the source NAT address, ...). Documents
    /// larger than `maximumDocumentSize` are refused unread. No input makes it crash.
    ///
    /// - Parameters:
    ///   - data: the UTF-8 JSON text (a byte order mark in front is skipped).
    ///   - source: what the data was read from, kept in the error for messages (`r-1042.json`).
    public static func decode(from data: Data, source: String) throws(RouterModelError) -> RouterDocument {
        try decode(from: data, source: source, sizeLimit: maximumDocumentSize)
    }

    /// `decode(from:source:)` with another size limit, for tests.
    static func decode(from data: Data, source: String, sizeLimit: Int) throws(RouterModelError) -> RouterDocument {
        guard data.count <= sizeLimit else {
            let mebibytes = sizeLimit % (1024 * 1024) == 0 ? " (\(sizeLimit / (1024 * 1024)) MiB)" : ""
            let message = "the document is \(data.count) bytes, more than the limit of \(sizeLimit) bytes\(mebibytes)"
            throw RouterModelError(source: source, problems: [RouterModelError.Problem(path: "$", message: message)])
        }
        let result = data.withUnsafeBytes {
            (bytes: UnsafeRawBufferPointer) -> Result<RouterDocument, RouterModelError> in
            let locator = TextPosition.Locator(bytes)
            let root: JSONNode
            do throws(JSONSyntaxError) {
                root = try JSONParser.parse(bytes)
            } catch {
                let position = locator.position(of: error.offset)
                let message = "malformed JSON at line \(position.line), column \(position.column): \(error.message)"
                let problem = RouterModelError.Problem(
                    path: error.path.description, message: message, line: position.line, column: position.column)
                return .failure(RouterModelError(source: source, problems: [problem]))
            }
            return DocumentDecoder.decode(root: root, source: source, locator: locator)
        }
        return try result.get()
    }

    /// Checks a document built in code against every rule of the contract, as `decode(from:source:)` would
    /// check its JSON. Paths name the fields of `encoded()`.
    public func validate() throws(RouterModelError) {
        if case .failure(let error) = DocumentDecoder.decode(root: jsonNode, source: name, locator: nil) {
            throw error
        }
    }
}
