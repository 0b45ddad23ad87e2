import NFTables
import RouterModel

/// Forwarded traffic: the public gate, the network gates (ACLs) and the paths between interfaces.
extension RouterCompilation {
    mutating func declareGateSets() {
        var traffic = TrafficBoxes()
        for rule in document.firewall ?? [] {
            let family = rule.publicAddress.family
            traffic.add(
                protocol: rule.protocol, ports: rule.ports, icmpType: rule.icmpType, icmpCode: rule.icmpCode,
                cidrs: rule.cidrs.filter { $0.family == family },
                leading: { _ in [KeyValues.span(rule.publicAddress)] })
        }
        for shape in TrafficShape.allCases {
            for family in families {
                let types = [family.addressType, family.addressType] + shape.trailingKeyTypes(family)
                let boxes = traffic.boxes[shape]?[family] ?? []
                builder.addDisjointSet(Names.firewall(shape, family.suffix), key: types, boxes: boxes, remote: 1)
            }
        }
        for family in families {
            // Without a firewall list the public gate is off: every public address passes it.
            let open = document.firewall == nil ? document.publicAddresses.filter { $0.family == family } : []
            builder.addSet(
                Names.ungated(family.suffix), key: [family.addressType],
                elements: Set(open).sorted().map { SetElement(key: KeyValues.value($0)) })
        }
    }

    mutating func declareForwardMaps() {
        let aclByInterface = Dictionary(uniqueKeysWithValues: aclNetworks.map { ($0.interface.name, $0.name) })
        var from: [SetElement] = []
        var to: [SetElement] = []
        for interface in (publicInterfaces + guestInterfaces).sorted(by: { $0.name < $1.name }) {
            if interface.role == .public {
                from.append(SetElement(key: .string(interface.name), verdict: .jump(Names.publicGate)))
            } else if let network = aclByInterface[interface.name] {
                from.append(SetElement(key: .string(interface.name), verdict: .jump(Names.acl(network, .egress))))
                to.append(SetElement(key: .string(interface.name), verdict: .jump(Names.acl(network, .ingress))))
            }
        }
        builder.addSet(Names.forwardFrom, key: [.ifname], data: [.verdict], elements: from)
        builder.addSet(Names.forwardTo, key: [.ifname], data: [.verdict], elements: to)

        var paths: [(String, String)] = []
        for guest in guestInterfaces {
            for outside in publicInterfaces {
                paths.append((outside.name, guest.name))
                paths.append((guest.name, outside.name))
            }
            for other in guestInterfaces where other.name != guest.name {
                paths.append((guest.name, other.name))
            }
        }
        builder.addSet(
            Names.forwardPaths, key: [.ifname, .ifname],
            elements: paths.sorted(by: <).map { SetElement(key: .concat([.string($0.0), .string($0.1)])) })
    }

    /// Established flows pass; then the source's gate (public gate, or egress ACL), the target's gate (ingress
    /// ACL), and the path must be one the model forwards (public and guest, or two guest networks).
    func forwardRules() -> [Rule] {
        [
            Rule([Self.establishedOrRelated, .verdict(.accept)]),
            Rule([Self.invalid, .verdict(.drop)]),
            Rule([.dispatch(.meta(.iifname), Names.forwardFrom)]),
            Rule([.dispatch(.meta(.oifname), Names.forwardTo)]),
            Rule([.inSet(.concat([.meta(.iifname), .meta(.oifname)]), Names.forwardPaths), .verdict(.accept)]),
        ]
    }

    /// From public to a guest only flows that destination NAT translated (they arrived on a public address), and
    /// of those only what the firewall allows, unless the document has no firewall.
    func publicGateRules() -> [Rule] {
        let destinationNAT: UInt64 = 1 << 5
        var rules = [Rule([.match(Match(.ct(.status), .neq, .integer(destinationNAT))), .verdict(.drop)])]
        for family in families {
            rules.append(Rule([.inSet(family.originalDestination, Names.ungated(family.suffix)), .verdict(.return)]))
        }
        rules.append(Rule([.verdict(.goto(Names.firewall))]))
        return rules
    }

    /// The firewall entries: `return` when one allows the flow, as its first packet was addressed (before
    /// destination NAT), else drop. Used from input (flows to the router) and from the public gate.
    func firewallRules() -> [Rule] {
        var rules: [Rule] = []
        for shape in TrafficShape.allCases {
            for family in families {
                let key = Expression.key(
                    [family.originalDestination, family.sourceAddress] + shape.trailingOriginalKey(family))
                var statements: [Statement] = []
                if shape == .ports {
                    // `ct original proto-dst` needs the transport protocol pinned down to be read as a port.
                    statements.append(.match(Match(.meta(.l4proto), .eq, operand: .set([.integer(6), .integer(17)]))))
                }
                statements += [.inSet(key, Names.firewall(shape, family.suffix)), .verdict(.return)]
                rules.append(Rule(statements))
            }
        }
        rules.append(Rule([.verdict(.drop)]))
        return rules
    }

    /// Adds the ACL chains and their run sets, of every network with an ACL or only the lists whose chain names
    /// (`acl_web_ingress`) are in `chains`.
    mutating func addACLChains(only chains: Set<String>? = nil) {
        for network in aclNetworks {
            for direction in ACLDirection.allCases {
                let name = Names.acl(network.name, direction)
                guard chains?.contains(name) ?? true else { continue }
                let compiler = ACLCompiler(network: network.name, direction: direction)
                let rules =
                    direction == .ingress
                    ? compiler.compile(network.acl.ingress, defaultAction: network.acl.defaultIngress, into: &builder)
                    : compiler.compile(network.acl.egress, defaultAction: network.acl.defaultEgress, into: &builder)
                builder.addChain(
                    name, comment: "\(direction.rawValue) ACL of network \(network.name)", rules: rules)
            }
        }
    }
}
