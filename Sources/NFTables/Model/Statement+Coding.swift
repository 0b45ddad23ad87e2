extension Statement: Codable {
    private enum CodingKeys: String, CodingKey {
        case match, counter, log, limit, verdict, vmap, reject, nat, meta, ct, notrack, payload, dup
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "a statement is an object with exactly one of: "
                        + "match, counter, log, limit, verdict, vmap, reject, nat, meta, ct, notrack, payload, dup"))
        }
        switch key {
        case .match: self = .match(try container.decode(Match.self, forKey: key))
        case .counter: self = .counter(try container.decode(Counter.self, forKey: key))
        case .log: self = .log(try container.decode(Log.self, forKey: key))
        case .limit: self = .limit(try container.decode(Limit.self, forKey: key))
        case .verdict: self = .verdict(try container.decode(Verdict.self, forKey: key))
        case .vmap: self = .verdictMap(try container.decode(VerdictMap.self, forKey: key))
        case .reject: self = .reject(try container.decode(Reject.self, forKey: key))
        case .nat: self = .nat(try container.decode(NAT.self, forKey: key))
        case .meta: self = .metaSet(try container.decode(MetaSet.self, forKey: key))
        case .ct: self = .ctSet(try container.decode(CtSet.self, forKey: key))
        case .notrack: self = .notrack
        case .dup:
            let text = try container.decode(String.self, forKey: key)
            guard let address = IPAddress(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container, debugDescription: "'\(text)' is not an IP address")
            }
            self = .dup(address)
        case .payload: self = .payloadSet(try container.decode(PayloadSet.self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .match(let match): try container.encode(match, forKey: .match)
        case .counter(let counter): try container.encode(counter, forKey: .counter)
        case .log(let log): try container.encode(log, forKey: .log)
        case .limit(let limit): try container.encode(limit, forKey: .limit)
        case .verdict(let verdict): try container.encode(verdict, forKey: .verdict)
        case .verdictMap(let map): try container.encode(map, forKey: .vmap)
        case .reject(let reject): try container.encode(reject, forKey: .reject)
        case .nat(let nat): try container.encode(nat, forKey: .nat)
        case .metaSet(let meta): try container.encode(meta, forKey: .meta)
        case .ctSet(let ct): try container.encode(ct, forKey: .ct)
        case .notrack: try container.encode([String: String](), forKey: .notrack)
        case .dup(let address): try container.encode(address.description, forKey: .dup)
        case .payloadSet(let set): try container.encode(set, forKey: .payload)
        }
    }
}

extension Operand: Codable {
    private enum CodingKeys: String, CodingKey {
        case set, ref
    }

    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: CodingKeys.self) {
            if let values = try container.decodeIfPresent([Value].self, forKey: .set) {
                self = .set(values)
                return
            }
            if let name = try container.decodeIfPresent(String.self, forKey: .ref) {
                self = .named(name)
                return
            }
        }
        self = .value(try Value(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .value(let value): try value.encode(to: encoder)
        case .set(let values):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(values, forKey: .set)
        case .named(let name):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .ref)
        }
    }
}

extension MapSource: Codable {
    private enum CodingKeys: String, CodingKey {
        case ref, elements
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let name = try container.decodeIfPresent(String.self, forKey: .ref) {
            self = .named(name)
        } else {
            self = .anonymous(try container.decode([SetElement].self, forKey: .elements))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .named(let name): try container.encode(name, forKey: .ref)
        case .anonymous(let elements): try container.encode(elements, forKey: .elements)
        }
    }
}

extension NATTarget: Codable {
    private enum CodingKeys: String, CodingKey {
        case address, port, map
    }

    private enum MapKeys: String, CodingKey {
        case key
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.map) {
            let map = try container.nestedContainer(keyedBy: MapKeys.self, forKey: .map)
            let key = try map.decode(Expression.self, forKey: .key)
            self = .map(key: key, map: try container.decode(MapSource.self, forKey: .map))
        } else {
            self = .address(
                try container.decodeIfPresent(Value.self, forKey: .address),
                port: try container.decodeIfPresent(Value.self, forKey: .port))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .address(let address, let port):
            try container.encodeIfPresent(address, forKey: .address)
            try container.encodeIfPresent(port, forKey: .port)
        case .map(let key, let source):
            try container.encode(source, forKey: .map)
            var map = container.nestedContainer(keyedBy: MapKeys.self, forKey: .map)
            try map.encode(key, forKey: .key)
        }
    }
}
