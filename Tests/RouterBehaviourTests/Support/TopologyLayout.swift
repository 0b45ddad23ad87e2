import RouterModel

/// Where every namespace of a ``RouterTopology`` sits and which addresses it holds, worked out from a router
/// document without touching the kernel.
///
/// - the router holds the document's interfaces and addresses;
/// - each guest network gets a host holding a client address of its own in each prefix of the network (offset
///   100 from the network address, or the next free one) plus every private address the document gives to that
///   network (port forward targets, static NAT private addresses, load balancer backends), so those servers
///   exist;
/// - each control interface gets a host with one client address per prefix;
/// - the public side is one namespace with one link per public interface, holding the gateway (or the first
///   free address) of each public prefix, plus any extra source addresses a test wants to connect from.
internal struct TopologyLayout: Sendable {
    /// Which namespace an address belongs to.
    enum Side: Hashable, Sendable, CustomStringConvertible {
        case router
        case guest(String)
        case control(String)
        case publicSide

        var description: String {
            switch self {
            case .router: return "router"
            case .guest(let network): return "guest host of \(network)"
            case .control(let interface): return "control host on \(interface)"
            case .publicSide: return "public host"
            }
        }
    }

    /// One link between the router and a host: the router's interface and the host's end.
    struct Link: Sendable {
        var routerInterface: Interface
        /// The host's end of the veth pair, inside the host's namespace.
        var hostInterface: String
        /// The host's addresses on its end, with the prefix lengths of the router's prefixes.
        var hostAddresses: [CIDR]
    }

    /// A host namespace: what it is for and its links (one, except on the public side).
    struct Host: Sendable {
        var side: Side
        var links: [Link]
        /// Extra addresses the host holds on loopback (public sources outside the link prefixes).
        var loopbackAddresses: [InternetAddress]
        /// The default route of each family, through the router's first address of that family on the first link.
        var defaultRoutes: [InternetAddress]
        /// Further routes: a prefix and the router address it goes through.
        var routes: [(prefix: CIDR, via: InternetAddress)] = []

        /// Every address the host holds.
        var addresses: [InternetAddress] {
            links.flatMap { $0.hostAddresses.map(\.address) } + loopbackAddresses
        }
    }

    let document: RouterDocument
    /// The guest hosts by network, the control hosts by interface, and the public host.
    private(set) var hosts: [Host] = []
    /// The router's default routes: through the public host's first address of each family.
    private(set) var routerDefaultRoutes: [InternetAddress] = []
    /// The address each host connects from, by side and family: its first client address.
    private(set) var clientAddresses: [Side: [AddressFamily: InternetAddress]] = [:]

