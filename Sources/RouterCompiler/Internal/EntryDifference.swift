/// The entries one list lacks and the other has, as multisets: what was removed from `old` and added in `new`.
///
/// Lists of port forwards, static NATs and load balancers are sets by meaning (the compiler sorts them), so order
/// does not count. The common prefix and suffix are skipped by plain comparison before anything is hashed: an
/// edit of one entry in a list of 100,000 then hashes a handful of entries, not 200,000.
internal struct EntryDifference<Entry: Hashable> {
    var removed: [Entry] = []
    var added: [Entry] = []

    var isEmpty: Bool { removed.isEmpty && added.isEmpty }

    init(from old: [Entry], to new: [Entry]) {
        var prefix = 0
        let shorter = min(old.count, new.count)
        while prefix < shorter && old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < shorter - prefix && old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let oldMiddle = old[prefix..<(old.count - suffix)]
        let newMiddle = new[prefix..<(new.count - suffix)]
        guard !oldMiddle.isEmpty || !newMiddle.isEmpty else { return }

        var balance: [Entry: Int] = [:]
        for entry in oldMiddle { balance[entry, default: 0] += 1 }
        for entry in newMiddle { balance[entry, default: 0] -= 1 }
        // Walk the lists rather than the dictionary, so the result keeps the lists' order.
        for entry in oldMiddle {
            guard let count = balance[entry], count > 0 else { continue }
            removed.append(entry)
            balance[entry] = count - 1
        }
        for entry in newMiddle {
            guard let count = balance[entry], count < 0 else { continue }
            added.append(entry)
            balance[entry] = count + 1
        }
    }
}
