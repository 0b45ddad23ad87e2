import NFTables
import RouterModel

/// Collects the sets and chains of the table being compiled, in the order they are declared.
internal struct TableBuilder {
    private(set) var sets: [NFTSet] = []
    private(set) var chains: [Chain] = []
    /// Interval sets declared with boxes whose elements are still to be computed, by place in `sets`.
    private var pending: [(place: Int, job: DecompositionJob)] = []

    /// Declares a set (or, with `data`, a map) with its elements.
    mutating func addSet(
        _ name: String, key: [DataType], data: [DataType]? = nil, interval: Bool = false,
        elements: [SetElement]
    ) {
        sets.append(
            NFTSet(name: name, keyType: key, dataType: data, flags: interval ? [.interval] : [], elements: elements))
    }

    /// Declares an interval set holding exactly the union of `boxes` (see `disjointElements(_:types:remote:)`).
    ///
    /// The elements are computed when the table is built, for all such sets at once and on every core: the
    /// decompositions are independent of each other and most of the compile time of a document with large ACLs.
    mutating func addDisjointSet(_ name: String, key: [DataType], boxes: [[Span]], remote: Int) {
        pending.append((sets.count, DecompositionJob(boxes: boxes, types: key, remote: remote)))
        addSet(name, key: key, interval: true, elements: [])
    }

    /// Adds a chain; `hook` makes it a base chain.
    mutating func addChain(_ name: String, hook: BaseChain? = nil, comment: String? = nil, rules: [Rule]) {
        chains.append(Chain(name: name, hook: hook, rules: rules, comment: comment))
    }

    /// The table.
    mutating func table(family: TableFamily, name: String, comment: String?) -> Table {
        let jobs = pending.sorted { $0.job.boxes.count > $1.job.boxes.count }
        let elements = Parallel.map(jobs.map(\.job)) { job in
            Self.disjointElements(job.boxes, types: job.types, remote: job.remote)
        }
        for (entry, elements) in zip(jobs, elements) {
            sets[entry.place].elements = elements
        }
        pending = []
        return Table(family: family, name: name, comment: comment, sets: sets, chains: chains)
    }

    // MARK: Elements

    /// The element of an interval set for one box, each span written as its part's type reads it.
    static func element(_ box: ArraySlice<Span>, types: [DataType]) -> SetElement {
        let parts = zip(box, types).map { span, type -> Value in
            switch type {
            case .ipv4Addr: return KeyValues.addressValue(span, family: .ipv4)
            case .ipv6Addr: return KeyValues.addressValue(span, family: .ipv6)
            default: return KeyValues.integerValue(span)
            }
        }
        return SetElement(key: parts.count == 1 ? parts[0] : .concat(parts))
    }

    /// The elements of boxes held flat, `types.count` spans each.
    static func elements(_ flat: [Span], types: [DataType]) -> [SetElement] {
        stride(from: 0, to: flat.count, by: types.count).map { element(flat[$0..<$0 + types.count], types: types) }
    }

    /// The elements of an interval set covering exactly the union of `boxes`, none overlapping another.
    ///
    /// The decomposition cuts along the parts in order, and the order decides how many pieces come out: entries
    /// that share ports but nest prefixes (`10.0.0.0/8` tcp 80, `10.1.0.0/16` tcp 443) cut fewer pieces when the
    /// address is taken last. Both orders are tried, for the part at `remote` (the remote prefix), and the one
    /// with fewer elements kept (the key order on a tie), so the result stays a function of the covered points.
    static func disjointElements(_ boxes: [[Span]], types: [DataType], remote: Int) -> [SetElement] {
        let keyOrder = Array(types.indices)
        guard types.count > 1 else {
            return elements(BoxDecomposition.flatDisjoint(boxes, order: keyOrder, limit: .max)!, types: types)
        }
        let order = keyOrder.filter { $0 != remote } + [remote]
        let permuted = BoxDecomposition.flatDisjoint(boxes, order: order, limit: .max)!
        // The key order wins ties, so it only has to be finished while it is no longer than the permuted order;
        // stopping it there keeps the cost proportional to the result (cut in key order, nested prefixes under
        // many ports can multiply into far more pieces than there are entries).
        let best =
            BoxDecomposition.flatDisjoint(boxes, order: keyOrder, limit: permuted.count / types.count) ?? permuted
        return elements(best, types: types)
    }
}

/// One interval set's boxes, waiting to be cut into disjoint elements.
internal struct DecompositionJob: Sendable {
    var boxes: [[Span]]
    var types: [DataType]
    var remote: Int
}
