import NFTables
import RouterModel

/// Collects the sets and chains of the table being compiled, in the order they are declared.
internal struct TableBuilder {
    private(set) var sets: [NFTSet] = []
    private(set) var chains: [Chain] = []

    /// Declares a set (or, with `data`, a map) with its elements.
    mutating func addSet(
        _ name: String, key: [DataType], data: [DataType]? = nil, interval: Bool = false,
        elements: [SetElement]
    ) {
        sets.append(
            NFTSet(name: name, keyType: key, dataType: data, flags: interval ? [.interval] : [], elements: elements))
    }

    /// Adds a chain; `hook` makes it a base chain.
    mutating func addChain(_ name: String, hook: BaseChain? = nil, comment: String? = nil, rules: [Rule]) {
        chains.append(Chain(name: name, hook: hook, rules: rules, comment: comment))
    }

    /// The table.
    func table(family: TableFamily, name: String, comment: String?) -> Table {
        Table(family: family, name: name, comment: comment, sets: sets, chains: chains)
    }

    // MARK: Elements

    /// The element of an interval set for one box, each span written as its part's type reads it.
    static func element(_ box: [Span], types: [DataType]) -> SetElement {
        let parts = zip(box, types).map { span, type -> Value in
            switch type {
            case .ipv4Addr: return KeyValues.addressValue(span, family: .ipv4)
            case .ipv6Addr: return KeyValues.addressValue(span, family: .ipv6)
            default: return KeyValues.integerValue(span)
            }
        }
        return SetElement(key: parts.count == 1 ? parts[0] : .concat(parts))
    }

    /// The elements of an interval set covering exactly the union of `boxes`, none overlapping another.
    ///
    /// The decomposition cuts along the parts in order, and the order decides how many pieces come out: entries
    /// that share ports but nest prefixes (`10.0.0.0/8` tcp 80, `10.1.0.0/16` tcp 443) cut fewer pieces when the
    /// address is taken last. Both orders are tried, for the part at `remote` (the remote prefix), and the one
    /// with fewer elements kept (the key order on a tie), so the result stays a function of the covered points.
    static func disjointElements(_ boxes: [[Span]], types: [DataType], remote: Int) -> [SetElement] {
        let inOrder = BoxDecomposition.disjoint(boxes)
        var best = inOrder
        if types.count > 1 {
            let order = Array(types.indices.filter { $0 != remote }) + [remote]
            let permuted = BoxDecomposition.disjoint(boxes.map { box in order.map { box[$0] } })
            if permuted.count < inOrder.count {
                best = permuted.map { box in
                    var restored = box
                    for (position, part) in order.enumerated() {
                        restored[part] = box[position]
                    }
                    return restored
                }
            }
        }
        return best.map { element($0, types: types) }
    }
}
