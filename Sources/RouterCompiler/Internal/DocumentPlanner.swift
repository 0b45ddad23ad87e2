import NFTables
import RouterModel

/// Plans an update from the two documents themselves when only port forwards, static NATs or load balancers
/// changed: those compile entry by entry into elements of the NAT maps, so the plan is the elements of the removed
/// entries deleted and those of the added entries added, and nothing else of either document is compiled.
///
/// Anything else (interfaces, networks and their ACLs, the firewall, a load balancer change that adds or removes a
/// `lb_pick_N` or `lb_backend_i` chain) returns `nil`, and the caller compiles both documents and compares the
/// rulesets. Both ways give the same operations; the tests hold them to it.
internal enum DocumentPlanner {
    static func elementPlan(from old: RouterDocument, to new: RouterDocument, tableName: String) -> UpdatePlan? {
        guard sameSkeleton(old, new) else { return nil }
        let forwards = EntryDifference(from: old.portForwards, to: new.portForwards)
        let nats = EntryDifference(from: old.staticNats, to: new.staticNats)
        let balancers = EntryDifference(from: old.loadBalancers, to: new.loadBalancers)
        if !balancers.isEmpty && balancerChains(of: old.loadBalancers) != balancerChains(of: new.loadBalancers) {
            return nil
        }

        var removedEntries = new
        removedEntries.portForwards = forwards.removed
        removedEntries.staticNats = nats.removed
        removedEntries.loadBalancers = balancers.removed
        var addedEntries = new
        addedEntries.portForwards = forwards.added
        addedEntries.staticNats = nats.added
        addedEntries.loadBalancers = balancers.added
        let deletedSets = natSets(of: removedEntries)
        let addedSets = natSets(of: addedEntries)

        let id = TableID(family: .inet, name: tableName)
        var declarations: [NFTSet] = []
        var deletions: [UpdatePlan.Operation] = []
        var additions: [UpdatePlan.Operation] = []
        let names =
            addedSets.map(\.name)
            + deletedSets.map(\.name).filter { name in
                !addedSets.contains { $0.name == name }
            }
        for name in names {
            let before = deletedSets.first { $0.name == name }?.elements ?? []
            let after = addedSets.first { $0.name == name }?.elements ?? []
            // An entry replaced by others that compile to the same elements (a range forward split in two) leaves
            // those elements as they are.
            let unchanged = Set(before).intersection(after)
            let deleted = before.filter { !unchanged.contains($0) }
            let added = after.filter { !unchanged.contains($0) }
            guard !deleted.isEmpty || !added.isEmpty,
                var declaration = addedSets.first(where: { $0.name == name })
                    ?? deletedSets.first(where: { $0.name == name })
            else { continue }
            if !deleted.isEmpty { deletions.append(.deleteElements(id, set: name, elements: deleted)) }
            if !added.isEmpty { additions.append(.addElements(id, set: name, elements: added)) }
            // The plan's table holds the declaration with only the changed elements: the encoder looks at a map's
            // elements to lay its data out, and these maps never map to intervals, whatever their other elements.
            declaration.elements = added.isEmpty ? deleted : added
            declarations.append(declaration)
        }
        let table = Table(family: .inet, name: tableName, sets: declarations)
        return UpdatePlan(operations: deletions + additions, tables: [table])
    }

    /// Whether the documents agree on everything but their port forwards, static NATs and load balancers.
    ///
    /// Emptying the three lists of both and comparing the rest keeps this right when the model gains a field.
    private static func sameSkeleton(_ old: RouterDocument, _ new: RouterDocument) -> Bool {
        var old = old
        var new = new
        old.portForwards = []
        new.portForwards = []
        old.staticNats = []
        new.staticNats = []
        old.loadBalancers = []
        new.loadBalancers = []
        return old == new
    }

    /// What the load balancers add to the skeleton: a `lb_pick_N` chain per backend count of 2 or more, and as many
    /// `lb_backend_i` chains and maps as the most backends any balancer has.
    private static func balancerChains(of balancers: [LoadBalancer]) -> (counts: Set<Int>, maximum: Int) {
        let counts = Set(balancers.map(\.backends.count))
        return (counts.filter { $0 >= 2 }, counts.max() ?? 0)
    }

    /// The NAT maps of a document, declared as a full compile declares them, with its entries' elements.
    private static func natSets(of document: RouterDocument) -> [NFTSet] {
        var compilation = RouterCompilation(document)
        compilation.declareDestinationNAT()
        return compilation.builder.sets
    }
}
