import RouterModel

/// Chooses the connections to try from a document's own rules (its services, firewall rules, ACL rules, port
/// forwards, static NATs, load balancers), and asks ``ModelSemantics`` what must happen to each.
internal struct ProbePlan: Sendable {
    let document: RouterDocument
    let layout: TopologyLayout
    let semantics: ModelSemantics
    /// The probes, in the order they were chosen.
    private(set) var probes: [Probe] = []

    /// Lays out the topology for `document`, with public source addresses sampled from the rules' CIDRs, and
    /// chooses the probes of `categories`.
    init(document: RouterDocument, categories: [Probe.Category] = Probe.Category.allCases) {
        self.document = document
        let plain = TopologyLayout(document: document)
        layout = TopologyLayout(
            document: document, publicSources: Self.publicSources(document: document, layout: plain),
            routeGuestsFromPublic: categories.contains(.publicToGuestUntranslated))
        semantics = ModelSemantics(document: document, layout: layout)
        for category in categories { add(category) }
    }

    /// The connections a load balancer test makes to each balancer; enough that missing a backend by chance is
    /// negligible for random choice (3 backends: 3 x (2/3)^30, about 1e-5) and impossible for round robin.
    static let balancerConnections = 30

    // MARK: - Addresses

    /// Source addresses on the public side for the CIDRs of firewall and ACL rules: a peer address when the CIDR
    /// holds one, otherwise an address inside it that is no router's, guest's or control link's.
    static func publicSources(document: RouterDocument, layout: TopologyLayout) -> Set<InternetAddress> {
        var cidrs = (document.firewall ?? []).flatMap(\.cidrs)
        for network in document.networks.values { cidrs += network.acl?.ingress.flatMap(\.cidrs) ?? [] }
        return Set(cidrs.compactMap { sample($0, document: document, layout: layout) })
    }

    /// One public-side address inside `cidr`, or `nil` when the public side cannot hold one.
    static func sample(_ cidr: CIDR, document: RouterDocument, layout: TopologyLayout) -> InternetAddress? {
        let peers = layout.publicPeers
        if let peer = peers.first(where: { cidr.contains($0) }) { return peer }
        guard peers.contains(where: { $0.family == cidr.family }) else { return nil }
        let width = cidr.family.bitWidth
        let candidate =
            cidr.prefixLength <= width - 4 ? TopologyLayout.adding(7, to: cidr.network) : cidr.address
        let inside = document.interfaces.filter { $0.role != .public }.flatMap(\.addresses)
        if inside.contains(where: { $0.contains(candidate) }) { return nil }
        if layout.side(of: candidate) == .router { return nil }
        return candidate
    }

    /// The public host's addresses that could be a flow's source: its peers and the sampled rule sources.
    private var publicClientAddresses: [InternetAddress] {
        layout.host(.publicSide)?.addresses ?? []
    }

    private func client(_ side: TopologyLayout.Side, _ family: AddressFamily) -> InternetAddress? {
        layout.clientAddresses[side]?[family]
    }

    private var guestNetworks: [String] {
        document.interfaces.filter { $0.role == .guest }.compactMap(\.network)
    }

    // MARK: - Probes

    private mutating func probe(
        _ category: Probe.Category, _ kind: Probe.Kind, from origin: TopologyLayout.Side,
        _ source: InternetAddress?, _ destination: InternetAddress, port: Int? = nil, proto: UInt8? = nil,
        count: Int = 1
    ) {
        guard let source, source.family == destination.family else { return }
        let number: UInt8
        let flowPort: Int?
        switch kind {
        case .tcp: (number, flowPort) = (6, port)
        case .udp: (number, flowPort) = (17, port)
        case .icmp: (number, flowPort) = destination.family == .ipv4 ? (1, 8) : (58, 128)
        case .raw: (number, flowPort) = (proto ?? 0, nil)
        case .invalidTCP: (number, flowPort) = (6, port)
        }
        var flow = ModelSemantics.Flow(
            origin: origin, source: source, destination: destination, proto: number, port: flowPort)
        flow.invalid = kind == .invalidTCP
        let duplicate = probes.contains {
            $0.kind == kind && $0.flow.origin == origin && $0.flow.source == source
                && $0.flow.destination == destination && $0.flow.proto == number && $0.flow.port == flowPort
        }
        guard !duplicate else { return }
        probes.append(
            Probe(
                id: probes.count + 1, category: category, kind: kind, flow: flow, count: count,
                verdict: semantics.verdict(flow)))
    }

