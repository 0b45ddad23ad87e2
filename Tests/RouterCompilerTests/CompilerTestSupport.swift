import Foundation
import NFTables
import RouterCompiler
import RouterModel

/// Documents and compiled rulesets for the compiler's tests.
enum CompilerFixtures {
    /// The names of the valid model fixtures without `.json` (`vr`, `vpc`, ...).
    static var names: [String] {
        ModelFixtures.validNames.map { String($0.dropLast(".json".count)) }
    }

    /// The decoded fixture `name` (no extension).
    static func document(_ name: String) throws -> RouterDocument {
        try RouterDocument.decode(from: ModelFixtures.data(name + ".json"), source: name + ".json")
    }

    /// The compiled fixture `name`.
    static func ruleset(_ name: String) throws -> Ruleset {
        RouterCompiler().compile(try document(name))
    }

    /// `fixtures/models/golden/`.
    static let goldenDirectory = ModelFixtures.directory.appendingPathComponent("golden", isDirectory: true)

    /// The table of a compiled ruleset (the compiler writes exactly one).
    static func table(_ ruleset: Ruleset) -> Table {
        ruleset.tables[0]
    }

    /// The number of rules of every chain of the table.
    static func ruleCount(_ ruleset: Ruleset) -> Int {
        ruleset.tables.reduce(0) { $0 + $1.chains.reduce(0) { $0 + $1.rules.count } }
    }

    /// The number of elements of every set of the table.
    static func elementCount(_ ruleset: Ruleset) -> Int {
        ruleset.tables.reduce(0) { $0 + $1.sets.reduce(0) { $0 + $1.elements.count } }
    }
}

/// The lines of `actual` missing from `expected` and the other way round, for short failure messages.
func lineDifference(_ expected: String, _ actual: String) -> String {
    let expectedLines = expected.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    let actualLines = actual.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    let missing = expectedLines.filter { !actualLines.contains($0) }
    let extra = actualLines.filter { !expectedLines.contains($0) }
    return "missing: \(missing)\nextra: \(extra)"
}

/// An `nft list table` listing with its sets, maps and chains in name order and each set's elements sorted.
///
/// The kernel lists objects in the order they were created and a hash set's elements in its own order; a table
/// changed by a plan holds the same objects as one applied fresh, but new sets and chains come last. This form
/// compares what the tables hold.
func canonicalListing(_ listing: String) -> String {
    var header: [String] = []
    var blocks: [[String]] = []
    var current: [String]?
    for line in listing.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        if current == nil {
            if line.hasPrefix("\tset ") || line.hasPrefix("\tmap ") || line.hasPrefix("\tchain ") {
                current = [line]
            } else if !line.isEmpty {
                header.append(line)
            }
            continue
        }
        current!.append(line)
        if line == "\t}" {
            blocks.append(sortedElements(current!))
            current = nil
        }
    }
    let body = blocks.map { $0.joined(separator: "\n") }.sorted()
    return (header + body).joined(separator: "\n")
}

/// A set block with the elements of its `elements = { ... }` sorted, one a line.
private func sortedElements(_ block: [String]) -> [String] {
    guard let start = block.firstIndex(where: { $0.hasPrefix("\t\telements = {") }) else { return block }
    var end = start
    while !block[end].hasSuffix("}") { end += 1 }
    var text = block[start...end].map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    text = String(text.dropFirst("elements = {".count).dropLast())
    let elements = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.sorted()
    return Array(block[..<start]) + ["\t\telements = {"] + elements.map { "\t\t\t" + $0 } + ["\t\t}"]
        + Array(block[(end + 1)...])
}

extension Ruleset {
    /// The ruleset with each table's sets and chains in name order, for comparing what tables hold.
    var nameOrdered: Ruleset {
        var copy = self
        for index in copy.tables.indices {
            copy.tables[index].sets.sort { $0.name < $1.name }
            copy.tables[index].chains.sort { $0.name < $1.name }
        }
        return copy
    }
}
