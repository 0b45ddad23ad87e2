import ArgumentParser
import Foundation

/// A comma-separated choice of cases (`--methods vrc-compiled,nft-linear`), for the `vrc bench` options.
internal enum BenchChoices {
    /// The cases `text` names, in its order; every word must name one, and at least one must be given.
    static func parse<Choice: CaseIterable & RawRepresentable>(
        _ text: String, option: String
    ) throws -> [Choice] where Choice.RawValue == String {
        let names = Choice.allCases.map(\.rawValue).joined(separator: ", ")
        let words = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !words.isEmpty, words.allSatisfy({ !$0.isEmpty }) else {
            throw ValidationError("\(option) needs one or more of \(names)")
        }
        return try words.map { word in
            guard let choice = Choice(rawValue: word) else {
                throw ValidationError("unknown \(option) value '\(word)'; the values are \(names)")
            }
            return choice
        }
    }
}