    /// The probe kind for an ACL or firewall rule's protocol, and the port or protocol number to use.
    private func shape(of spec: IPProtocolSpec, ports: PortRange?) -> (Probe.Kind, Int?, UInt8?) {
        switch spec {
        case .tcp: return (.tcp, ports?.lower ?? 7000, nil)
        case .udp: return (.udp, ports?.lower ?? 7001, nil)
        case .icmp, .icmpv6: return (.icmp, nil, nil)
        case .all: return (.tcp, 7000, nil)
        case .number(let number): return (.raw, nil, number)
        }
    }

    private mutating func add(_ category: Probe.Category) {
        switch category {
        case .guestInput: addGuestInput()
        case .publicInput: addPublicInput()
        case .vrrp:
            for network in guestNetworks {
                guard
                    let own = document.guestInterface(forNetwork: network)?.addresses.first(where: {
                        $0.family == .ipv4
                    })
                else { continue }
                probe(.vrrp, .raw, from: .guest(network), client(.guest(network), .ipv4), own.address, proto: 112)
            }
            // Not on public interfaces: there only a firewall rule for every protocol could let it in.
            for address in document.publicAddresses where address.family == .ipv4 {
                probe(.vrrp, .raw, from: .publicSide, client(.publicSide, .ipv4), address, proto: 112)
            }
        case .control:
            for interface in document.interfaces where interface.role == .control {
                let side = TopologyLayout.Side.control(interface.name)
                for cidr in interface.addresses {
                    let source = client(side, cidr.family)
                    probe(.control, .tcp, from: side, source, cidr.address, port: 3922)
                    probe(.control, .tcp, from: side, source, cidr.address, port: 22)
                    probe(.control, .udp, from: side, source, cidr.address, port: 53)
                    probe(.control, .icmp, from: side, source, cidr.address)
                }
            }
        case .loopback:
            for address in ["127.0.0.1", "::1"].compactMap(InternetAddress.init) {
                probe(.loopback, .tcp, from: .router, address, address, port: 7000)
                probe(.loopback, .udp, from: .router, address, address, port: 7001)
            }
        case .neighbourDiscovery:
            // Each echo needs neighbour solicitations and advertisements both ways before it can be sent.
            for network in guestNetworks {
                guard
                    let own = document.guestInterface(forNetwork: network)?.addresses.first(where: {
                        $0.family == .ipv6
                    }),
                    let host = client(.guest(network), .ipv6)
                else { continue }
                probe(.neighbourDiscovery, .icmp, from: .guest(network), host, own.address)
                probe(.neighbourDiscovery, .icmp, from: .router, own.address, host)
            }
            for interface in document.interfaces where interface.role == .public {
                guard let own = interface.addresses.first(where: { $0.family == .ipv6 }),
                    let peer = layout.publicPeers.first(where: { own.contains($0) })
                else { continue }
                probe(.neighbourDiscovery, .icmp, from: .router, own.address, peer)
            }
        case .publicToGuest: addPublicToGuest()
        case .publicToGuestUntranslated: addPublicToGuestUntranslated()
        case .loadBalancer: addLoadBalancers()
        case .guestToPublic: addGuestToPublic()
        case .guestToGuest: addGuestToGuest()
        case .invalidState: addInvalid()
        }
    }

    private mutating func addGuestInput() {
        let routerAddresses = document.interfaces.filter { $0.role != .public }.flatMap { $0.addresses.map(\.address) }
        for network in guestNetworks {
            guard let interface = document.guestInterface(forNetwork: network) else { continue }
            let side = TopologyLayout.Side.guest(network)
            for cidr in interface.addresses {
                let source = client(side, cidr.family)
                probe(.guestInput, .udp, from: side, source, cidr.address, port: 67)
                probe(.guestInput, .udp, from: side, source, cidr.address, port: 53)
                probe(.guestInput, .tcp, from: side, source, cidr.address, port: 53)
                probe(.guestInput, .tcp, from: side, source, cidr.address, port: 80)
                probe(.guestInput, .icmp, from: side, source, cidr.address)
                probe(.guestInput, .tcp, from: side, source, cidr.address, port: 22)
                probe(.guestInput, .udp, from: side, source, cidr.address, port: 123)
            }
            // Metadata answers on the network's own router address only.
            for address in routerAddresses where !interface.addresses.contains(where: { $0.address == address }) {
                probe(.guestInput, .tcp, from: side, client(side, address.family), address, port: 80)
            }
        }
    }

