/// The `iptables-legacy` calls that turn one linear dump into another, chain by chain: the rules between the
/// chain's common beginning and end are deleted (`-D` with the rule's text) and the new ones inserted at their
/// place (`-I CHAIN N`), the way a per-rule router applies a change.
internal enum IptablesChangeScript {
    /// The calls, as lines of a shell script.
    static func calls(from old: String, to new: String) -> [String] {
        let before = chains(old)
        let after = chains(new)
        var calls: [String] = []
        for key in after.keys.sorted() {
            let oldRules = before[key] ?? []
            let newRules = after[key] ?? []
            var prefix = 0
            while prefix < oldRules.count, prefix < newRules.count, oldRules[prefix] == newRules[prefix] {
                prefix += 1
            }
            var suffix = 0
            while suffix < oldRules.count - prefix, suffix < newRules.count - prefix,
                oldRules[oldRules.count - 1 - suffix] == newRules[newRules.count - 1 - suffix]
            {
                suffix += 1
            }
            let (table, chain) = (key.table, key.chain)
            for rule in oldRules[prefix..<(oldRules.count - suffix)] {
                calls.append("iptables-legacy -w -t \(table) -D \(chain) \(rule)")
            }
            for (offset, rule) in newRules[prefix..<(newRules.count - suffix)].enumerated() {
                calls.append("iptables-legacy -w -t \(table) -I \(chain) \(prefix + offset + 1) \(rule)")
            }
        }
        return calls
    }

    /// Each chain's rules (the text after `-A CHAIN `), keyed by table and chain.
    private static func chains(_ dump: String) -> [ChainKey: [String]] {
        var result: [ChainKey: [String]] = [:]
        var table = "filter"
        for line in dump.split(separator: "\n") {
            if line.hasPrefix("*") {
                table = String(line.dropFirst())
            } else if line.hasPrefix("-A ") {
                let words = line.split(separator: " ", maxSplits: 2)
                guard words.count == 3 else { continue }
                result[ChainKey(table: table, chain: String(words[1])), default: []].append(String(words[2]))
            }
        }
        return result
    }
}

/// A chain of a dump: its table and its name.
private struct ChainKey: Hashable, Comparable {
    var table: String
    var chain: String

    static func < (lhs: ChainKey, rhs: ChainKey) -> Bool {
        (lhs.table, lhs.chain) < (rhs.table, rhs.chain)
    }
}
