import Foundation
import NFTables
import RouterCompiler
import RouterModel
import Testing

/// Plans applied to the kernel: after applying the plan from A to B on a kernel holding A, the kernel lists
/// exactly what a fresh apply of B lists.
@Suite("Update plans in the kernel")
struct PlanKernelTests {
    /// A change from one document to another, by name.
    struct Transition: CustomStringConvertible, Sendable {
        var name: String
        var old: @Sendable () throws -> RouterDocument
        var new: @Sendable () throws -> RouterDocument
        var description: String { name }
    }

    static let transitions: [Transition] = {
        var list: [Transition] = []
        let pairs = [
            ("vr", "rvr"), ("rvr", "vr"), ("vpc", "rvpc"), ("vpc", "mixed"), ("mixed", "vpc"),
            ("shared-network", "vpc"),
            ("vpc", "basic-zone-dhcp"), ("basic-zone-dhcp", "rvpc"), ("vr", "vpc"), ("vpc", "vr"), ("mixed", "rvr"),
        ]
        for (from, to) in pairs {
            list.append(
                Transition(
                    name: "\(from) -> \(to)", old: { try CompilerFixtures.document(from) },
                    new: {
                        // Same router name, so that the table comment stays and the plan is fine-grained.
                        var document = try CompilerFixtures.document(to)
                        document.name = try CompilerFixtures.document(from).name
                        return document
                    }))
        }
        list.append(
            Transition(name: "vr + port forward", old: { try CompilerFixtures.document("vr") }) {
                var document = try CompilerFixtures.document("vr")
                document.portForwards.append(PlanTests.extraForward)
                return document
            })
        list.append(
            Transition(name: "vpc - web ingress entry", old: { try CompilerFixtures.document("vpc") }) {
                var document = try CompilerFixtures.document("vpc")
                document.networks["web"]?.acl?.ingress.removeFirst()
                return document
            })
        list.append(
            Transition(name: "vpc - db ACL", old: { try CompilerFixtures.document("vpc") }) {
                var document = try CompilerFixtures.document("vpc")
                document.networks["db"]?.acl = nil
                return document
            })
        list.append(
            Transition(name: "vr balancer with a third backend", old: { try CompilerFixtures.document("vr") }) {
                var document = try CompilerFixtures.document("vr")
                document.loadBalancers[0].backends.append(Backend(address: InternetAddress("10.1.1.42")!, port: 8443))
                return document
            })
        list.append(
            Transition(name: "vr without firewall or static NAT", old: { try CompilerFixtures.document("vr") }) {
                var document = try CompilerFixtures.document("vr")
                document.firewall = nil
                document.staticNats = []
                return document
            })
        return list
    }()

    @Test("applying the plan lists as a fresh apply of the new document", .kernel, arguments: transitions)
    func planMatchesFreshApply(transition: Transition) throws {
        let old = RouterCompiler().compile(try transition.old())
        let new = RouterCompiler().compile(try transition.new())
        let plan = RouterCompiler.plan(from: old, to: new)
        #expect(!plan.operations.contains(.replaceTable(PlanTests.id)), "\(plan)")

        let updated = try TestNamespace()
        defer { updated.close() }
        let fresh = try TestNamespace()
        defer { fresh.close() }
        try old.apply(to: updated.namespace)
        let before = try updated.listTable(family: .inet, name: "vrc")
        var transaction = Transaction(namespace: updated.namespace)
        plan.fill(&transaction)
        try transaction.commit()
        try new.apply(to: fresh.namespace)

        let listed = try updated.listTable(family: .inet, name: "vrc")
        let expected = try fresh.listTable(family: .inet, name: "vrc")
        // New sets and chains are listed after the old ones; compared object by object, the tables are equal.
        #expect(canonicalListing(before) != canonicalListing(expected), "the transition changes the table")
        #expect(
            canonicalListing(listed) == canonicalListing(expected),
            "\(lineDifference(expected, listed))\nplan:\n\(plan)")
        let readBack = try RulesetReader(namespace: updated.namespace).read(.owned)
        #expect(
            readBack.readBackCanonical.nameOrdered == new.readBackCanonical.nameOrdered,
            "\(lineDifference(new.readBackCanonical.nftText(), readBack.readBackCanonical.nftText()))")
        // Planned from what the kernel now holds, nothing is left to do.
        let again = RouterCompiler.plan(from: readBack, to: new)
        #expect(again.isEmpty, "\(again)")
    }

    @Test(
        "planned from the kernel's own read-back, the same document needs nothing", .kernel,
        arguments: CompilerFixtures.names)
    func readBackNeedsNothing(fixture: String) throws {
        let ruleset = try CompilerFixtures.ruleset(fixture)
        let namespace = try TestNamespace()
        defer { namespace.close() }
        try ruleset.apply(to: namespace.namespace)
        let plan = RouterCompiler.plan(
            from: try RulesetReader(namespace: namespace.namespace).read(.owned), to: ruleset)
        #expect(plan.isEmpty, "\(plan)")
    }

    @Test("one port forward more on a router with 10,000 is one element in the kernel too", .kernel)
    func onePortForwardInKernel() throws {
        let before = GeneratedDocuments.router(portForwards: 10_000)
        var after = before
        var extra = PlanTests.extraForward
        extra.publicAddress = InternetAddress("198.51.100.10")!
        after.portForwards.append(extra)
        let old = RouterCompiler().compile(before)
        let new = RouterCompiler().compile(after)

        let namespace = try TestNamespace()
        defer { namespace.close() }
        try old.apply(to: namespace.namespace)
        let plan = RouterCompiler.plan(from: old, to: new)
        var transaction = Transaction(namespace: namespace.namespace)
        plan.fill(&transaction)
        let report = try transaction.commit()

        #expect(plan.elementCount == 1)
        let listed = try namespace.checkedRun(["nft", "list", "map", "inet", "vrc", "port_forwards4"])
        #expect(listed.contains("198.51.100.10 . tcp . 9000 : 10.1.1.50 . 80"))
        print("one forward among 10,000: \(report)")
    }
}