    private mutating func addPublicInput() {
        guard let peer4 = client(.publicSide, .ipv4) ?? client(.publicSide, .ipv6) else { return }
        for rule in document.firewall ?? [] {
            let (kind, port, proto) = shape(of: rule.protocol, ports: rule.ports)
            for cidr in rule.cidrs {
                let source = Self.sample(cidr, document: document, layout: layout)
                probe(.publicInput, kind, from: .publicSide, source, rule.publicAddress, port: port, proto: proto)
                if let ports = rule.ports, ports.upper != ports.lower {
                    probe(.publicInput, kind, from: .publicSide, source, rule.publicAddress, port: ports.upper)
                }
            }
        }
        for address in document.publicAddresses {
            let peer = client(.publicSide, address.family) ?? peer4
            probe(.publicInput, .tcp, from: .publicSide, peer, address, port: 7000)
            probe(.publicInput, .udp, from: .publicSide, peer, address, port: 500)
            probe(.publicInput, .udp, from: .publicSide, peer, address, port: 4500)
            probe(.publicInput, .raw, from: .publicSide, peer, address, proto: 50)
        }
    }

    private mutating func addPublicToGuest() {
        let sources = publicClientAddresses
        for forward in document.portForwards {
            let kind: Probe.Kind = forward.protocol == .tcp ? .tcp : .udp
            for port in Set([forward.publicPorts.lower, forward.publicPorts.upper]).sorted() {
                for source in sources {
                    probe(.publicToGuest, kind, from: .publicSide, source, forward.publicAddress, port: port)
                }
            }
        }
        for nat in document.staticNats {
            var ports = [22, 7000]
            for rule in document.firewall ?? [] where rule.publicAddress == nat.publicAddress {
                if let range = rule.ports { ports.append(range.lower) }
            }
            for source in sources {
                for port in Set(ports).sorted() {
                    probe(.publicToGuest, .tcp, from: .publicSide, source, nat.publicAddress, port: port)
                }
                probe(.publicToGuest, .udp, from: .publicSide, source, nat.publicAddress, port: 7001)
                probe(.publicToGuest, .icmp, from: .publicSide, source, nat.publicAddress)
            }
        }
    }

    /// Straight to guest addresses, even on ports their ACL allows: only translated flows may enter. Port forwards
    /// tried the proper way show that the route back works.
    private mutating func addPublicToGuestUntranslated() {
        let sources = publicClientAddresses
        for network in guestNetworks {
            let side = TopologyLayout.Side.guest(network)
            let rules = document.networks[network]?.acl?.ingress ?? []
            for family in AddressFamily.allCases {
                guard let destination = client(side, family) else { continue }
                for source in sources {
                    probe(.publicToGuestUntranslated, .tcp, from: .publicSide, source, destination, port: 7000)
                    probe(.publicToGuestUntranslated, .udp, from: .publicSide, source, destination, port: 7001)
                    probe(.publicToGuestUntranslated, .icmp, from: .publicSide, source, destination)
                    for rule in rules {
                        let (kind, port, proto) = shape(of: rule.protocol, ports: rule.ports)
                        probe(
                            .publicToGuestUntranslated, kind, from: .publicSide, source, destination, port: port,
                            proto: proto)
                    }
                }
            }
        }
        for forward in document.portForwards {
            let kind: Probe.Kind = forward.protocol == .tcp ? .tcp : .udp
            for source in sources {
                probe(
                    .publicToGuestUntranslated, kind, from: .publicSide, source, forward.privateAddress,
                    port: forward.privatePorts.lower)
                probe(
                    .publicToGuestUntranslated, kind, from: .publicSide, source, forward.publicAddress,
                    port: forward.publicPorts.lower)
            }
        }
    }

