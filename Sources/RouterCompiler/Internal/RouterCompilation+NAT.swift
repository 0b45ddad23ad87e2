import NFTables
import RouterModel

/// Destination NAT (port forwards, static NAT, load balancers) and source NAT.
extension RouterCompilation {
    /// `daddr . meta l4proto . th dport`: the key of port forwards and load balancers.
    static func serviceKey(_ family: AddressFamily) -> Expression {
        .concat([family.destinationAddress, .meta(.l4proto), .payload(.thDport)])
    }

    mutating func declareDestinationNAT() {
        for family in families {
            // A forward that keeps the port number goes in as one interval element; others port by port.
            var exact: [(key: ServiceKey, element: SetElement)] = []
            var ranges: [(key: ServiceKey, element: SetElement)] = []
            for forward in document.portForwards where forward.publicAddress.family == family {
                let address = KeyValues.value(forward.publicAddress)
                let coordinate = KeyValues.coordinate(forward.publicAddress)
                let proto = UInt64(forward.protocol.number)
                if forward.publicPorts == forward.privatePorts {
                    let ports = KeyValues.integerValue(Span(forward.publicPorts.lower...forward.publicPorts.upper))
                    ranges.append(
                        (
                            ServiceKey(coordinate, proto, forward.publicPorts.lower),
                            SetElement(
                                key: .concat([address, .integer(proto), ports]),
                                value: KeyValues.value(forward.privateAddress))
                        ))
                    continue
                }
                let target = KeyValues.value(forward.privateAddress)
                for offset in 0..<forward.publicPorts.count {
                    let port = forward.publicPorts.lower + offset
                    exact.append(
                        (
                            ServiceKey(coordinate, proto, port),
                            SetElement(
                                key: .concat([address, .integer(proto), .integer(UInt64(port))]),
                                value: .concat([target, .integer(UInt64(forward.privatePorts.lower + offset))]))
                        ))
                }
            }
            let keyTypes: [DataType] = [family.addressType, .inetProto, .inetService]
            builder.addSet(
                Names.portForwards(family.suffix), key: keyTypes, data: [family.addressType, .inetService],
                elements: exact.sorted { $0.key < $1.key }.map(\.element))
            builder.addSet(
                Names.portForwardRanges(family.suffix), key: keyTypes, data: [family.addressType], interval: true,
                elements: ranges.sorted { $0.key < $1.key }.map(\.element))

            let nats = document.staticNats.filter { $0.publicAddress.family == family }
            builder.addSet(
                Names.staticNAT(family.suffix), key: [family.addressType], data: [family.addressType],
                elements: nats.sorted { $0.publicAddress < $1.publicAddress }.map {
                    SetElement(key: KeyValues.value($0.publicAddress), value: KeyValues.value($0.privateAddress))
                })
            builder.addSet(
                Names.staticNATOut(family.suffix), key: [family.addressType], data: [family.addressType],
                elements: nats.sorted { $0.privateAddress < $1.privateAddress }.map {
                    SetElement(key: KeyValues.value($0.privateAddress), value: KeyValues.value($0.publicAddress))
                })

            let mine = balancers.filter { $0.balancer.publicAddress.family == family }
            builder.addSet(
                Names.loadBalancers(family.suffix), key: keyTypes, data: [.verdict],
                elements: mine.map { entry in
                    let target =
                        entry.backends.count == 1
                        ? Names.balancerBackend(0) : Names.balancerPick(entry.backends.count)
                    return SetElement(key: Self.balancerKey(entry.balancer), verdict: .goto(target))
                })
            for index in 0..<maximumBackends {
                builder.addSet(
                    Names.balancerBackends(index, family.suffix), key: keyTypes,
                    data: [family.addressType, .inetService],
                    elements: mine.compactMap { entry in
                        guard index < entry.backends.count else { return nil }
                        let backend = entry.backends[index]
                        return SetElement(
                            key: Self.balancerKey(entry.balancer),
                            value: .concat([KeyValues.value(backend.address), .integer(UInt64(backend.port))]))
                    })
            }
        }
    }

