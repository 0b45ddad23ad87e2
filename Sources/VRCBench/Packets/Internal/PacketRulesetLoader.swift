import Foundation
import IptablesImport
import NFTables

/// Loads one ``PacketForm`` of a router into a topology's router namespace.
internal struct PacketRulesetLoader: Sendable {
    /// What was loaded.
    struct Loaded: Sendable {
        /// Rules in the kernel (nftables rules, or iptables rules).
        var rules: Int
        /// Set and map elements in the kernel.
        var setElements: Int
        /// Wall time of the load, in milliseconds.
        var milliseconds: Double
    }

    /// vrc's compiled ruleset of the router.
    var compiled: Ruleset
    /// The same with the entry that names the receiver's prefix (``PacketForm/compiledNamed``).
    var compiledNamed: Ruleset
    /// The router as an `iptables-save` dump, one rule per entry; nil when no linear form is measured.
    var linearDump: String?

    static let iptablesLegacyRestore = "/usr/sbin/iptables-legacy-restore"

    /// Loads `form` into `topology`'s router.
    func load(_ form: PacketForm, into topology: PacketTopology) throws(BenchError) -> Loaded {
        let namespace = NetworkNamespace.named(topology.router.name)
        let clock = ContinuousClock()
        let start = clock.now
        switch form {
        case .empty:
            return Loaded(rules: 0, setElements: 0, milliseconds: 0)
        case .compiled, .compiledNamed:
            let ruleset = form == .compiled ? compiled : compiledNamed
            do {
                try ruleset.apply(to: namespace)
            } catch {
                throw BenchError("\(form.title) ruleset refused in \(namespace): \(error)")
            }
            return Loaded(
                rules: ruleset.ruleCount, setElements: ruleset.elementCount,
                milliseconds: (clock.now - start).milliseconds)
        case .nftLinear:
            let dump = try linearText(form)
            let result: ImportResult
            do {
                let parsed = try SaveDumpParser(file: "linear-router.rules").parse(dump)
                result = try IptablesImporter(options: .init(family: .ipv4)).importDump(parsed)
            } catch {
                throw BenchError("the linear dump does not import: \(error)")
            }
            do {
                try result.transaction(for: namespace).commit()
            } catch {
                throw BenchError("nft linear ruleset refused in \(namespace): \(error)")
            }
            return Loaded(
                rules: result.ruleset.ruleCount, setElements: result.ruleset.elementCount,
                milliseconds: (clock.now - start).milliseconds)
        case .iptablesLegacy:
            let dump = try linearText(form)
            let file = TemporaryFile.unique("linear.rules")
            do {
                try dump.write(to: file, atomically: false, encoding: .utf8)
            } catch {
                throw BenchError("cannot write the linear dump to \(file.path): \(error)")
            }
            defer { try? FileManager.default.removeItem(at: file) }
            try Spawn.run(topology.router.command([Self.iptablesLegacyRestore]), input: file.path)
            let rules = dump.split(separator: "\n").count { $0.hasPrefix("-A ") }
            return Loaded(rules: rules, setElements: 0, milliseconds: (clock.now - start).milliseconds)
        }
    }

    private func linearText(_ form: PacketForm) throws(BenchError) -> String {
        guard let linearDump else { throw BenchError("\(form.title): no linear dump of the router was given") }
        return linearDump
    }
}
