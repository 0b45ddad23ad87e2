import ArgumentParser
import Foundation

/// A comma-separated list of sizes (`100,1000,10k,100k`) for the `vrc bench` options, sorted, each once.
internal struct BenchSizes: ExpressibleByArgument {
    var values: [Int]

    init(_ values: [Int]) {
        self.values = values
    }

    init?(argument: String) {
        var values: [Int] = []
        for word in argument.split(separator: ",", omittingEmptySubsequences: false) {
            let text = word.trimmingCharacters(in: .whitespaces).lowercased()
            let multiplier = text.hasSuffix("k") ? 1_000 : 1
            guard let number = Int(multiplier == 1 ? text : String(text.dropLast())), number >= 0,
                number <= 10_000_000 / multiplier
            else { return nil }
            values.append(number * multiplier)
        }
        guard !values.isEmpty else { return nil }
        self.values = Array(Set(values)).sorted()
    }

    var defaultValueDescription: String {
        values.map(String.init).joined(separator: ",")
    }
}
