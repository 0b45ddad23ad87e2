import NFTables

/// The operations that turn the tables in the kernel into new ones, in the order a transaction must run them.
///
/// Made by ``RouterCompiler/plan(from:to:fullReplace:)-swift.method`` (from two router documents) or
/// ``RouterCompiler/plan(from:to:fullReplace:)-swift.type.method`` (from two rulesets). Print it (one `nft`-style
/// command a line, as `vrc diff` shows it), inspect ``operations``, or put it into a transaction with ``fill(_:)``;
/// an empty plan means the kernel already holds the new tables.
public struct UpdatePlan: Sendable, CustomStringConvertible {
    /// One change to one table.
    public enum Operation: Hashable, Sendable {
        /// Replace the table whole, in one step (as `Transaction.replace(_:)`).
        case replaceTable(TableID)
        /// Delete every rule of a chain; the rules the chain should hold follow as `addRule`.
        case flushChain(TableID, chain: String)
        /// Delete elements from a set or map that stays.
        case deleteElements(TableID, set: String, elements: [SetElement])
        /// Delete a set or map (gone, or declared differently and created again below).
        case deleteSet(TableID, set: String)
        /// Delete a chain that the new table no longer has.
        case deleteChain(TableID, chain: String)
        /// Create a chain, empty; its rules follow as `addRule`.
        case addChain(TableID, chain: String)
        /// Create a set or map as the new table declares it, with its elements.
        case addSet(TableID, set: String)
        /// Add elements to a set or map that stays.
        case addElements(TableID, set: String, elements: [SetElement])
        /// Append a rule to a chain.
        case addRule(TableID, chain: String, rule: Rule)
    }

    /// The operations, in order.
    public private(set) var operations: [Operation]
    /// The new tables the operations build, which hold the declarations of the sets and chains they name.
    public let tables: [Table]

    /// For the sets whose elements the plan adds or deletes, by table and set: the element that makes the set's
    /// data intervals, or none (see `declaration(of:in:)`). A set missing here goes to the transaction whole.
    internal var layoutElements: [TableID: [String: [SetElement]]] = [:]

    /// Creates a plan from its operations and the new tables they refer to.
    public init(operations: [Operation], tables: [Table]) {
        self.operations = operations
        self.tables = tables
    }

    /// Whether there is nothing to do.
    public var isEmpty: Bool { operations.isEmpty }

    /// How many set elements the plan adds and deletes, created sets included.
    public var elementCount: Int {
        operations.reduce(0) { count, operation in
            switch operation {
            case .addElements(_, _, let elements), .deleteElements(_, _, let elements): return count + elements.count
            case .addSet(let id, let name): return count + (table(id)?.set(named: name)?.elements.count ?? 0)
            default: return count
            }
        }
    }

    /// Adds the plan's operations to `transaction`.
    ///
    /// The plan is only right for the state it was made from, so the transaction insists on it: adding an element
    /// that is already there is refused like deleting one that is not, and the kernel then applies nothing.
    public func fill(_ transaction: inout Transaction) {
        for operation in operations {
            switch operation {
            case .replaceTable(let id):
                guard let table = table(id) else { continue }
                transaction.replace(table)
            case .flushChain(let id, let chain):
                transaction.flush(chain: chain, in: id)
            case .deleteElements(let id, let name, let elements):
                guard let table = table(id), let set = table.set(named: name) else { continue }
                transaction.deleteElements(elements, from: declaration(of: set, in: id), in: table)
            case .deleteSet(let id, let name):
                transaction.delete(set: name, in: id)
            case .deleteChain(let id, let name):
                transaction.delete(chain: name, in: id)
            case .addChain(let id, let name):
                guard let table = table(id), var chain = table.chain(named: name) else { continue }
                chain.rules = []
                transaction.add(chain, to: table)
            case .addSet(let id, let name):
                guard let table = table(id), let set = table.set(named: name) else { continue }
                transaction.add(set, to: table)
            case .addElements(let id, let name, let elements):
                guard let table = table(id), let set = table.set(named: name) else { continue }
                transaction.addElements(elements, to: declaration(of: set, in: id), in: table, exclusive: true)
            case .addRule(let id, let chain, let rule):
                guard let table = table(id) else { continue }
                transaction.add(rule: rule, to: chain, in: table)
            }
        }
    }

