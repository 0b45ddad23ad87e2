import NFTables
import RouterModel

/// The compilation of one document: the parts of the document as the compiler reads them, and the table being
/// built.
///
/// The table has a fixed skeleton (base chains and the regular chains they dispatch to) whose rules do not depend
/// on how many port forwards, static NATs, firewall entries or load balancers the document has: those are
/// elements of the named sets and maps that the skeleton looks up. Only ACLs add rules, one lookup per run of
/// same-action entries, and load balancers add a chain per distinct backend count.
internal struct RouterCompilation {
    let document: RouterDocument
    /// The address families the router has addresses in, IPv4 first; per-family sets and rules exist for these.
    let families: [AddressFamily]
    let publicInterfaces: [Interface]
    let guestInterfaces: [Interface]
    let controlInterfaces: [Interface]
    /// The guest networks that have an ACL, with their interface, sorted by network name.
    let aclNetworks: [(name: String, interface: Interface, acl: NetworkACL)]
    /// The load balancers, each with its backends in a fixed order, sorted by address, protocol and port.
    let balancers: [(balancer: LoadBalancer, backends: [Backend])]
    var builder = TableBuilder()

    init(_ document: RouterDocument) {
        self.document = document
        let present = Set(document.interfaces.flatMap { $0.addresses.map(\.family) })
        families = AddressFamily.allCases.filter(present.contains)
        let sorted = document.interfaces.sorted { $0.name < $1.name }
        publicInterfaces = sorted.filter { $0.role == .public }
        guestInterfaces = sorted.filter { $0.role == .guest }
        controlInterfaces = sorted.filter { $0.role == .control }
        aclNetworks = document.networks.keys.sorted().compactMap { name in
            guard let acl = document.networks[name]?.acl, let interface = document.guestInterface(forNetwork: name)
            else { return nil }
            return (name, interface, acl)
        }
        balancers = document.loadBalancers
            .map { balancer in
                (balancer, balancer.backends.sorted { ($0.address, $0.port) < ($1.address, $1.port) })
            }
            .sorted {
                ($0.balancer.publicAddress, $0.balancer.protocol.number, $0.balancer.port)
                    < ($1.balancer.publicAddress, $1.balancer.protocol.number, $1.balancer.port)
            }
    }

    /// Builds the table.
    mutating func compile(tableName: String) -> Table {
        declareInterfaceSets()
        declareInputSets()
        declareGateSets()
        declareForwardMaps()
        declareDestinationNAT()
        declareSourceNAT()

        builder.addChain(
            Names.prerouting, hook: BaseChain(type: .nat, hook: .prerouting, priority: -100, policy: .accept),
            rules: preroutingRules())
        builder.addChain(
            Names.input, hook: BaseChain(type: .filter, hook: .input, priority: 0, policy: .drop),
            rules: inputRules())
        builder.addChain(
            Names.forward, hook: BaseChain(type: .filter, hook: .forward, priority: 0, policy: .drop),
            rules: forwardRules())
        builder.addChain(
            Names.postrouting, hook: BaseChain(type: .nat, hook: .postrouting, priority: 100, policy: .accept),
            rules: postroutingRules())
        builder.addChain(
            Names.publicGate, comment: "public to guest: translated flows that the firewall allows",
            rules: publicGateRules())
        builder.addChain(
            Names.firewall, comment: "the firewall entries, by original destination", rules: firewallRules())
        addBalancerChains()
        addACLChains()
        return builder.table(family: .inet, name: tableName, comment: Self.comment(document))
    }

    /// The table's comment.
    static func comment(_ document: RouterDocument) -> String {
        "vrc router \(document.name)"
    }

    // MARK: Interfaces

    private mutating func declareInterfaceSets() {
        func names(_ interfaces: [Interface]) -> [SetElement] {
            interfaces.map { SetElement(key: .string($0.name)) }
        }
        builder.addSet(Names.publicInterfaces, key: [.ifname], elements: names(publicInterfaces))
        builder.addSet(Names.guestInterfaces, key: [.ifname], elements: names(guestInterfaces))
        builder.addSet(Names.controlInterfaces, key: [.ifname], elements: names(controlInterfaces))
        let redundant = (document.redundancy?.instances ?? 1) >= 2
        builder.addSet(Names.vrrpInterfaces, key: [.ifname], elements: redundant ? names(guestInterfaces) : [])
    }

    /// The interface's addresses of `family`.
    static func addresses(of interface: Interface, _ family: AddressFamily) -> [CIDR] {
        interface.addresses.filter { $0.family == family }
    }

    /// The prefixes of a guest interface in `family`, disjoint and sorted (nested prefixes folded in).
    static func prefixSpans(of interface: Interface, _ family: AddressFamily) -> [Span] {
        BoxDecomposition.merged(addresses(of: interface, family).map(KeyValues.span))
    }
}
