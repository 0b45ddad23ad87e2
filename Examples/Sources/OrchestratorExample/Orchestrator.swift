import NFTables
import RouterCompiler
import RouterModel

/// What an orchestration tool does with vrc for one router: build its document, apply it in the router's
/// namespace (checked first, then committed), change one port forward, apply only the difference under a
/// generation guard, and read the result back from the kernel to see that it is there.
struct Orchestrator {
    /// The namespace the router lives in.
    var namespace: NetworkNamespace
    /// The compiler, writing the table `inet vrc`.
    var compiler = RouterCompiler()
    /// What each step took.
    var timings = Timings()

    /// Runs every step; throws at the first that fails, saying which.
    mutating func run() throws(ExampleFailure) {
        let namespace = self.namespace
        let compiler = self.compiler
        let running = try ExampleRouter.document()
        try timings.measure("validate") { () throws(ExampleFailure) in
            do { try running.validate() } catch { throw ExampleFailure("the document is invalid:\n\(error)") }
        }
        print(
            "router \(running.name): \(running.kind.displayName), \(running.interfaces.count) interfaces, "
                + "\(running.portForwards.count) port forwards, \(running.firewall?.count ?? 0) firewall rules")

        let ruleset = timings.measure("compile") { compiler.compile(running) }
        let table = ruleset.tables.first
        print(
            "compiled: table inet \(compiler.tableName), \(table?.chains.count ?? 0) chains, "
                + "\(table?.sets.count ?? 0) sets")

        let checked = try kernel("check") { () throws(NFTablesError) in
            try ruleset.apply(to: namespace, checkOnly: true)
        }
        timings.annotate("\(checked)")
        let committed = try kernel("commit") { () throws(NFTablesError) in try ruleset.apply(to: namespace) }
        timings.annotate("\(committed)")
        print("applied in \(namespace)")

        let edited = try ExampleRouter.edited(running)
        do { try edited.validate() } catch { throw ExampleFailure("the edited document is invalid:\n\(error)") }
        let plan = timings.measure("plan") { compiler.plan(from: running, to: edited) }
        timings.annotate("\(plan.operations.count) operations, \(plan.elementCount) elements")
        print(
            "plan for the changed port forward:\n"
                + plan.description.split(separator: "\n").map { "  \($0)" }
                .joined(separator: "\n"))
        guard !plan.isEmpty, plan.operations.allSatisfy(Self.isElementChange) else {
            throw ExampleFailure("expected element changes only, got:\n\(plan)")
        }

        let reader = RulesetReader(namespace: namespace)
        let generation = try kernel("read generation") { () throws(NFTablesError) in try reader.generation() }
        var transaction = Transaction(namespace: namespace, generationGuard: generation)
        plan.fill(&transaction)
        let updateChecked = try kernel("update check") { () throws(NFTablesError) in try transaction.check() }
        timings.annotate("\(updateChecked)")
        let updated = try kernel("update") { () throws(NFTablesError) in try transaction.commit() }
        timings.annotate("\(updated)")

        let readBack = try kernel("read back") { () throws(NFTablesError) in try reader.read() }
        try verify(readBack, running: running, edited: edited)
        print("read back: the kernel holds the edited router")
    }

    /// Runs a kernel step, timed, and turns its typed error into the example's.
    private mutating func kernel<T>(_ step: String, _ body: () throws(NFTablesError) -> T) throws(ExampleFailure)
        -> T
    {
        do {
            return try timings.measure(step, body)
        } catch {
            switch error {
            case .generationChanged(let expected):
                throw ExampleFailure("\(step): another writer changed the ruleset after generation \(expected)")
            case .kernelRefused(let refusals):
                throw ExampleFailure(
                    "\(step): the kernel refused the batch:\n"
                        + refusals.map { "  \($0)" }.joined(separator: "\n"))
            default:
                throw ExampleFailure("\(step): \(error)")
            }
        }
    }

    /// Checks what the kernel holds: every element the change adds to a set or map is there, every element it
    /// removes is gone, and planned from the read-back the edited router needs nothing more.
    private func verify(_ readBack: Ruleset, running: RouterDocument, edited: RouterDocument) throws(ExampleFailure) {
        let tableID = TableID(family: .inet, name: compiler.tableName)
        guard let table = readBack.tables.first(where: { $0.id == tableID }) else {
            throw ExampleFailure("read back: no \(tableID) in the kernel")
        }
        guard let old = compiler.compile(running).tables.first, let new = compiler.compile(edited).tables.first else {
            throw ExampleFailure("the compiler made no table")
        }
        var changed = 0
        for set in new.sets {
            let before = Set(old.set(named: set.name)?.elements ?? [])
            let after = Set(set.elements)
            guard before != after else { continue }
            let held = Set(table.set(named: set.name)?.elements ?? [])
            let missing = after.subtracting(before).subtracting(held)
            let stale = before.subtracting(after).intersection(held)
            guard missing.isEmpty, stale.isEmpty else {
                throw ExampleFailure(
                    "read back: \(set.name) lacks \(missing.count) new elements and still holds \(stale.count) old ones"
                )
            }
            changed += 1
        }
        guard changed > 0 else { throw ExampleFailure("the edit changed no set or map") }
        let rest = RouterCompiler.plan(from: readBack, to: Ruleset(tables: [new]))
        guard rest.isEmpty else {
            throw ExampleFailure("read back: the kernel differs from the edited router:\n\(rest)")
        }
    }

    private static func isElementChange(_ operation: UpdatePlan.Operation) -> Bool {
        switch operation {
        case .addElements, .deleteElements: return true
        default: return false
        }
    }
}
