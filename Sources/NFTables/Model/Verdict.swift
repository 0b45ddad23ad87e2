/// A verdict: what happens to the packet next.
public enum Verdict: Hashable, Sendable {
    /// Let the packet through this base chain (other base chains on the same hook still see it).
    case accept
    /// Discard the packet at once, without a reply.
    case drop
    /// Go on with the next rule (the default after a rule).
    case `continue`
    /// Leave this chain and go on after the rule that jumped here.
    case `return`
    /// Evaluate the named chain, then come back.
    case jump(String)
    /// Evaluate the named chain and do not come back.
    case goto(String)
}

extension Verdict: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let verdict = Verdict(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a verdict"))
        }
        self = verdict
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Verdict: CustomStringConvertible {
    /// Parses `accept`, `drop`, `continue`, `return`, `jump NAME` and `goto NAME`.
    public init?(_ text: String) {
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        switch (parts.first, parts.count) {
        case ("accept", 1): self = .accept
        case ("drop", 1): self = .drop
        case ("continue", 1): self = .continue
        case ("return", 1): self = .return
        case ("jump", 2): self = .jump(parts[1])
        case ("goto", 2): self = .goto(parts[1])
        default: return nil
        }
    }

    /// The verdict as `nft` writes it, chain names unquoted.
    public var description: String {
        switch self {
        case .accept: return "accept"
        case .drop: return "drop"
        case .continue: return "continue"
        case .return: return "return"
        case .jump(let chain): return "jump \(chain)"
        case .goto(let chain): return "goto \(chain)"
        }
    }
}
