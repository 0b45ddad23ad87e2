import Foundation

/// Reads a benchmark namespace's rules back, to check that a method loaded what it was meant to.
internal enum KernelReadBack {
    /// Rules in the namespace: `-A` lines of `iptables-legacy-save` when `legacy`, else the rules that
    /// `nft -a list ruleset` lists (lines with a handle that open no block: tables, chains, sets and maps end
    /// their first line with `{ # handle N`).
    static func ruleCount(in namespace: BenchNamespace, legacy: Bool) throws(BenchError) -> Int {
        let output = TemporaryFile.unique("readback")
        defer { try? FileManager.default.removeItem(at: output) }
        let argv = legacy ? ["iptables-legacy-save"] : ["nft", "-a", "list", "ruleset"]
        try Spawn.run(namespace.command(argv), output: output)
        guard let data = try? Data(contentsOf: output) else {
            throw BenchError("cannot read what \(argv[0]) printed in \(namespace.name)")
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        if legacy {
            return lines.count { $0.hasPrefix("-A ") }
        }
        return lines.count { line in
            guard let mark = line.range(of: " # handle ") else { return false }
            return !line[..<mark.lowerBound].hasSuffix("{")
        }
    }
}
