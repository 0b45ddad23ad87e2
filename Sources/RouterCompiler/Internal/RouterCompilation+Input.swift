import NFTables
import RouterModel

/// Traffic to the router itself.
extension RouterCompilation {
    /// `ct state established,related`.
    static let establishedOrRelated = Statement.equals(.ct(.state), .integer(2 | 4))
    /// `ct state invalid`.
    static let invalid = Statement.equals(.ct(.state), .integer(1))

    mutating func declareInputSets() {
        var services: [SetElement] = []
        for interface in guestInterfaces {
            guard let network = interface.network, let offered = document.networks[network]?.services else { continue }
            var ports: [(UInt64, UInt64)] = []
            if offered.contains(.dhcp) { ports.append((17, 67)) }
            if offered.contains(.dns) { ports += [(6, 53), (17, 53)] }
            for (proto, port) in ports.sorted(by: <) {
                services.append(SetElement(key: .concat([.string(interface.name), .integer(proto), .integer(port)])))
            }
        }
        builder.addSet(Names.guestServices, key: [.ifname, .inetProto, .inetService], elements: services)

        for family in families {
            var metadata: [SetElement] = []
            for interface in guestInterfaces {
                guard let network = interface.network, document.networks[network]?.services.contains(.metadata) == true
                else { continue }
                let own = Self.addresses(of: interface, family).map(\.address).sorted()
                for address in own {
                    metadata.append(SetElement(key: .concat([.string(interface.name), KeyValues.value(address)])))
                }
            }
            builder.addSet(Names.metadata(family.suffix), key: [.ifname, family.addressType], elements: metadata)
        }

        for family in families {
            var boxes: [[Span]] = []
            if let vpn = document.vpn, vpn.publicAddress.family == family {
                let address = KeyValues.span(vpn.publicAddress)
                boxes = [
                    [address, Span(point: 17), Span(point: 500)],
                    [address, Span(point: 17), Span(point: 4500)],
                    [address, Span(point: 50), Span(0...65535)],
                ]
            }
            let types = [family.addressType, .inetProto, .inetService]
            builder.addDisjointSet(Names.ipsec(family.suffix), key: types, boxes: boxes, remote: 0)
        }
    }

    func inputRules() -> [Rule] {
        let iifname = Expression.meta(.iifname)
        // Neighbour discovery comes before the invalid-state drop: conntrack marks a redirect (137) invalid, and
        // MODEL.md accepts types 133-137 on every interface whatever their state.
        var rules = [
            Rule([Self.establishedOrRelated, .verdict(.accept)]),
            Rule(
                [
                    .match(Match(.payload(.icmpv6Type), .eq, operand: .set((133...137).map { .integer($0) }))),
                    .verdict(.accept),
                ], comment: "neighbour discovery"),
            Rule([Self.invalid, .verdict(.drop)]),
            Rule([.equals(iifname, .string("lo")), .verdict(.accept)]),
        ]
        for family in AddressFamily.allCases {
            rules.append(
                Rule([
                    .inSet(iifname, Names.guestInterfaces), .equals(family.icmpTypeField, .integer(family.echoRequest)),
                    .verdict(.accept),
                ]))
        }
        rules.append(
            Rule([
                .inSet(.concat([iifname, .meta(.l4proto), .payload(.thDport)]), Names.guestServices),
                .verdict(.accept),
            ]))
        for family in families {
            rules.append(
                Rule([
                    .equals(.payload(.tcpDport), .integer(80)),
                    .inSet(.concat([iifname, family.destinationAddress]), Names.metadata(family.suffix)),
                    .verdict(.accept),
                ]))
        }
        rules.append(
            Rule([.inSet(iifname, Names.vrrpInterfaces), .equals(.meta(.l4proto), .integer(112)), .verdict(.accept)]))
        rules.append(
            Rule([
                .inSet(iifname, Names.controlInterfaces), .equals(.payload(.tcpDport), .integer(3922)),
                .verdict(.accept),
            ]))
        for family in families {
            rules.append(
                Rule([
                    .inSet(iifname, Names.publicInterfaces),
                    .inSet(
                        .concat([family.destinationAddress, .meta(.l4proto), .payload(.thDport)]),
                        Names.ipsec(family.suffix)),
                    .verdict(.accept),
                ]))
        }
        rules.append(Rule([.inSet(iifname, Names.publicInterfaces), .verdict(.jump(Names.firewall))]))
        rules.append(Rule([.inSet(iifname, Names.publicInterfaces), .verdict(.accept)]))
        return rules
    }
}
