/// The sets of an `ipset save` file, read by ``IpsetSaveParser``.
public struct IpsetSave: Hashable, Sendable {
    /// The file the sets were read from, as the user named it.
    public var file: String
    /// The sets, in the order of their `create` lines.
    public var sets: [IpsetDefinition]

    /// Creates a list of sets.
    public init(file: String, sets: [IpsetDefinition]) {
        self.file = file
        self.sets = sets
    }

    /// The set with this name, if there is one.
    public func set(named name: String) -> IpsetDefinition? {
        sets.first { $0.name == name }
    }
}

/// One set: its `create NAME TYPE OPTIONS...` line and its `add NAME ENTRY...` lines.
public struct IpsetDefinition: Hashable, Sendable {
    /// The set's name.
    public var name: String
    /// The type, `hash:ip`, `hash:net,port`, `bitmap:port`, ...
    public var type: String
    /// The create options after the type, by name; flags without a value (`counters`) map to `""`.
    public var options: [String: String]
    /// The line of `create`.
    public var line: Int
    /// The column of the type on that line.
    public var typeColumn: Int
    /// The elements, in the order of their `add` lines.
    public var entries: [IpsetEntry]

    /// Creates a set.
    public init(
        name: String, type: String, options: [String: String] = [:], line: Int, typeColumn: Int,
        entries: [IpsetEntry] = []
    ) {
        self.name = name
        self.type = type
        self.options = options
        self.line = line
        self.typeColumn = typeColumn
        self.entries = entries
    }

    /// The address family of the set, `inet` (the default) or `inet6`.
    public var family: String { options["family"] ?? "inet" }
}

/// One `add NAME ELEMENT OPTIONS...` line.
public struct IpsetEntry: Hashable, Sendable {
    /// The element as ipset writes it: `192.0.2.1`, `198.51.100.0/24,tcp:80`.
    public var element: String
    /// The options after it, by name; flags (`nomatch`) map to `""`.
    public var options: [String: String]
    /// The line.
    public var line: Int
    /// The column of the element.
    public var column: Int

    /// Creates an entry.
    public init(element: String, options: [String: String] = [:], line: Int, column: Int) {
        self.element = element
        self.options = options
        self.line = line
        self.column = column
    }
}