    /// Lays out the topology for `document`; `publicSources` are extra addresses the public host may connect
    /// from (they are routed to it because the router's default route points there). With `routeGuestsFromPublic`
    /// the public host routes the guest prefixes through the router, so that it can try them without destination
    /// NAT (and untranslated guest traffic can then be answered).
    init(document: RouterDocument, publicSources: Set<InternetAddress> = [], routeGuestsFromPublic: Bool = false) {
        self.document = document
        var used = Set(document.interfaces.flatMap { $0.addresses.map(\.address) })
        used.formUnion(document.interfaces.compactMap(\.gateway))
        let privates = Self.privateAddresses(of: document)
        used.formUnion(privates)

        var publicLinks: [Link] = []
        for (index, interface) in document.interfaces.enumerated() {
            let prefixes = Self.distinctPrefixes(interface.addresses)
            switch interface.role {
            case .guest, .control:
                var hostAddresses: [CIDR] = []
                for prefix in prefixes {
                    let client = Self.firstFree(in: prefix, from: prefix.family == .ipv4 ? 100 : 0x100, used: used)
                    used.insert(client)
                    hostAddresses.append(CIDR(address: client, prefixLength: prefix.prefixLength)!)
                }
                for address in privates.sorted() where prefixes.contains(where: { $0.contains(address) }) {
                    let prefix = prefixes.first { $0.contains(address) }!
                    hostAddresses.append(CIDR(address: address, prefixLength: prefix.prefixLength)!)
                }
                let side: Side = interface.role == .guest ? .guest(interface.network ?? "") : .control(interface.name)
                let routes = AddressFamily.allCases.compactMap { family in
                    interface.addresses.first { $0.family == family }?.address
                }
                hosts.append(
                    Host(
                        side: side,
                        links: [Link(routerInterface: interface, hostInterface: "eth0", hostAddresses: hostAddresses)],
                        loopbackAddresses: [], defaultRoutes: interface.role == .guest ? routes : []))
                clientAddresses[side] = Dictionary(
                    hostAddresses.prefix(prefixes.count).map { ($0.family, $0.address) },
                    uniquingKeysWith: { a, _ in a })
            case .public:
                var hostAddresses: [CIDR] = []
                for prefix in prefixes {
                    let peer: InternetAddress
                    if let gateway = interface.gateway, prefix.contains(gateway) {
                        peer = gateway
                    } else {
                        peer = Self.firstFree(in: prefix, from: 1, used: used)
                    }
                    used.insert(peer)
                    hostAddresses.append(CIDR(address: peer, prefixLength: prefix.prefixLength)!)
                }
                publicLinks.append(
                    Link(routerInterface: interface, hostInterface: "pub\(index)", hostAddresses: hostAddresses))
            }
        }
        if !publicLinks.isEmpty {
            let peers = publicLinks.flatMap { $0.hostAddresses.map(\.address) }
            let extra = publicSources.subtracting(peers).sorted()
            var routes: [(prefix: CIDR, via: InternetAddress)] = []
            if routeGuestsFromPublic {
                let routerPublic = document.publicAddresses
                for interface in document.interfaces where interface.role == .guest {
                    for prefix in Self.distinctPrefixes(interface.addresses) {
                        if let via = routerPublic.first(where: { $0.family == prefix.family }) {
                            routes.append((prefix, via))
                        }
                    }
                }
            }
            hosts.append(
                Host(side: .publicSide, links: publicLinks, loopbackAddresses: extra, defaultRoutes: [], routes: routes)
            )
            routerDefaultRoutes = AddressFamily.allCases.compactMap { family in peers.first { $0.family == family } }
            clientAddresses[.publicSide] = Dictionary(
                peers.map { ($0.family, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// The host of `side`, if the topology has one.
    func host(_ side: Side) -> Host? {
        hosts.first { $0.side == side }
    }

    /// The addresses of the public host's links (gateways first), without extra sources.
    var publicPeers: [InternetAddress] {
        host(.publicSide)?.links.flatMap { $0.hostAddresses.map(\.address) } ?? []
    }

    /// Which namespace holds `address`, or `nil` when none does.
    func side(of address: InternetAddress) -> Side? {
        if document.interfaces.contains(where: { $0.addresses.contains { $0.address == address } }) { return .router }
        if address == .v4(IPv4Address(0x7F00_0001)) || address == .v6(IPv6Address(high: 0, low: 1)) { return .router }
        return hosts.first { $0.addresses.contains(address) }?.side
    }

    /// Every private address the document names: port forward and static NAT targets, load balancer backends.
    static func privateAddresses(of document: RouterDocument) -> Set<InternetAddress> {
        Set(
            document.portForwards.map(\.privateAddress) + document.staticNats.map(\.privateAddress)
                + document.loadBalancers.flatMap { $0.backends.map(\.address) })
    }

    /// The prefixes of `addresses`, each once, in order.
    static func distinctPrefixes(_ addresses: [CIDR]) -> [CIDR] {
        var seen = Set<CIDR>()
        return addresses.map(\.prefix).filter { seen.insert($0).inserted }
    }

    /// The first address of `prefix` at `offset` or after that nothing in `used` holds.
    static func firstFree(in prefix: CIDR, from offset: UInt64, used: Set<InternetAddress>) -> InternetAddress {
        var step = offset
        while true {
            let candidate = adding(step, to: prefix.network)
            if prefix.contains(candidate), candidate != prefix.lastAddress, !used.contains(candidate) {
                return candidate
            }
            step = prefix.contains(candidate) ? step + 1 : 1
        }
    }

    /// `address + offset`, wrapping inside the family's width.
    static func adding(_ offset: UInt64, to address: InternetAddress) -> InternetAddress {
        switch address {
        case .v4(let v4): return .v4(IPv4Address(v4.value &+ UInt32(truncatingIfNeeded: offset)))
        case .v6(let v6): return .v6(IPv6Address(high: v6.high, low: v6.low &+ offset))
        }
    }
}