    mutating func declareSourceNAT() {
        for family in families {
            var elements: [(span: Span, element: SetElement)] = []
            for interface in guestInterfaces {
                guard let network = interface.network, let sourceNat = document.networks[network]?.sourceNat,
                    sourceNat.family == family
                else { continue }
                for span in Self.prefixSpans(of: interface, family) {
                    elements.append(
                        (
                            span,
                            SetElement(
                                key: KeyValues.addressValue(span, family: family), value: KeyValues.value(sourceNat))
                        ))
                }
            }
            builder.addSet(
                Names.sourceNAT(family.suffix), key: [family.addressType], data: [family.addressType], interval: true,
                elements: elements.sorted { $0.span < $1.span }.map(\.element))
        }
    }

    static func balancerKey(_ balancer: LoadBalancer) -> Value {
        .concat([
            KeyValues.value(balancer.publicAddress), .integer(UInt64(balancer.protocol.number)),
            .integer(UInt64(balancer.port)),
        ])
    }

    /// The most backends any load balancer has: the number of backend chains and maps.
    var maximumBackends: Int {
        balancers.map(\.backends.count).max() ?? 0
    }

    /// Only flows arriving on a public interface are translated: port forwards, then forwards that keep the
    /// port, then static NAT, then load balancers (which never overlap each other: the model forbids it).
    func preroutingRules() -> [Rule] {
        var rules = [Rule([.notInSet(.meta(.iifname), Names.publicInterfaces), .verdict(.return)])]
        rules += natRules(.dnat) { (Self.serviceKey($0), Names.portForwards($0.suffix)) }
        rules += natRules(.dnat) { (Self.serviceKey($0), Names.portForwardRanges($0.suffix)) }
        rules += natRules(.dnat) { ($0.destinationAddress, Names.staticNAT($0.suffix)) }
        for family in families {
            rules.append(Rule([.dispatch(Self.serviceKey(family), Names.loadBalancers(family.suffix))]))
        }
        return rules
    }

    /// Flows leaving through a public interface: a static NAT's private address leaves as its public address,
    /// else a network's source NAT applies.
    func postroutingRules() -> [Rule] {
        var rules = [Rule([.notInSet(.meta(.oifname), Names.publicInterfaces), .verdict(.return)])]
        rules += natRules(.snat) { ($0.sourceAddress, Names.staticNATOut($0.suffix)) }
        rules += natRules(.snat) { ($0.sourceAddress, Names.sourceNAT($0.suffix)) }
        return rules
    }

    /// One rule per family that translates by looking `key` up in the family's named map.
    private func natRules(_ kind: NATKind, _ lookup: (AddressFamily) -> (key: Expression, map: String)) -> [Rule] {
        families.map { family in
            let (key, map) = lookup(family)
            return Rule([.nat(NAT(kind, family: family.natFamily, to: .map(key: key, map: .named(map))))])
        }
    }

    /// A load balancer's flows go to `lb_pick_N` for its backend count N, which picks a bucket at random
    /// (`numgen random mod N`) and goes to `lb_backend_i`, which translates by the map of each balancer's i-th
    /// backend. The chains depend on the backend counts only, never on the number of balancers.
    mutating func addBalancerChains() {
        let counts = Set(balancers.map(\.backends.count)).filter { $0 >= 2 }.sorted()
        for count in counts {
            let buckets = (0..<count).map {
                SetElement(key: .integer(UInt64($0)), verdict: .goto(Names.balancerBackend($0)))
            }
            builder.addChain(
                Names.balancerPick(count), comment: "load balancers with \(count) backends",
                rules: [
                    Rule([
                        .verdictMap(
                            VerdictMap(
                                key: .numgen(.random, modulus: UInt32(count), offset: 0), map: .anonymous(buckets)))
                    ])
                ])
        }
        for index in 0..<maximumBackends {
            let rules = families.map { family in
                Rule([
                    .nat(
                        NAT(
                            .dnat, family: family.natFamily,
                            to: .map(
                                key: Self.serviceKey(family),
                                map: .named(Names.balancerBackends(index, family.suffix)))))
                ])
            }
            builder.addChain(
                Names.balancerBackend(index), comment: "backend \(index) of each load balancer", rules: rules)
        }
    }
}

/// The sort key of a port forward element: public address, protocol, first public port.
private struct ServiceKey: Comparable {
    var address: UInt128
    var proto: UInt64
    var port: Int

    init(_ address: UInt128, _ proto: UInt64, _ port: Int) {
        self.address = address
        self.proto = proto
        self.port = port
    }

    static func < (lhs: ServiceKey, rhs: ServiceKey) -> Bool {
        (lhs.address, lhs.proto, lhs.port) < (rhs.address, rhs.proto, rhs.port)
    }
}
