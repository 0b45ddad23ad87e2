import Foundation
import NFTables
import RouterCompiler
import RouterModel
import Testing

/// Plans made from two documents (`RouterCompiler.plan(from:to:)` on documents) must be the plans made from the
/// two compiled rulesets, whichever way they are found; and applied, they leave the kernel as a fresh apply does.
@Suite("Update plans from documents")
struct DocumentPlanTests {
    /// A change of a document, by name.
    struct Edit: CustomStringConvertible, Sendable {
        var name: String
        var fixture: String
        var change: @Sendable (inout RouterDocument) -> Void
        var description: String { "\(fixture): \(name)" }
    }

    static let edits: [Edit] = {
        var edits: [Edit] = []
        for fixture in ["vr", "vpc", "mixed", "rvpc"] {
            edits += [
                Edit(name: "a port forward more", fixture: fixture) { $0.portForwards.append(PlanTests.extraForward) },
                Edit(name: "the first port forward removed", fixture: fixture) {
                    if !$0.portForwards.isEmpty { $0.portForwards.removeFirst() }
                },
                Edit(name: "a port forward to another guest", fixture: fixture) {
                    if !$0.portForwards.isEmpty { $0.portForwards[0].privateAddress = InternetAddress("10.1.1.77")! }
                },
                Edit(name: "the port forwards in reverse order", fixture: fixture) { $0.portForwards.reverse() },
                Edit(name: "a static NAT more", fixture: fixture) {
                    $0.staticNats.append(
                        StaticNAT(
                            publicAddress: InternetAddress("198.51.100.99")!,
                            privateAddress: InternetAddress("10.1.1.99")!))
                },
                Edit(name: "every static NAT removed", fixture: fixture) { $0.staticNats = [] },
                Edit(name: "a balancer's first backend moved", fixture: fixture) {
                    if !$0.loadBalancers.isEmpty {
                        $0.loadBalancers[0].backends[0] = Backend(address: InternetAddress("10.1.1.88")!, port: 8080)
                    }
                },
                Edit(name: "a balancer with one backend more (new chains)", fixture: fixture) {
                    if !$0.loadBalancers.isEmpty {
                        $0.loadBalancers[0].backends += (1...3).map {
                            Backend(address: InternetAddress("10.1.1.\(90 + $0)")!, port: 8443)
                        }
                    }
                },
                Edit(name: "the middle ingress ACL entry removed", fixture: fixture) { document in
                    guard let name = Self.firstACLNetwork(document, where: { !$0.ingress.isEmpty }) else { return }
                    let count = document.networks[name]?.acl?.ingress.count ?? 0
                    document.networks[name]?.acl?.ingress.remove(at: count / 2)
                },
                Edit(name: "an egress ACL entry added first", fixture: fixture) { document in
                    guard let name = Self.firstACLNetwork(document, where: { _ in true }) else { return }
                    let number = (document.networks[name]?.acl?.egress.map(\.number).min() ?? 100) - 1
                    document.networks[name]?.acl?.egress.insert(
                        ACLRule(
                            number: number, action: .deny, protocol: .tcp, ports: PortRange(port: 25),
                            cidrs: [CIDR("203.0.113.0/24")!]), at: 0)
                },
                Edit(name: "an ACL's defaults flipped", fixture: fixture) { document in
                    guard let name = Self.firstACLNetwork(document, where: { _ in true }),
                        var acl = document.networks[name]?.acl
                    else { return }
                    acl.defaultIngress = acl.defaultIngress == .allow ? .deny : .allow
                    acl.defaultEgress = acl.defaultEgress == .allow ? .deny : .allow
                    document.networks[name]?.acl = acl
                },
                Edit(name: "the ACLs of every network emptied", fixture: fixture) { document in
                    for name in document.networks.keys where document.networks[name]?.acl != nil {
                        document.networks[name]?.acl?.ingress = []
                        document.networks[name]?.acl?.egress = []
                    }
                },
                Edit(name: "a network loses its ACL", fixture: fixture) { document in
                    guard let name = Self.firstACLNetwork(document, where: { _ in true }) else { return }
                    document.networks[name]?.acl = nil
                },
                Edit(name: "a forward and an ACL change together", fixture: fixture) {
                    $0.portForwards.append(PlanTests.extraForward)
                    for name in $0.networks.keys.sorted() where $0.networks[name]?.acl != nil {
                        $0.networks[name]?.acl?.ingress.removeAll()
                        break
                    }
                },
            ]
        }
        edits.append(
            Edit(name: "a range forward cut into single ports", fixture: "vr") { document in
                document.portForwards.removeAll { $0.publicPorts.count > 1 && $0.publicPorts != $0.privatePorts }
                document.portForwards += (0..<3).map { offset in
                    PortForward(
                        publicAddress: InternetAddress("198.51.100.10")!, protocol: .udp,
                        publicPorts: PortRange(port: 7000 + offset)!, privateAddress: InternetAddress("10.1.1.21")!,
                        privatePorts: PortRange(port: 70 + offset)!)
                }
            })
        return edits
    }()

