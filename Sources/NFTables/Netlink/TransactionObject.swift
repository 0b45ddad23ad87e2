/// The object a message of a batch creates, changes or deletes: what an error reply is reported against.
///
/// Rules are named by their index in the chain's `rules` array, from 0: `rule #3 of chain inet vrc forward`
/// is `chain.rules[3]`.
internal struct TransactionObject: Sendable {
    /// What kind of object, with what names it needs beyond the table.
    enum Kind: Sendable {
        /// The batch as a whole: BEGIN and END, and errors of the commit itself.
        case transaction
        /// A table.
        case table
        /// A chain.
        case chain(String)
        /// Every rule of a chain (a flush).
        case rulesOfChain(String)
        /// The rule at `index` of `chain.rules`.
        case rule(chain: String, index: Int)
        /// A rule appended to a chain outside of a whole-table add.
        case appendedRule(chain: String)
        /// The rule with a kernel handle.
        case ruleHandle(chain: String, handle: UInt64)
        /// A named set or map.
        case set(String)
        /// Elements of a named set or map.
        case elements(String)
        /// An anonymous set of a rule (`.rule`, `.appendedRule` or `.ruleHandle`).
        indirect case anonymousSet(of: Kind)
        /// Elements of an anonymous set of a rule.
        indirect case anonymousElements(of: Kind)
    }

    /// What the message is about.
    var kind: Kind
    /// The table it is in; unused for `.transaction`.
    var table: TableID
    /// Where the object came from, such as `dump.txt:42`.
    var source: String?

    /// Creates the object of a message.
    init(kind: Kind, table: TableID, source: String? = nil) {
        self.kind = kind
        self.table = table
        self.source = source
    }

    /// The object of BEGIN, END and commit errors.
    static let transaction = TransactionObject(
        kind: .transaction, table: TableID(family: .inet, name: ""), source: nil)

    /// The object as `nft` would name it: `rule #4711 of chain inet vrc forward`.
    var description: String {
        describe(kind)
    }

    private func describe(_ kind: Kind) -> String {
        let place = "\(table.family.rawValue) \(table.name)"
        switch kind {
        case .transaction: return "the transaction"
        case .table: return "table \(place)"
        case .chain(let chain): return "chain \(place) \(chain)"
        case .rulesOfChain(let chain): return "rules of chain \(place) \(chain)"
        case .rule(let chain, let index): return "rule #\(index) of chain \(place) \(chain)"
        case .appendedRule(let chain): return "rule appended to chain \(place) \(chain)"
        case .ruleHandle(let chain, let handle): return "rule handle \(handle) of chain \(place) \(chain)"
        case .set(let set): return "set \(place) \(set)"
        case .elements(let set): return "elements of set \(place) \(set)"
        case .anonymousSet(let rule): return "anonymous set of \(describe(rule))"
        case .anonymousElements(let rule): return "elements of the anonymous set of \(describe(rule))"
        }
    }
}