    private mutating func addLoadBalancers() {
        for balancer in document.loadBalancers {
            let kind: Probe.Kind = balancer.protocol == .tcp ? .tcp : .udp
            // From a source the gates let through if there is one, so that the spread is observable.
            let candidates = publicClientAddresses.filter { $0.family == balancer.publicAddress.family }
            let allowed = candidates.first { source in
                semantics.verdict(
                    ModelSemantics.Flow(
                        origin: .publicSide, source: source, destination: balancer.publicAddress,
                        proto: balancer.protocol.number, port: balancer.port)
                ).allowed
            }
            probe(
                .loadBalancer, kind, from: .publicSide, allowed ?? candidates.first, balancer.publicAddress,
                port: balancer.port, count: Self.balancerConnections)
        }
    }

    private mutating func addGuestToPublic() {
        let peers = layout.publicPeers
        guard !peers.isEmpty else { return }
        for network in guestNetworks {
            let side = TopologyLayout.Side.guest(network)
            let acl = document.networks[network]?.acl
            var sources = AddressFamily.allCases.compactMap { client(side, $0) }
            sources += document.staticNats.map(\.privateAddress).filter {
                document.guestNetwork(containing: $0) == network
            }
            for source in sources {
                for peer in peers where peer.family == source.family {
                    probe(.guestToPublic, .tcp, from: side, source, peer, port: 7000)
                    probe(.guestToPublic, .udp, from: side, source, peer, port: 7001)
                }
                for rule in acl?.egress ?? [] {
                    let (kind, port, proto) = shape(of: rule.protocol, ports: rule.ports)
                    let inside = peers.filter { peer in rule.cidrs.contains { $0.contains(peer) } }
                    for peer in (inside.isEmpty ? peers : inside) where peer.family == source.family {
                        probe(.guestToPublic, kind, from: side, source, peer, port: port, proto: proto)
                    }
                }
            }
        }
    }

    /// A segment conntrack calls invalid must be dropped wherever it goes, even where a valid one would pass.
    private mutating func addInvalid() {
        let networks = guestNetworks
        for network in networks {
            let side = TopologyLayout.Side.guest(network)
            guard let source = client(side, .ipv4) else { continue }
            if let peer = client(.publicSide, .ipv4) {
                probe(.invalidState, .invalidTCP, from: side, source, peer, port: 7000)
                probe(.invalidState, .tcp, from: side, source, peer, port: 7000)
            }
            for other in networks where other != network {
                guard let destination = client(.guest(other), .ipv4) else { continue }
                probe(.invalidState, .invalidTCP, from: side, source, destination, port: 7000)
                probe(.invalidState, .tcp, from: side, source, destination, port: 7000)
            }
            if let own = document.guestInterface(forNetwork: network)?.addresses.first(where: { $0.family == .ipv4 }) {
                probe(.invalidState, .invalidTCP, from: side, source, own.address, port: 53)
                probe(.invalidState, .tcp, from: side, source, own.address, port: 53)
            }
        }
        for forward in document.portForwards where forward.protocol == .tcp && forward.publicAddress.family == .ipv4 {
            probe(
                .invalidState, .invalidTCP, from: .publicSide, client(.publicSide, .ipv4), forward.publicAddress,
                port: forward.publicPorts.lower)
        }
    }

    private mutating func addGuestToGuest() {
        for from in guestNetworks {
            for to in guestNetworks where to != from {
                let fromSide = TopologyLayout.Side.guest(from)
                let toSide = TopologyLayout.Side.guest(to)
                var rules = document.networks[from]?.acl?.egress ?? []
                rules += document.networks[to]?.acl?.ingress ?? []
                for family in AddressFamily.allCases {
                    guard let source = client(fromSide, family), let destination = client(toSide, family) else {
                        continue
                    }
                    probe(.guestToGuest, .tcp, from: fromSide, source, destination, port: 7000)
                    probe(.guestToGuest, .udp, from: fromSide, source, destination, port: 7001)
                    probe(.guestToGuest, .icmp, from: fromSide, source, destination)
                    for rule in rules {
                        let (kind, port, proto) = shape(of: rule.protocol, ports: rule.ports)
                        probe(.guestToGuest, kind, from: fromSide, source, destination, port: port, proto: proto)
                    }
                }
            }
        }
    }
}