    /// The first network (by name) with an ACL that `condition` accepts.
    static func firstACLNetwork(_ document: RouterDocument, where condition: (NetworkACL) -> Bool) -> String? {
        document.networks.keys.sorted().first { name in document.networks[name]?.acl.map(condition) ?? false }
    }

    @Test("the plan from documents is the plan from the compiled rulesets", arguments: edits)
    func sameAsRulesetPlan(edit: Edit) throws {
        let before = try CompilerFixtures.document(edit.fixture)
        var after = before
        edit.change(&after)
        let compiler = RouterCompiler()
        let fromDocuments = compiler.plan(from: before, to: after)
        let fromRulesets = RouterCompiler.plan(from: compiler.compile(before), to: compiler.compile(after))
        #expect(Self.summary(fromDocuments) == Self.summary(fromRulesets), "\(fromDocuments)\n---\n\(fromRulesets)")
        #expect(fromDocuments.elementCount == fromRulesets.elementCount)
    }

    @Test("a range forward and the single ports it is cut into compile alike, so the plan is empty")
    func sameElementsNoChange() throws {
        var before = try CompilerFixtures.document("vr")
        before.portForwards.append(
            PortForward(
                publicAddress: InternetAddress("198.51.100.10")!, protocol: .udp,
                publicPorts: PortRange(lower: 7000, upper: 7002)!,
                privateAddress: InternetAddress("10.1.1.21")!, privatePorts: PortRange(lower: 70, upper: 72)!))
        var after = before
        after.portForwards.removeLast()
        after.portForwards += (0..<3).map { offset in
            PortForward(
                publicAddress: InternetAddress("198.51.100.10")!, protocol: .udp,
                publicPorts: PortRange(port: 7000 + offset)!, privateAddress: InternetAddress("10.1.1.21")!,
                privatePorts: PortRange(port: 70 + offset)!)
        }
        #expect(before != after)
        let plan = RouterCompiler().plan(from: before, to: after)
        #expect(plan.isEmpty, "\(plan)")
    }

