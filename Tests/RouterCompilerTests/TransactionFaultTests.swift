import Foundation
@_spi(FaultInjection) import NFTables
import RouterCompiler
import RouterModel
import Testing

/// Transactions made to fail at a chosen point (issue 7's fault injection): the kernel refusing message k, every
/// reply lost (ENOBUFS), both, another writer committing just before the batch, the namespace removed while the
/// transaction runs. After each, the kernel holds the old ruleset or the new one and nothing else, and what the
/// library reported says which: success means the new one, an error the old one.
@Suite("Transactions with injected faults", .kernel)
struct TransactionFaultTests {
    /// The rulesets the runs move between: every model fixture compiled, once under its own name and once under
    /// a shared one (so that a plan between two of them changes elements and chains, as `vrc diff --apply` does,
    /// rather than replacing the table).
    struct States {
        var rulesets: [Ruleset] = []
        var canonical: [Ruleset] = []
        var labels: [String] = []

        init() throws {
            for name in CompilerFixtures.names {
                var document = try CompilerFixtures.document(name)
                for renamed in [false, true] {
                    if renamed { document.name = "r-shared" }
                    let ruleset = RouterCompiler().compile(document)
                    rulesets.append(ruleset)
                    canonical.append(ruleset.readBackCanonical.nameOrdered)
                    labels.append(renamed ? "\(name) (as r-shared)" : name)
                }
            }
        }

        /// Which state the kernel holds: the index of a ruleset equal to what is read back, or `nil`.
        func classify(_ namespace: NetworkNamespace) throws -> Int? {
            let read = try RulesetReader(namespace: namespace).read(.owned).readBackCanonical.nameOrdered
            return canonical.firstIndex(of: read)
        }
    }

    /// How a run moves from the old ruleset to the new one.
    enum Path: CaseIterable {
        /// `Ruleset.apply`: each table replaced in one batch (`vrc apply`, `vrc import-*`).
        case replace
        /// The minimal update plan filled into one transaction (`vrc diff --apply`).
        case plan
    }

    /// One fault to inject, chosen at random.
    static func fault(_ random: inout SeededRandom, messages: Int, namespace: TestNamespace) -> (
        TransactionFault, String
    ) {
        let index = Int.random(in: 1...(messages + 1), using: &random)
        switch Int.random(in: 0..<5, using: &random) {
        case 0, 1: return (TransactionFault(.refuseMessage(index)), "refuse message \(index)")
        case 2: return (TransactionFault(.lostReplies), "lost replies")
        case 3: return (TransactionFault(.refuseMessage(index), .lostReplies), "refuse message \(index), replies lost")
        default:
            // Another writer commits between the probe and the batch, once: the guard refuses the batch, and
            // the transaction is built again on the new generation.
            let done = Flag()
            let name = namespace.name
            let fault = TransactionFault(.beforeSend) {
                guard done.set() else { return }
                _ = try? ProcessRunner.run(["ip", "netns", "exec", name, "nft", "add table ip other-writer"])
            }
            return (fault, "another writer first")
        }
    }

    /// 1,000 unless `VRC_FAULT_RUNS` says otherwise.
    static let runs = ProcessInfo.processInfo.environment["VRC_FAULT_RUNS"].flatMap { Int($0) } ?? 1000

