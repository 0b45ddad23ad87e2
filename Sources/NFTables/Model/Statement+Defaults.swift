// Decoding that lets JSON leave out what has a default in the initialisers, as the documented forms
// do (`{"counter": {}}`): synthesized decoding would demand every key. Encoding stays synthesized.

extension Counter {
    private enum DefaultingKeys: String, CodingKey {
        case packets, bytes
    }

    /// Decodes a counter; missing counts are zero.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DefaultingKeys.self)
        self.init(
            packets: try container.decodeIfPresent(UInt64.self, forKey: .packets) ?? 0,
            bytes: try container.decodeIfPresent(UInt64.self, forKey: .bytes) ?? 0)
    }
}

extension Limit {
    private enum DefaultingKeys: String, CodingKey {
        case rate, unit, burst, bytes, over
    }

    /// Decodes a limit; `bytes` and `over` default to `false`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DefaultingKeys.self)
        self.init(
            rate: try container.decode(UInt64.self, forKey: .rate),
            unit: try container.decode(TimeUnit.self, forKey: .unit),
            burst: try container.decodeIfPresent(UInt32.self, forKey: .burst),
            bytes: try container.decodeIfPresent(Bool.self, forKey: .bytes) ?? false,
            over: try container.decodeIfPresent(Bool.self, forKey: .over) ?? false)
    }
}

extension NAT {
    private enum DefaultingKeys: String, CodingKey {
        case kind, family, to, flags
    }

    /// Decodes a NAT statement; `flags` defaults to none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DefaultingKeys.self)
        self.init(
            try container.decode(NATKind.self, forKey: .kind),
            family: try container.decodeIfPresent(NATFamily.self, forKey: .family),
            to: try container.decodeIfPresent(NATTarget.self, forKey: .to),
            flags: try container.decodeIfPresent([NATFlag].self, forKey: .flags) ?? [])
    }
}