    @Test("random edits of forwards, NATs and balancers plan as the compiled rulesets do", arguments: 0..<40)
    func randomEdits(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed))
        let before = GeneratedDocuments.router(portForwards: 300, staticNats: 40, loadBalancers: 20)
        var after = before
        for _ in 0..<(1 + random.next() % 6) {
            switch random.next() % 6 {
            case 0:
                after.portForwards.remove(at: Int(random.next() % UInt64(after.portForwards.count)))
            case 1:
                let port = 20_000 + Int(random.next() % 10_000)
                guard !after.portForwards.contains(where: { $0.publicPorts.lower == port }) else { continue }
                after.portForwards.append(
                    PortForward(
                        publicAddress: GeneratedDocuments.forwardAddress(0), protocol: .tcp,
                        publicPorts: PortRange(port: port)!,
                        privateAddress: GeneratedDocuments.guestAddress(Int(random.next() % 1000)),
                        privatePorts: PortRange(port: 80)!))
            case 2:
                let index = Int(random.next() % UInt64(after.portForwards.count))
                after.portForwards[index].privateAddress = GeneratedDocuments.guestAddress(Int(random.next() % 1000))
            case 3:
                after.staticNats.remove(at: Int(random.next() % UInt64(after.staticNats.count)))
            case 4:
                let index = Int(random.next() % UInt64(after.loadBalancers.count))
                after.loadBalancers[index].backends[0].port = 1 + Int(random.next() % 60_000)
            default:
                after.portForwards.shuffle(using: &random)
            }
        }
        let compiler = RouterCompiler()
        let fromDocuments = compiler.plan(from: before, to: after)
        let fromRulesets = RouterCompiler.plan(from: compiler.compile(before), to: compiler.compile(after))
        #expect(Self.summary(fromDocuments) == Self.summary(fromRulesets), "\(fromDocuments)\n---\n\(fromRulesets)")
        #expect(!fromDocuments.operations.contains { Self.isStructural($0) }, "\(fromDocuments)")
    }

    @Test("one port forward more on a router with 100,000 is one element, without compiling either document")
    func oneForwardAmongMany() throws {
        let before = GeneratedDocuments.router(portForwards: 100_000, staticNats: 1000, loadBalancers: 100)
        var after = before
        var extra = PlanTests.extraForward
        extra.publicAddress = InternetAddress("198.51.100.10")!
        after.portForwards.append(extra)
        let plan = RouterCompiler().plan(from: before, to: after)
        let element = SetElement(
            key: .concat([.address(IPAddress("198.51.100.10")!), .integer(6), .integer(9000)]),
            value: .concat([.address(IPAddress("10.1.1.50")!), .integer(80)]))
        #expect(plan.operations == [.addElements(PlanTests.id, set: "port_forwards4", elements: [element])])
        // The plan's table holds only what the operations name: nothing of the other 100,000 forwards.
        #expect(plan.tables.flatMap(\.sets).map(\.elements.count).reduce(0, +) == 1)
    }

    @Test("one ACL entry fewer among 20,000 on a router with 100,000 forwards compiles only that ACL")
    func oneACLEntryAmongMany() throws {
        let before = GeneratedDocuments.router(portForwards: 100_000, staticNats: 1000, aclEntries: 20_000)
        var after = before
        after.networks["web"]?.acl?.ingress.remove(at: 10_000)
        let plan = RouterCompiler().plan(from: before, to: after)
        #expect(!plan.isEmpty)
        // Only the web ingress ACL's chain and run sets are in the plan: nothing of the forwards or NATs.
        let sets = plan.tables.flatMap(\.sets).map(\.name)
        #expect(!sets.isEmpty && sets.allSatisfy { $0.hasPrefix("acl_web_ingress") }, "\(sets)")
        #expect(plan.tables.flatMap(\.chains).allSatisfy { $0.name.hasPrefix("acl_web") })
        #expect(!plan.operations.contains { Self.isStructural($0) }, "\(plan)")
    }

    @Test("applying a plan from documents lists as a fresh apply of the new document", .kernel, arguments: edits)
    func kernelMatchesFreshApply(edit: Edit) throws {
        let compiler = RouterCompiler()
        let before = try CompilerFixtures.document(edit.fixture)
        var after = before
        edit.change(&after)
        let plan = compiler.plan(from: before, to: after)

        let updated = try TestNamespace()
        defer { updated.close() }
        let fresh = try TestNamespace()
        defer { fresh.close() }
        try compiler.compile(before).apply(to: updated.namespace)
        var transaction = Transaction(namespace: updated.namespace)
        plan.fill(&transaction)
        try transaction.commit()
        try compiler.compile(after).apply(to: fresh.namespace)

        let listed = try updated.listTable(family: .inet, name: "vrc")
        let expected = try fresh.listTable(family: .inet, name: "vrc")
        #expect(
            canonicalListing(listed) == canonicalListing(expected),
            "\(lineDifference(expected, listed))\nplan:\n\(plan)")
    }

    @Test("a plan from documents made for another kernel state is refused whole", .kernel)
    func staleStateRefused() throws {
        let compiler = RouterCompiler()
        let before = try CompilerFixtures.document("vr")
        var after = before
        after.portForwards.append(PlanTests.extraForward)
        let namespace = try TestNamespace()
        defer { namespace.close() }
        // The kernel already holds `after`, so adding the forward's element again must fail, and change nothing.
        try compiler.compile(after).apply(to: namespace.namespace)
        let listing = try namespace.listTable(family: .inet, name: "vrc")
        var transaction = Transaction(namespace: namespace.namespace)
        compiler.plan(from: before, to: after).fill(&transaction)
        #expect(throws: NFTablesError.self) { try transaction.commit() }
        #expect(try namespace.listTable(family: .inet, name: "vrc") == listing)
    }

    // MARK: Support

    /// A plan as comparable data: element operations as sets of elements by operation and set (their order within
    /// an operation is not part of the contract), the other operations as written, in order.
    static func summary(_ plan: UpdatePlan) -> [String] {
        plan.operations.map { operation in
            switch operation {
            case .addElements(_, let set, let elements):
                return "add \(set) " + elements.map { "\($0)" }.sorted().joined(separator: ", ")
            case .deleteElements(_, let set, let elements):
                return "delete \(set) " + elements.map { "\($0)" }.sorted().joined(separator: ", ")
            default:
                return "\(operation)"
            }
        }
    }

    static func isStructural(_ operation: UpdatePlan.Operation) -> Bool {
        switch operation {
        case .addElements, .deleteElements: return false
        default: return true
        }
    }
}