    @Test("1,000 randomized runs: old or new, never anything else, and the outcome reported matches")
    func randomizedRuns() throws {
        let states = try States()
        let namespace = try TestNamespace()
        defer { namespace.close() }
        var random = SeededRandom(seed: 0x5EED_FA17)
        var outcomes: [String: Int] = [:]
        for run in 0..<Self.runs {
            let old = Int.random(in: 0..<states.rulesets.count, using: &random)
            var new = Int.random(in: 0..<states.rulesets.count, using: &random)
            while states.canonical[new] == states.canonical[old] {
                new = Int.random(in: 0..<states.rulesets.count, using: &random)
            }
            let path = Path.allCases.randomElement(using: &random)!
            try states.rulesets[old].apply(to: namespace.namespace)
            var transaction = Transaction(namespace: namespace.namespace)
            switch path {
            case .replace:
                for table in states.rulesets[new].tables { transaction.replace(table) }
            case .plan:
                RouterCompiler.plan(from: states.rulesets[old], to: states.rulesets[new]).fill(&transaction)
            }
            // The batch's size, to aim refusals anywhere in it (and past its end).
            let messages = try transaction.withEncodedBatch { _, count in count }
            let (fault, label) = Self.fault(&random, messages: messages, namespace: namespace)
            var reported: Result<Void, NFTablesError> = .success(())
            TransactionFault.$injected.withValue(fault) {
                do throws(NFTablesError) {
                    try transaction.commit()
                } catch {
                    reported = .failure(error)
                }
            }
            let held = try states.classify(namespace.namespace)
            let context = "run \(run): \(states.labels[old]) -> \(states.labels[new]) by \(path), \(label)"
            let kept = states.canonical[old]
            let holdsOld = held.map { states.canonical[$0] == kept } ?? false
            let holdsNew = held.map { states.canonical[$0] == states.canonical[new] } ?? false
            #expect(holdsOld || holdsNew, "\(context): the kernel holds neither the old nor the new ruleset")
            switch reported {
            case .success:
                #expect(holdsNew, "\(context): reported committed, but the kernel holds the old ruleset")
                outcomes["new (\(label.split(separator: " ").first!))", default: 0] += 1
            case .failure(let error):
                #expect(holdsOld, "\(context): reported \(error), but the kernel holds the new ruleset")
                if case .kernelRefused = error {
                } else {
                    Issue.record("\(context): expected a refusal, got \(error)")
                }
                outcomes["old (\(label.split(separator: " ").first!))", default: 0] += 1
            }
            _ = try? namespace.run(["nft", "delete table ip other-writer"])
        }
        print(
            "fault runs: \(outcomes.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))"
        )
        #expect(outcomes.keys.contains { $0.hasPrefix("old") } && outcomes.keys.contains { $0.hasPrefix("new") })
    }

    @Test("the namespace removed before the socket opens, or while the transaction runs", arguments: [false, true])
    func namespaceRemoved(whileRunning: Bool) throws {
        let states = try States()
        var random = SeededRandom(seed: whileRunning ? 7 : 11)
        for run in 0..<10 {
            let namespace = try TestNamespace()
            defer { namespace.close() }
            // An open descriptor of the namespace keeps it alive once its name is gone, and reads it back.
            let descriptor = open("/run/netns/\(namespace.name)", O_RDONLY)
            try #require(descriptor >= 0)
            defer { close(descriptor) }
            let held = NetworkNamespace.path("/proc/\(getpid())/fd/\(descriptor)")
            let old = Int.random(in: 0..<states.rulesets.count, using: &random)
            var new =
                (old + 1 + Int.random(in: 0..<(states.rulesets.count - 1), using: &random)) % states.rulesets.count
            if states.canonical[new] == states.canonical[old] { new = (new + 1) % states.rulesets.count }
            try states.rulesets[old].apply(to: namespace.namespace)
            let name = namespace.name
            if !whileRunning { _ = try ProcessRunner.run(["ip", "netns", "del", name]) }
            let fault = TransactionFault(.beforeSend) {
                if whileRunning { _ = try? ProcessRunner.run(["ip", "netns", "del", name]) }
            }
            var reported: Result<Void, NFTablesError> = .success(())
            TransactionFault.$injected.withValue(fault) {
                do throws(NFTablesError) {
                    try states.rulesets[new].apply(to: namespace.namespace)
                } catch {
                    reported = .failure(error)
                }
            }
            #expect(!TestNamespace.exists(name), "run \(run): the namespace's name is gone")
            let holds = try states.classify(held).map { states.canonical[$0] }
            switch reported {
            case .success:
                #expect(whileRunning && holds == states.canonical[new], "run \(run): committed into the namespace")
            case .failure(let error):
                #expect(holds == states.canonical[old], "run \(run): \(error), and the old ruleset stays")
                if case .namespaceNotFound = error {} else { Issue.record("run \(run): unexpected \(error)") }
            }
        }
    }
}

/// A flag that can be set once from any thread.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    /// Sets the flag; `true` the first time only.
    func set() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if value { return false }
        value = true
        return true
    }
}