    /// The plan as `nft`-style commands, one a line: `add element inet vrc port_forwards4 { ... }`.
    public var description: String {
        operations.map(describe).joined(separator: "\n")
    }

    /// The set as the transaction needs it to encode elements of it: its declaration, and of its elements only
    /// the one (if any) that makes its data intervals, which decides how the kernel set lays its data out.
    ///
    /// Given the whole set, the encoder would look through every element for that, and adding one element to a
    /// large map would cost as much as encoding the map; planning has already gone through them.
    private func declaration(of set: NFTSet, in id: TableID) -> NFTSet {
        guard let elements = layoutElements[id]?[set.name] else { return set }
        var declaration = set
        declaration.elements = elements
        return declaration
    }

    private func table(_ id: TableID) -> Table? {
        tables.first { $0.id == id }
    }

    private func describe(_ operation: Operation) -> String {
        switch operation {
        case .replaceTable(let id):
            let table = self.table(id)
            let sets = table?.sets.count ?? 0
            let chains = table?.chains.count ?? 0
            return "replace \(id) (\(sets) sets, \(chains) chains)"
        case .flushChain(let id, let chain):
            return "flush chain \(Self.name(id)) \(chain)"
        case .deleteElements(let id, let set, let elements):
            return "delete element \(Self.name(id)) \(set) { \(elementText(elements, set: set, id: id)) }"
        case .deleteSet(let id, let set):
            return "delete set \(Self.name(id)) \(set)"
        case .deleteChain(let id, let chain):
            return "delete chain \(Self.name(id)) \(chain)"
        case .addChain(let id, let chain):
            return "add chain \(Self.name(id)) \(chain)"
        case .addSet(let id, let name):
            let count = table(id)?.set(named: name)?.elements.count ?? 0
            return "add set \(Self.name(id)) \(name) (\(count) elements)"
        case .addElements(let id, let set, let elements):
            return "add element \(Self.name(id)) \(set) { \(elementText(elements, set: set, id: id)) }"
        case .addRule(let id, let chain, let rule):
            return "add rule \(Self.name(id)) \(chain) \(ruleText(rule, id: id))"
        }
    }

    /// `inet vrc`.
    private static func name(_ id: TableID) -> String {
        "\(id.family.rawValue) \(id.name)"
    }

    /// Elements as `nft list` writes them, by rendering them in a copy of their set.
    private func elementText(_ elements: [SetElement], set name: String, id: TableID) -> String {
        guard var set = table(id)?.set(named: name) else { return "\(elements.count) elements" }
        set.elements = elements
        let text = Table(family: id.family, name: id.name, sets: [set]).nftText()
        guard let start = text.firstRange(of: "elements = { "), let end = text.ranges(of: " }\n").last,
            start.upperBound <= end.lowerBound
        else { return "" }
        return text[start.upperBound..<end.lowerBound].split(separator: "\n").map(Self.trimmed).joined(separator: " ")
    }

    /// A rule as `nft list` writes it, by rendering it in a chain of its own.
    private func ruleText(_ rule: Rule, id: TableID) -> String {
        let text = Table(family: id.family, name: id.name, chains: [Chain(name: "c", rules: [rule])]).nftText()
        guard let start = text.firstRange(of: "chain c {\n") else { return "" }
        return text[start.upperBound...].split(separator: "\n").first.map(Self.trimmed) ?? ""
    }

    private static func trimmed(_ line: Substring) -> String {
        String(line.drop { $0 == " " || $0 == "\t" })
    }
}
