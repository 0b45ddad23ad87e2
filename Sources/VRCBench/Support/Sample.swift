/// The summary of repeated measurements: the median as the figure, the smallest and largest as the spread.
///
/// Its JSON holds the figures next to the values: `{"median": 12.5, "min": 12.1, "max": 13.0, "values": [...]}`.
public struct Sample: Codable, Hashable, Sendable {
    /// Every value, in the order measured.
    public var values: [Double]

    /// A sample of `values`.
    public init(_ values: [Double] = []) {
        self.values = values
    }

    private enum CodingKeys: String, CodingKey {
        case median, min, max, values
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        values = try container.decode([Double].self, forKey: .values)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !values.isEmpty {
            try container.encode(median, forKey: .median)
            try container.encode(minimum, forKey: .min)
            try container.encode(maximum, forKey: .max)
        }
        try container.encode(values, forKey: .values)
    }

    /// The median: the figure a table shows.
    public var median: Double { Statistics.median(values) }
    /// The smallest value, NaN for none.
    public var minimum: Double { values.min() ?? .nan }
    /// The largest value, NaN for none.
    public var maximum: Double { values.max() ?? .nan }

    /// Adds a measurement.
    public mutating func append(_ value: Double) {
        values.append(value)
    }

    /// The sample with `value` added.
    public func appending(_ value: Double) -> Sample {
        Sample(values + [value])
    }
}
