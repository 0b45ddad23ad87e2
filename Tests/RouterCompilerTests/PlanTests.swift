import Foundation
import NFTables
import RouterCompiler
import RouterModel
import Testing

/// Minimal updates: the plan between two compiled rulesets does only what the change needs.
@Suite("Update plans")
struct PlanTests {
    static let id = TableID(family: .inet, name: "vrc")

    @Test("the same document gives an empty plan", arguments: CompilerFixtures.names)
    func identicalIsEmpty(fixture: String) throws {
        let ruleset = try CompilerFixtures.ruleset(fixture)
        let plan = RouterCompiler.plan(from: ruleset, to: ruleset)
        #expect(plan.isEmpty, "\(plan)")
        #expect(plan.description.isEmpty)
    }

    @Test("one port forward more is one element added to port_forwards4")
    func onePortForward() throws {
        let before = try CompilerFixtures.document("vr")
        var after = before
        after.portForwards.append(Self.extraForward)
        let plan = RouterCompiler.plan(
            from: RouterCompiler().compile(before), to: RouterCompiler().compile(after))
        let element = SetElement(
            key: .concat([.address(IPAddress("198.51.100.20")!), .integer(6), .integer(9000)]),
            value: .concat([.address(IPAddress("10.1.1.50")!), .integer(80)]))
        #expect(plan.operations == [.addElements(Self.id, set: "port_forwards4", elements: [element])])
        #expect(plan.elementCount == 1)
        #expect(plan.description.hasPrefix("add element inet vrc port_forwards4 { 198.51.100.20 . tcp . 9000 : "))
    }

    @Test("one port forward more on a router with 100,000 is still one element, found in linear time")
    func onePortForwardAmongMany() throws {
        let before = GeneratedDocuments.router(portForwards: 100_000)
        var after = before
        var extra = Self.extraForward
        extra.publicAddress = InternetAddress("198.51.100.10")!
        after.portForwards.append(extra)
        let old = RouterCompiler().compile(before)
        let new = RouterCompiler().compile(after)
        let clock = ContinuousClock()
        var plan: UpdatePlan?
        let elapsed = clock.measure { plan = RouterCompiler.plan(from: old, to: new) }
        #expect(plan?.operations.count == 1)
        #expect(plan?.elementCount == 1)
        // A quadratic scan of 100,000 elements would take minutes; hashing takes well under a second.
        #expect(elapsed < .seconds(5), "planning took \(elapsed)")
        print("plan of +1 forward among 100,000: \(elapsed)")
    }

    @Test("a port forward removed is one element deleted")
    func portForwardRemoved() throws {
        let before = try CompilerFixtures.document("vr")
        var after = before
        after.portForwards.removeFirst()
        let plan = RouterCompiler.plan(from: RouterCompiler().compile(before), to: RouterCompiler().compile(after))
        #expect(plan.operations.count == 1)
        guard case .deleteElements(_, let set, let elements)? = plan.operations.first else {
            Issue.record("expected an element delete, got \(plan)")
            return
        }
        #expect(set == "port_forwards4")
        #expect(elements.count == 1)
    }

    @Test("a static NAT more adds one element to each direction's map")
    func staticNATAdded() throws {
        var before = try CompilerFixtures.document("vr")
        before.staticNats = []
        let after = try CompilerFixtures.document("vr")
        let plan = RouterCompiler.plan(from: RouterCompiler().compile(before), to: RouterCompiler().compile(after))
        #expect(plan.operations.compactMap(Self.setName).sorted() == ["static_nat4", "static_nat_out4"])
        #expect(plan.elementCount == 2)
    }

    @Test("one ACL entry removed changes only that list's chain and sets")
    func aclEntryRemoved() throws {
        let before = try CompilerFixtures.document("vpc")
        var after = before
        let number = try #require(after.networks["web"]?.acl?.ingress.first?.number)
        after.networks["web"]?.acl?.ingress.removeFirst()
        let plan = RouterCompiler.plan(from: RouterCompiler().compile(before), to: RouterCompiler().compile(after))
        #expect(!plan.isEmpty, "removing rule \(number) changes the web ingress list")
        for operation in plan.operations {
            let name = Self.objectName(operation)
            #expect(name?.hasPrefix("acl_web_ingress") == true, "\(operation) touches more than the web ingress list")
        }
    }

