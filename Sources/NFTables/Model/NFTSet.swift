/// A named set or map of a table.
///
/// A set holds keys (`type ipv4_addr`); a map holds keys with data (`type ipv4_addr : verdict`).
/// Keys of several types are concatenated (`type ipv4_addr . inet_proto . inet_service`).
public struct NFTSet: Hashable, Sendable, Codable {
    /// The name, unique within the table.
    public var name: String
    /// The key's type, one entry per part of a concatenation.
    public var keyType: [DataType]
    /// The data type of a map, one entry per part; `[.verdict]` for a verdict map; `nil` for a set.
    public var dataType: [DataType]?
    /// Set flags.
    public var flags: [SetFlag]
    /// The default lifetime of an element in milliseconds (with the `timeout` flag).
    public var timeout: UInt64?
    /// The maximum number of elements.
    public var size: UInt32?
    /// Merge adjacent and overlapping intervals when elements are added.
    public var autoMerge: Bool
    /// A free-text comment.
    public var comment: String?
    /// The elements.
    public var elements: [SetElement]
    /// The kernel's handle, present on sets read back from the kernel.
    public var handle: UInt64?

    /// Creates a set or map.
    public init(
        name: String,
        keyType: [DataType],
        dataType: [DataType]? = nil,
        flags: [SetFlag] = [],
        timeout: UInt64? = nil,
        size: UInt32? = nil,
        autoMerge: Bool = false,
        comment: String? = nil,
        elements: [SetElement] = [],
        handle: UInt64? = nil
    ) {
        self.name = name
        self.keyType = keyType
        self.dataType = dataType
        self.flags = flags
        self.timeout = timeout
        self.size = size
        self.autoMerge = autoMerge
        self.comment = comment
        self.elements = elements
        self.handle = handle
    }

    /// Whether this is a map (its elements carry data).
    public var isMap: Bool { dataType != nil }

    /// Whether this is a verdict map.
    public var isVerdictMap: Bool { dataType == [.verdict] }

    private enum CodingKeys: String, CodingKey {
        case name, keyType, dataType, flags, timeout, size, autoMerge, comment, elements, handle
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            keyType: try container.decode([DataType].self, forKey: .keyType),
            dataType: try container.decodeIfPresent([DataType].self, forKey: .dataType),
            flags: try container.decodeIfPresent([SetFlag].self, forKey: .flags) ?? [],
            timeout: try container.decodeIfPresent(UInt64.self, forKey: .timeout),
            size: try container.decodeIfPresent(UInt32.self, forKey: .size),
            autoMerge: try container.decodeIfPresent(Bool.self, forKey: .autoMerge) ?? false,
            comment: try container.decodeIfPresent(String.self, forKey: .comment),
            elements: try container.decodeIfPresent([SetElement].self, forKey: .elements) ?? [],
            handle: try container.decodeIfPresent(UInt64.self, forKey: .handle)
        )
    }
}

/// A flag of a set.
public enum SetFlag: String, Hashable, Sendable, Codable, CaseIterable {
    /// Elements cannot change once the set exists.
    case constant
    /// Keys may be prefixes and ranges.
    case interval
    /// Elements expire.
    case timeout
    /// Rules may add elements from the packet path.
    case dynamic
}

/// An element of a set or map.
///
/// In JSON: `{"key": V}` for a set; `{"key": V, "value": V}` for a map;
/// `{"key": V, "verdict": "accept"}` for a verdict map.
public struct SetElement: Hashable, Sendable, Codable {
    /// The key; a prefix or range in an interval set; a `.concat` for concatenated keys.
    public var key: Value
    /// The data, in a map.
    public var value: Value?
    /// The verdict, in a verdict map.
    public var verdict: Verdict?
    /// A free-text comment stored with the element.
    public var comment: String?

    /// Creates an element.
    public init(key: Value, value: Value? = nil, verdict: Verdict? = nil, comment: String? = nil) {
        self.key = key
        self.value = value
        self.verdict = verdict
        self.comment = comment
    }
}
