import NFTables
import RouterModel

/// Plans an update from the two documents themselves when only port forwards, static NATs or load balancers
/// changed: those compile entry by entry into elements of the NAT maps, so the plan is the elements of the removed
/// entries deleted and those of the added entries added, and nothing else of either document is compiled.
///
/// When only the ACLs of networks changed (their entries or defaults, not whether they have one), only those ACLs
/// are compiled, from both documents, and their chains and run sets compared (``aclPlan(from:to:tableName:)``).
///
/// Anything else (interfaces, services, the firewall, a network gaining or losing its ACL, a load balancer change
/// that adds or removes a `lb_pick_N` or `lb_backend_i` chain) returns `nil`, and the caller compiles both
/// documents and compares the rulesets. Both ways give the same operations; the tests hold them to it.
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

    /// The plan when the documents differ only in the entries or defaults of some networks' ACLs: the chains and
    /// sets of the lists that changed, compiled from each document alone and compared as two tables holding
    /// nothing else.
    static func aclPlan(from old: RouterDocument, to new: RouterDocument, tableName: String) -> UpdatePlan? {
        // The chains of the lists that changed (`acl_web_ingress`).
        var changed = Set<String>()
        for (name, network) in new.networks {
            guard let before = old.networks[name] else { return nil }
            if before.acl == network.acl { continue }
            // A network gaining or losing its ACL changes the forward chain's jumps: not an ACL-only change.
            guard let was = before.acl, let now = network.acl else { return nil }
            if was.ingress != now.ingress || was.defaultIngress != now.defaultIngress {
                changed.insert(Names.acl(name, .ingress))
            }
            if was.egress != now.egress || was.defaultEgress != now.defaultEgress {
                changed.insert(Names.acl(name, .egress))
            }
        }
        guard !changed.isEmpty, sameApartFromACLs(old, new) else { return nil }
        let ruleset = { (document: RouterDocument) -> Ruleset in
            var compilation = RouterCompilation(document)
            compilation.addACLChains(only: changed)
            return Ruleset(tables: [
                compilation.builder.table(family: .inet, name: tableName, comment: RouterCompilation.comment(document))
            ])
        }
        return RulesetPlanner.plan(from: ruleset(old), to: ruleset(new), fullReplace: false)
    }

    /// Whether the documents agree once `blank` has cleared in both what may differ: comparing the rest whole keeps
    /// this right when the model gains a field.
    private static func equal(
        _ old: RouterDocument, _ new: RouterDocument, apartFrom blank: (inout RouterDocument) -> Void
    ) -> Bool {
        var old = old
        var new = new
        blank(&old)
        blank(&new)
        return old == new
    }

    /// Whether the documents agree on everything but the entries and defaults of their networks' ACLs (whether a
    /// network has an ACL at all still counts).
    private static func sameApartFromACLs(_ old: RouterDocument, _ new: RouterDocument) -> Bool {
        equal(old, new) { document in
            for name in document.networks.keys where document.networks[name]?.acl != nil {
                document.networks[name]?.acl = NetworkACL(
                    ingress: [], egress: [], defaultIngress: .deny, defaultEgress: .deny)
            }
        }
    }

    /// Whether the documents agree on everything but their port forwards, static NATs and load balancers.
    private static func sameSkeleton(_ old: RouterDocument, _ new: RouterDocument) -> Bool {
        equal(old, new) { document in
            document.portForwards = []
            document.staticNats = []
            document.loadBalancers = []
        }
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
