import NFTables

/// Finds the operations between two rulesets; see ``RouterCompiler/plan(from:to:fullReplace:)``.
internal enum RulesetPlanner {
    typealias Operation = UpdatePlan.Operation

    static func plan(from old: Ruleset, to new: Ruleset, fullReplace: Bool) -> UpdatePlan {
        var operations: [Operation] = []
        for table in new.tables {
            if !fullReplace, let before = old.tables.first(where: { $0.id == table.id }),
                let changes = changes(from: before, to: table)
            {
                operations += changes
            } else {
                operations.append(.replaceTable(table.id))
            }
        }
        var plan = UpdatePlan(operations: operations, tables: new.tables)
        for operation in operations {
            switch operation {
            case .addElements(let id, let name, _), .deleteElements(let id, let name, _):
                guard let set = new.tables.first(where: { $0.id == id })?.set(named: name) else { continue }
                plan.layoutElements[id, default: [:]][name] = layoutElements(of: set)
            default:
                continue
            }
        }
        return plan
    }

    /// The element that makes the data of `set` intervals, if there is one: by the model's rule, a map's data are
    /// intervals when any element maps to a range or a prefix (`NFTSet.hasIntervalData`).
    static func layoutElements(of set: NFTSet) -> [SetElement] {
        set.elements.first { $0.value?.isInterval == true }.map { [$0] } ?? []
    }

    /// The operations within one table, or `nil` when its skeleton changed and it must be replaced whole.
    ///
    /// The order is the one the kernel needs: flushes (dropping rules' references), element deletes (dropping
    /// verdict-map references to chains about to go), set and chain deletes, chain creates (empty), set creates,
    /// element adds, and last the rules, which may refer to anything created before them.
    static func changes(from old: Table, to new: Table) -> [Operation]? {
        guard old.comment == new.comment else { return nil }
        let id = new.id
        let oldChains = Dictionary(old.chains.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newChainNames = Set(new.chains.map(\.name))
        for chain in new.chains {
            if let before = oldChains[chain.name] {
                guard before.hook == chain.hook, before.comment == chain.comment else { return nil }
            } else if chain.hook != nil {
                return nil
            }
        }
        for chain in old.chains where chain.hook != nil && !newChainNames.contains(chain.name) {
            return nil
        }

        let oldSets = Dictionary(old.sets.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newSetNames = Set(new.sets.map(\.name))
        var recreated = Set<String>()
        var elementChanges: [(name: String, deleted: [SetElement], added: [SetElement])] = []
        for set in new.sets {
            guard let before = oldSets[set.name] else { continue }
            if !sameDeclaration(before, set) {
                recreated.insert(set.name)
            } else if let change = elementDifference(from: before, to: set) {
                elementChanges.append((set.name, change.deleted, change.added))
            }
        }
        let removedSets = old.sets.map(\.name).filter { !newSetNames.contains($0) }
        let dropped = recreated.union(removedSets)

        let removedChains = old.chains.map(\.name).filter { !newChainNames.contains($0) }
        var rewritten: [Chain] = []
        var added: [Chain] = []
        for chain in new.chains {
            guard let before = oldChains[chain.name] else {
                added.append(chain)
                continue
            }
            let referencesDropped = before.rules.contains { !referencedSets(of: $0).isDisjoint(with: dropped) }
            if referencesDropped || !sameRules(before.rules, chain.rules) {
                rewritten.append(chain)
            }
        }

        var operations: [Operation] = []
        operations += rewritten.map { .flushChain(id, chain: $0.name) }
        operations += removedChains.map { .flushChain(id, chain: $0) }
        operations += elementChanges.filter { !$0.deleted.isEmpty }.map {
            .deleteElements(id, set: $0.name, elements: $0.deleted)
        }
        operations += old.sets.map(\.name).filter(dropped.contains).map { .deleteSet(id, set: $0) }
        operations += removedChains.map { .deleteChain(id, chain: $0) }
        operations += added.map { .addChain(id, chain: $0.name) }
        operations += new.sets.map(\.name).filter { oldSets[$0] == nil || recreated.contains($0) }.map {
            .addSet(id, set: $0)
        }
        operations += elementChanges.filter { !$0.added.isEmpty }.map {
            .addElements(id, set: $0.name, elements: $0.added)
        }
        for chain in new.chains
        where added.contains(where: { $0.name == chain.name })
            || rewritten.contains(where: { $0.name == chain.name })
        {
            operations += chain.rules.map { .addRule(id, chain: chain.name, rule: $0) }
        }
        return operations
    }

    // MARK: Comparisons

    /// Whether two sets are declared alike (everything but the elements and the handle).
    static func sameDeclaration(_ lhs: NFTSet, _ rhs: NFTSet) -> Bool {
        lhs.name == rhs.name && lhs.keyType == rhs.keyType && lhs.dataType == rhs.dataType
            && Set(lhs.flags) == Set(rhs.flags) && lhs.timeout == rhs.timeout && lhs.size == rhs.size
            && lhs.autoMerge == rhs.autoMerge && lhs.comment == rhs.comment
    }

    /// Whether two rule lists are the same, handles aside.
    static func sameRules(_ lhs: [Rule], _ rhs: [Rule]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return zip(lhs, rhs).allSatisfy { $0.statements == $1.statements && $0.comment == $1.comment }
    }

    /// The elements to delete and to add, or `nil` when there are none.
    ///
    /// Both sides are hashed once (`Set` membership), so the cost is linear in the sizes of the sets; the
    /// elements come out in the order of their set, so the plan is deterministic. Values are compared in the form
    /// `nft list` prints (`80-80` is `80`, a range that is a prefix is the prefix), so a set read back from the
    /// kernel compares equal to the one that was applied.
    static func elementDifference(from old: NFTSet, to new: NFTSet) -> (deleted: [SetElement], added: [SetElement])? {
        if old.elements == new.elements { return nil }
        let oldSet = Set(old.elements)
        let newSet = Set(new.elements)
        var deleted = old.elements.filter { !newSet.contains($0) }
        var added = new.elements.filter { !oldSet.contains($0) }
        if !deleted.isEmpty && !added.isEmpty {
            // Only elements that differ as written can differ in form only; compare those canonically.
            let canonicalDeleted = Set(deleted.map(ElementForm.canonical))
            let canonicalAdded = Set(added.map(ElementForm.canonical))
            deleted = deleted.filter { !canonicalAdded.contains(ElementForm.canonical($0)) }
            added = added.filter { !canonicalDeleted.contains(ElementForm.canonical($0)) }
        }
        if deleted.isEmpty && added.isEmpty { return nil }
        return (deleted, added)
    }

    /// The named sets and maps a rule looks up.
    static func referencedSets(of rule: Rule) -> Set<String> {
        var names = Set<String>()
        for statement in rule.statements {
            switch statement {
            case .match(let match):
                if case .named(let name) = match.right { names.insert(name) }
            case .verdictMap(let map):
                if case .named(let name) = map.map { names.insert(name) }
            case .nat(let nat):
                if case .map(_, .named(let name))? = nat.to { names.insert(name) }
            default:
                break
            }
        }
        return names
    }
}
