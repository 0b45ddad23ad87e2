extension StatementValidator {
    /// The hooks of nat chains where each kind of NAT may run (the kernel refuses the others).
    static func natHooks(_ kind: NATKind) -> [Hook] {
        switch kind {
        case .snat: return [.postrouting, .input]
        case .dnat: return [.prerouting, .output]
        case .masquerade: return [.postrouting]
        case .redirect: return [.prerouting, .output]
        }
    }

    func check(_ nat: NAT) throws(NFTablesError) {
        let kind = nat.kind.rawValue
        guard [.ip, .ip6, .inet].contains(family) else {
            throw fail("\(kind) cannot be used in a table of the \(family.rawValue) family")
        }
        var flags: Set<NATFlag> = []
        for flag in nat.flags where !flags.insert(flag).inserted {
            throw fail("the flag \(flag.rawValue) is given twice")
        }
        let translatesAddress = nat.kind == .snat || nat.kind == .dnat
        if let natFamily = nat.family {
            guard translatesAddress else {
                throw fail("\(kind) takes no address family (it has no address to translate to)")
            }
            if (family == .ip && natFamily != .ip) || (family == .ip6 && natFamily != .ip6) {
                throw fail("\(kind) \(natFamily.rawValue) cannot be used in a table of the \(family.rawValue) family")
            }
        }
        let addressFamily: NATFamily? = nat.family ?? (family == .ip ? .ip : family == .ip6 ? .ip6 : nil)
        let addressType: DataType = addressFamily == .ip6 ? .ipv6Addr : .ipv4Addr

        switch nat.to {
        case .none:
            if translatesAddress {
                throw fail("\(kind) needs a target: an address, a port, or a map")
            }
        case .address(let address, let port):
            guard address != nil || port != nil else {
                throw fail("the \(kind) target has neither an address nor a port")
            }
            if let address {
                guard translatesAddress else {
                    throw fail("\(kind) translates ports only; it takes no address")
                }
                guard addressFamily != nil else {
                    throw fail("in an inet table, \(kind) with an address needs its family (ip or ip6)")
                }
                if case .prefix = address {
                    throw fail("a NAT target is an address or an address range, not a prefix; write it as a range")
                }
                let slot = ValueSlot(type: addressType, max: 0, label: "\(kind) \(addressFamily!.rawValue) address")
                if let problem = slot.problem(with: address, intervals: true) {
                    throw fail(problem)
                }
            }
            if let port {
                let slot = ValueSlot(type: .inetService, max: 0xFFFF, label: "\(kind) port")
                if let problem = slot.problem(with: port, intervals: true) {
                    throw fail(problem)
                }
                guard hasTransportProtocol else {
                    throw fail(
                        "\(kind) to a port needs a transport protocol match earlier in the rule "
                            + "(such as tcp dport, or meta l4proto 6)")
                }
            }
        case .map(let key, let source):
            guard translatesAddress else {
                throw fail("\(kind) cannot translate through a map; only snat and dnat can")
            }
            guard let addressFamily else {
                throw fail("in an inet table, \(kind) through a map needs its family (ip or ip6)")
            }
            try check(key)
            let withPort: Bool
            switch source {
            case .named(let name):
                guard let set = table.setsByName[name] else {
                    throw fail("@\(name): the table has no map named \(name)")
                }
                guard let dataType = set.dataType, dataType == [addressType] || dataType == [addressType, .inetService]
                else {
                    throw fail(
                        "@\(name) must map to \(addressType.rawValue) or \(addressType.rawValue) . inet_service "
                            + "for \(kind) \(addressFamily.rawValue)")
                }
                try checkKeyType(of: set, against: key)
                withPort = dataType.count == 2
            case .anonymous(let elements):
                var portCounts: Set<Int> = []
                for element in elements {
                    if case .concat(let parts) = element.value {
                        portCounts.insert(parts.count)
                    } else {
                        portCounts.insert(1)
                    }
                }
                withPort = portCounts.contains(2)
                let dataSlots = ValueSlot.slots(for: withPort ? [addressType, .inetService] : [addressType])
                try checkAnonymousMap(elements, key: key, dataSlots: dataSlots, verdicts: false)
            }
            if withPort && !hasTransportProtocol && !Self.setsTransportProtocol(key, op: .eq) {
                throw fail(
                    "\(kind) to ports needs a transport protocol match earlier in the rule "
                        + "(such as meta l4proto 6), or a tcp or udp field in the map key")
            }
        }

        let hooks = Self.natHooks(nat.kind)
        for context in contexts where context.type != .nat || !hooks.contains(context.hook) {
            throw fail(
                "\(kind) runs only in nat chains at the \(hooks.map(\.rawValue).joined(separator: " or ")) hook, "
                    + "and this rule is reached from base chain '\(context.chain)' "
                    + "(\(context.type.rawValue), \(context.hook.rawValue))")
        }
    }
}