    @Test("an ACL entry whose run keeps its shape changes only elements")
    func aclEntryInRun() throws {
        var before = try CompilerFixtures.document("vpc")
        let extra = ACLRule(
            number: 11, action: .allow, protocol: .tcp, ports: PortRange(port: 8443), cidrs: [CIDR("0.0.0.0/0")!])
        var after = before
        after.networks["web"]?.acl?.ingress.insert(extra, at: 1)
        before.networks["web"]?.acl?.ingress.sort { $0.number < $1.number }
        let plan = RouterCompiler.plan(from: RouterCompiler().compile(before), to: RouterCompiler().compile(after))
        #expect(plan.operations.count == 1, "\(plan)")
        #expect(plan.operations.first.map(Self.setName) == "acl_web_ingress_0_ports4")
    }

    @Test("a full replace is asked for, or forced by a skeleton change")
    func fullReplace() throws {
        let ruleset = try CompilerFixtures.ruleset("vpc")
        #expect(
            RouterCompiler.plan(from: ruleset, to: ruleset, fullReplace: true).operations == [.replaceTable(Self.id)])
        #expect(RouterCompiler.plan(from: Ruleset(), to: ruleset).operations == [.replaceTable(Self.id)])

        var renamed = try CompilerFixtures.document("vpc")
        renamed.name = "r-renamed"
        #expect(
            RouterCompiler.plan(from: ruleset, to: RouterCompiler().compile(renamed)).operations == [
                .replaceTable(Self.id)
            ])

        var rehooked = ruleset
        rehooked.tables[0].chains[1].hook?.priority = 10
        #expect(RouterCompiler.plan(from: ruleset, to: rehooked).operations == [.replaceTable(Self.id)])
    }

    @Test("a set declared differently is deleted and created again, and the chains using it are rewritten")
    func setRedeclared() throws {
        let ruleset = try CompilerFixtures.ruleset("vr")
        var changed = ruleset
        let index = try #require(changed.tables[0].sets.firstIndex { $0.name == "ungated4" })
        changed.tables[0].sets[index].comment = "redeclared"
        let plan = RouterCompiler.plan(from: ruleset, to: changed)
        #expect(plan.operations.first == .flushChain(Self.id, chain: "public_gate"))
        #expect(plan.operations.contains(.deleteSet(Self.id, set: "ungated4")))
        #expect(plan.operations.contains(.addSet(Self.id, set: "ungated4")))
        let rules = plan.operations.filter { if case .addRule = $0 { return true } else { return false } }
        #expect(rules.count == ruleset.tables[0].chain(named: "public_gate")!.rules.count)
    }

    @Test("a network losing its ACL drops its chains and sets, after the verdict-map elements that jump there")
    func aclRemoved() throws {
        let before = try CompilerFixtures.document("vpc")
        var after = before
        after.networks["db"]?.acl = nil
        let plan = RouterCompiler.plan(from: RouterCompiler().compile(before), to: RouterCompiler().compile(after))
        let operations = plan.operations
        let deleteElements = try #require(operations.firstIndex { Self.setName($0) == "forward_from" })
        let deleteChain = try #require(operations.firstIndex(of: .deleteChain(Self.id, chain: "acl_db_egress")))
        #expect(deleteElements < deleteChain)
        #expect(operations.contains(.deleteChain(Self.id, chain: "acl_db_ingress")))
        #expect(operations.contains(.deleteSet(Self.id, set: "acl_db_ingress_0_ports4")))
        #expect(!operations.contains { if case .addRule = $0 { return true } else { return false } })
    }

    // MARK: Helpers

    static let extraForward = PortForward(
        publicAddress: InternetAddress("198.51.100.20")!, protocol: .tcp, publicPorts: PortRange(port: 9000)!,
        privateAddress: InternetAddress("10.1.1.50")!, privatePorts: PortRange(port: 80)!)

    static func setName(_ operation: UpdatePlan.Operation) -> String? {
        switch operation {
        case .addElements(_, let set, _), .deleteElements(_, let set, _), .addSet(_, let set), .deleteSet(_, let set):
            return set
        default:
            return nil
        }
    }

    static func objectName(_ operation: UpdatePlan.Operation) -> String? {
        switch operation {
        case .flushChain(_, let chain), .deleteChain(_, let chain), .addChain(_, let chain),
            .addRule(_, let chain, _):
            return chain
        default:
            return setName(operation)
        }
    }
}
