/// Why a router document was rejected: every problem found, each at its JSON path.
///
/// `description` has one line per problem, path first:
///
/// ```text
/// $.portForwards[3].privatePorts: range 80-81 has 2 ports, publicPorts has 3
/// $.interfaces[0].name: "eth0/1" contains "/", which Linux does not allow in an interface name
/// ```
public struct RouterModelError: Error, Hashable, Sendable, CustomStringConvertible {
    /// One thing wrong with the document.
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        /// Where: a JSON path such as `$.interfaces[2].addresses[0]` (`$` is the whole document). Keys that are
        /// not identifiers are written `["web-tier"]`.
        public var path: String
        /// What is wrong, as a plain sentence on one line.
        public var message: String
        /// The 1-based line of the value (or of its nearest enclosing value, for a missing field), when the
        /// document text is known.
        public var line: Int?
        /// The 1-based column on `line`, counted in Unicode scalars.
        public var column: Int?

        /// Creates a problem.
        public init(path: String, message: String, line: Int? = nil, column: Int? = nil) {
            self.path = path
            self.message = message
            self.line = line
            self.column = column
        }

        /// `path: message`.
        public var description: String { "\(path): \(message)" }
    }

    /// What the document was read from, as the caller named it (a file name, `-` for standard input).
    public var source: String
    /// The problems in document order; never empty.
    public var problems: [Problem]

    /// Creates an error.
    public init(source: String, problems: [Problem]) {
        self.source = source
        self.problems = problems
    }

    /// One line per problem, `path: message`.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }

    /// One line per problem with the source and position in front, as compilers print them:
    /// `r-1042.json:12:9: $.interfaces[1].name: ...`.
    public var locatedDescription: String {
        problems.map { problem in
            let position = problem.line.map { line in ":\(line)" + (problem.column.map { ":\($0)" } ?? "") } ?? ""
            return "\(source)\(position): \(problem)"
        }.joined(separator: "\n")
    }
}
