import NFTables

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension RuleTranslator {
    static let tcpFlags: [String: UInt64] = [
        "FIN": 0x01, "SYN": 0x02, "RST": 0x04, "PSH": 0x08, "ACK": 0x10, "URG": 0x20, "ALL": 0x3F, "NONE": 0,
    ]
    static let ctStates: [String: UInt64] = [
        "INVALID": 0x01, "ESTABLISHED": 0x02, "RELATED": 0x04, "NEW": 0x08, "UNTRACKED": 0x40,
    ]
    static let ctStatuses: [String: UInt64] = [
        "EXPECTED": 0x01, "SEEN_REPLY": 0x02, "ASSURED": 0x04, "CONFIRMED": 0x08,
    ]
    static let ctNatStatus: [String: UInt64] = ["SNAT": 0x10, "DNAT": 0x20]

    /// One extension match, appended in the order `iptables-translate` writes its options.
    func translateMatch(
        _ name: String, _ options: inout ModuleOptions, parsed: ParsedRule, into output: inout TranslationOutput
    ) throws(UntranslatableRule) {
        func add(_ left: Expression, _ option: ParsedOption, _ value: Value, mask: UInt64? = nil) {
            output.statements.append(.match(Match(left, option.inverted ? .neq : .eq, value, mask: mask)))
        }
        switch name {
        case "tcp", "udp", "sctp", "dccp":
            let (sport, dport): (PayloadField, PayloadField)
            switch name {
            case "tcp": (sport, dport) = (.tcpSport, .tcpDport)
            case "udp": (sport, dport) = (.udpSport, .udpDport)
            case "sctp": (sport, dport) = (.sctpSport, .sctpDport)
            default: (sport, dport) = (.dccpSport, .dccpDport)
            }
            for (key, field) in [("sport", sport), ("dport", dport)] {
                guard let option = options.take(key) else { continue }
                guard let range = ArgumentValues.portRange(option.values[0], proto: name) else {
                    throw options.invalid(option, "'\(option.values[0])' is not a port or port range")
                }
                // iptables-translate leaves out a range that covers every port; negated, it matches nothing.
                if range == (0, 65535) && !option.inverted { continue }
                add(.payload(field), option, ArgumentValues.portValue(range))
            }
            if name == "tcp" {
                if let option = options.take("tcp-option") {
                    throw options.invalid(
                        option,
                        "xt_tcp finds an option kind where nft's tcp option exists does not (last byte, overrun)")
                }
                let flags = options.take("tcp-flags")
                let syn = options.take("syn")
                if flags != nil && syn != nil { throw options.unsupported("--syn together with --tcp-flags") }
                if let option = flags {
                    guard let mask = ArgumentValues.flags(option.values[0], Self.tcpFlags),
                        let compare = ArgumentValues.flags(option.values[1], Self.tcpFlags)
                    else {
                        throw options.invalid(option, "unknown TCP flag in '\(option.values.joined(separator: " "))'")
                    }
                    add(.payload(.tcpFlags), option, .integer(compare), mask: mask)
                } else if let option = syn {
                    add(.payload(.tcpFlags), option, .integer(0x02), mask: 0x17)
                }
            }

        case "esp", "ah":
            guard family == .ipv4 else { throw options.unsupported("only IPv4 \(name) headers are translated") }
            if name == "ah" {
                for key in ["ahlen", "ahres"] {
                    if let option = options.take(key) { throw options.invalid(option, "not in vrc's model") }
                }
            }
            guard let option = options.take(name == "esp" ? "espspi" : "ahspi") else { return }
            guard let (low, high) = ArgumentValues.numberRange(option.values[0], max: UInt64(UInt32.max)) else {
                throw options.invalid(option, "'\(option.values[0])' is not an SPI or range")
            }
            add(
                .payload(name == "esp" ? .espSpi : .ahSpi), option,
                low == high ? .integer(low) : .range(.integer(low), .integer(high)))

        case "ipcomp":
            if let option = options.take("compres") { throw options.invalid(option, "not in vrc's model") }
            guard let option = options.take("ipcompspi") else { return }
            guard let (low, high) = ArgumentValues.numberRange(option.values[0], max: 65535) else {
                throw options.invalid(option, "'\(option.values[0])' is not a CPI or range")
            }
            add(.payload(.compCpi), option, low == high ? .integer(low) : .range(.integer(low), .integer(high)))

        case "devgroup":
            for (key, metaKey) in [("src-group", MetaKey.iifgroup), ("dst-group", MetaKey.oifgroup)] {
                guard let option = options.take(key) else { continue }
                guard let (value, mask) = ArgumentValues.markAndMask(option.values[0]) else {
                    throw options.invalid(option, "'\(option.values[0])' is not a group number")
                }
                // Only the bits under the mask are compared.
                add(
                    .meta(metaKey), option, .integer(UInt64(value & mask)),
                    mask: mask == UInt32.max ? nil : UInt64(mask))
            }

        case "ecn":
            // iptables-translate's order: the TCP bits, then the IP field.
            for (key, bit) in [("ecn-tcp-ece", UInt64(0x40)), ("ecn-tcp-cwr", UInt64(0x80))] {
                guard let option = options.take(key) else { continue }
                add(.payload(.tcpFlags), option, .integer(bit))
            }
            if let option = options.take("ecn-ip-ect") {
                guard family == .ipv4 else {
                    throw options.invalid(option, "the IP ECN field is matched for IPv4 only")
                }
                guard let value = ArgumentValues.number(option.values[0], max: 3) else {
                    throw options.invalid(option, "'\(option.values[0])' is not 0 to 3")
                }
                add(.payload(.ipEcn), option, .integer(value))
            }

        case "addrtype":
            try translateAddrtype(&options, into: &output)

        case "tcpmss":
            guard let option = options.take("mss") else { throw options.unsupported("--mss is required") }
            // iptables lets a negated match pass packets without the option; `tcp option maxseg size` never
            // matches them.
            guard !option.inverted else {
                throw options.invalid(option, "a negated --mss also matches packets without MSS")
            }
            guard let (low, high) = ArgumentValues.numberRange(option.values[0], max: 65535) else {
                throw options.invalid(option, "'\(option.values[0])' is not an MSS or range")
            }
            add(
                .exthdr(.tcpOptionMaxsegSize), option,
                low == high ? .integer(low) : .range(.integer(low), .integer(high)))

        case "frag", "rt":
            guard family == .ipv6 else { throw options.unsupported("an ip6tables match") }
            // Header lengths count 8-byte units in nftables and bytes in ip6tables; the flags have no field here.
            let fields: [(String, ExthdrField)] =
                name == "frag" ? [("fragid", .fragId)] : [("rt-type", .rtType), ("rt-segsleft", .rtSegLeft)]
            for (key, field) in fields {
                guard let option = options.take(key) else { continue }
                let max: UInt64 = field == .fragId ? UInt64(UInt32.max) : 255
                guard let (low, high) = ArgumentValues.numberRange(option.values[0], max: max),
                    field != .rtType || low == high
                else { throw options.invalid(option, "'\(option.values[0])' is not a number or range") }
                add(.exthdr(field), option, low == high ? .integer(low) : .range(.integer(low), .integer(high)))
            }
            if name == "frag" {
                // iptables' --fragres asks for zero reserved bits, not what nftables' `frag reserved 1` tests.
                let flags: [(String, ExthdrField, UInt64)] = [
                    ("fragfirst", .fragFragOff, 0), ("fragmore", .fragMoreFragments, 1),
                    ("fraglast", .fragMoreFragments, 0),
                ]
                for (key, field, value) in flags {
                    guard let option = options.take(key) else { continue }
                    add(.exthdr(field), option, .integer(value))
                }
            }

        case "realm":
            guard family == .ipv4 else { throw options.unsupported("realms are IPv4 only") }
            guard let option = options.take("realm") else { throw options.unsupported("--realm is required") }
            guard let (value, mask) = ArgumentValues.markAndMask(option.values[0]) else {
                throw options.invalid(option, "'\(option.values[0])' is not a realm number")
            }
            add(.meta(.rtclassid), option, .integer(UInt64(value)), mask: mask == UInt32.max ? nil : UInt64(mask))

        case "cpu":
            guard let option = options.take("cpu") else { throw options.unsupported("--cpu is required") }
            guard let cpu = ArgumentValues.number(option.values[0]) else {
                throw options.invalid(option, "'\(option.values[0])' is not a CPU number")
            }
            add(.meta(.cpu), option, .integer(cpu))

        case "cgroup":
            if let option = options.take("path") { throw options.invalid(option, "cgroup v2 paths are not translated") }
            guard let option = options.take("cgroup") else { throw options.unsupported("--cgroup is required") }
            guard let classid = ArgumentValues.number(option.values[0]) else {
                throw options.invalid(option, "'\(option.values[0])' is not a class id")
            }
            add(.meta(.cgroup), option, .integer(classid))

        case "icmp", "icmp6":
            let v6 = name == "icmp6"
            guard v6 == (family == .ipv6) else { throw options.unsupported("not a match of this family") }
            guard let option = options.take(v6 ? "icmpv6-type" : "icmp-type") else { return }
            let text = option.values[0]
            if text.lowercased() == "any" {
                // `! --icmp-type any` matches no ICMP packet, and only ICMP packets reach the match.
                guard !option.inverted else { throw options.invalid(option, "'! any' matches nothing") }
                // Every ICMP packet: just the protocol.
                let left: Expression = v6 ? .meta(.l4proto) : .payload(.ipProtocol)
                add(left, option, .integer(v6 ? 58 : 1))
                return
            }
            guard let entry = IcmpTypeNames.parse(text, v6: v6) else {
                throw options.invalid(option, "unknown ICMP type '\(text)'")
            }
            if let code = entry.code {
                // Type and code both must match: a negation of the pair cannot be written as two matches.
                guard !option.inverted else { throw options.invalid(option, "a negated type/code pair") }
                add(.payload(v6 ? .icmpv6Type : .icmpType), option, .integer(UInt64(entry.type)))
                add(.payload(v6 ? .icmpv6Code : .icmpCode), option, .integer(UInt64(code)))
            } else {
                add(.payload(v6 ? .icmpv6Type : .icmpType), option, .integer(UInt64(entry.type)))
            }

        case "multiport":
            try translateMultiport(&options, parsed: parsed, into: &output)

        case "state":
            guard let option = options.take("state") else { throw options.unsupported("--state is required") }
            guard let bits = ArgumentValues.flags(option.values[0], Self.ctStates), bits != 0 else {
                throw options.invalid(option, "unknown state in '\(option.values[0])'")
            }
            add(.ct(.state), option, .integer(bits))

        case "conntrack":
            try translateConntrack(&options, into: &output)

        case "comment":
            guard let option = options.take("comment") else { return }
            output.comment = option.values[0]

        case "mark", "connmark":
            guard let option = options.take("mark") else { throw options.unsupported("--mark is required") }
            guard let (value, mask) = ArgumentValues.markAndMask(option.values[0]) else {
                throw options.invalid(option, "'\(option.values[0])' is not a mark")
            }
            add(
                name == "mark" ? .meta(.mark) : .ct(.mark), option, .integer(UInt64(value)),
                mask: mask == UInt32.max ? nil : UInt64(mask))

        case "iprange":
            for (key, field) in [
                ("src-range", family == .ipv4 ? PayloadField.ipSaddr : .ip6Saddr),
                ("dst-range", family == .ipv4 ? PayloadField.ipDaddr : .ip6Daddr),
            ] {
                guard let option = options.take(key) else { continue }
                guard let (low, high) = ArgumentValues.addressRange(option.values[0], family: family) else {
                    throw options.invalid(option, "'\(option.values[0])' is not an address range")
                }
                add(.payload(field), option, low == high ? .address(low) : .range(.address(low), .address(high)))
            }

        case "limit":
            try translateLimit(&options, into: &output)

        case "length":
            guard let option = options.take("length") else { throw options.unsupported("--length is required") }
            guard let (low, high) = ArgumentValues.numberRange(option.values[0], max: 65535) else {
                throw options.invalid(option, "'\(option.values[0])' is not a length or range")
            }
            add(.meta(.length), option, low == high ? .integer(low) : .range(.integer(low), .integer(high)))

        case "mac":
            guard let option = options.take("mac-source") else { throw options.unsupported("--mac-source is required") }
            guard case .ether(let bytes) = Value(parsing: option.values[0].lowercased()) else {
                throw options.invalid(option, "'\(option.values[0])' is not a MAC address")
            }
            add(.payload(.etherSaddr), option, .ether(bytes))

        case "pkttype":
            guard let option = options.take("pkt-type") else { throw options.unsupported("--pkt-type is required") }
            let types: [String: UInt64] = ["unicast": 0, "host": 0, "broadcast": 1, "multicast": 2, "otherhost": 3]
            guard let type = types[option.values[0].lowercased()] else {
                throw options.invalid(option, "unknown packet type '\(option.values[0])'")
            }
            add(.meta(.pkttype), option, .integer(type))

        case "owner":
            try translateOwner(&options, into: &output)

        case "connbytes":
            output.statements.append(try connbytesMatch(&options))

        case "time":
            if let statement = try timeMatch(&options) { output.statements.append(statement) }

        case "policy":
            output.statements.append(try policyMatch(&options))

        case "set":
            try translateSet(&options, into: &output)

        case "statistic":
            try translateStatistic(&options, into: &output)

        case "dscp":
            let field: PayloadField = family == .ipv4 ? .ipDscp : .ip6Dscp
            if let option = options.take("dscp") {
                guard let value = ArgumentValues.number(option.values[0], max: 63) else {
                    throw options.invalid(option, "'\(option.values[0])' is not a DSCP value")
                }
                add(.payload(field), option, .integer(value))
            }
            if let option = options.take("dscp-class") {
                guard let value = Self.dscpClass(option.values[0]) else {
                    throw options.invalid(option, "unknown DSCP class '\(option.values[0])'")
                }
                add(.payload(field), option, .integer(value))
            }

        case "ttl", "hl":
            let field: PayloadField = name == "ttl" ? .ipTtl : .ip6Hoplimit
            guard (name == "ttl") == (family == .ipv4) else { throw options.unsupported("not a match of this family") }
            let forms: [(String, MatchOperator)] = [("\(name)-eq", .eq), ("\(name)-lt", .lt), ("\(name)-gt", .gt)]
            let given = forms.compactMap { form in options.take(form.0).map { ($0, form.1) } }
            guard given.count == 1, let (option, op) = given.first else {
                throw options.unsupported("exactly one of --\(name)-eq, --\(name)-lt, --\(name)-gt")
            }
            guard let value = ArgumentValues.number(option.values[0], max: 255) else {
                throw options.invalid(option, "'\(option.values[0])' is not a number of 0 to 255")
            }
            output.statements.append(
                .match(Match(.payload(field), option.inverted ? .neq : op, .integer(value))))

        default:
            throw options.unsupported("match is not translated")
        }
    }

    /// The port fields of the protocols that have them.
    static let portFields: [UInt8: (String, PayloadField, PayloadField)] = [
        6: ("tcp", .tcpSport, .tcpDport), 17: ("udp", .udpSport, .udpDport), 132: ("sctp", .sctpSport, .sctpDport),
        33: ("dccp", .dccpSport, .dccpDport),
    ]

    /// DSCP class names (`CS1`, `AF41`, `EF`) and their values.
    static func dscpClass(_ name: String) -> UInt64? {
        let upper = name.uppercased()
        if upper == "EF" { return 0x2E }
        if upper == "BE" { return 0 }
        if upper.hasPrefix("CS"), let number = UInt64(upper.dropFirst(2)), number <= 7 { return number << 3 }
        if upper.hasPrefix("AF"), upper.count == 4, let high = UInt64(String(Array(upper)[2])),
            let low = UInt64(String(Array(upper)[3])), (1...4).contains(high), (1...3).contains(low)
        {
            return high << 3 | low << 1
        }
        return nil
    }

    private func translateMultiport(
        _ options: inout ModuleOptions, parsed: ParsedRule, into output: inout TranslationOutput
    ) throws(UntranslatableRule) {
        guard let proto = parsed.proto, !proto.inverted,
            let number = ArgumentValues.protocolNumber(proto.value),
            let (protoName, sport, dport) = Self.portFields[number]
        else { throw options.unsupported("needs -p tcp, udp, sctp or dccp") }
        let given = ["sports", "dports", "ports"].compactMap { options.take($0) }
        guard given.count == 1, let option = given.first else {
            throw options.unsupported("exactly one of --sports, --dports, --ports")
        }
        var values: [Value] = []
        var ranges: [(UInt16, UInt16)] = []
        for item in option.values[0].split(separator: ",", omittingEmptySubsequences: false) {
            guard let range = ArgumentValues.portRange(String(item), proto: protoName) else {
                throw options.invalid(option, "'\(item)' is not a port or port range")
            }
            ranges.append(range)
            values.append(ArgumentValues.portValue(range))
        }
        guard !values.isEmpty, values.count <= 15 else { throw options.invalid(option, "1 to 15 ports") }
        let op: MatchOperator = option.inverted ? .neq : .eq
        if option.name == "ports" {
            // Either port in the list: the source with any destination, or any source with the destination.
            var elements: [Value] = []
            for value in values {
                elements.append(.concat([.range(.integer(0), .integer(65535)), value]))
                elements.append(.concat([value, .range(.integer(0), .integer(65535))]))
            }
            output.statements.append(
                .match(Match(.concat([.payload(sport), .payload(dport)]), op, operand: .set(elements))))
            return
        }
        let field = option.name == "sports" ? sport : dport
        let operand: Operand = values.count == 1 ? .value(values[0]) : .set(values)
        output.statements.append(.match(Match(.payload(field), op, operand: operand)))
    }

    private func translateConntrack(_ options: inout ModuleOptions, into output: inout TranslationOutput)
        throws(UntranslatableRule)
    {
        func add(_ left: CtKey, _ option: ParsedOption, _ value: Value) {
            output.statements.append(.match(Match(.ct(left), option.inverted ? .neq : .eq, value)))
        }
        if let option = options.take("ctdir") {
            let directions: [String: UInt64] = ["ORIGINAL": 0, "REPLY": 1]
            guard let direction = directions[option.values[0].uppercased()] else {
                throw options.invalid(option, "ORIGINAL or REPLY")
            }
            add(.direction, option, .integer(direction))
        }
        if let option = options.take("ctproto") {
            guard let number = ArgumentValues.protocolNumber(option.values[0]), number != 0 else {
                throw options.invalid(option, "unknown protocol '\(option.values[0])'")
            }
            add(.originalProtocol, option, .integer(UInt64(number)))
        }
        if let option = options.take("ctstate") {
            // Without a connection (invalid or untracked packets) the kernel module decides on the state alone
            // and skips every other test; nftables' ct expressions never match such packets.
            let others = options.module.options.contains { $0.name != "ctstate" }
            var states: UInt64 = 0
            var nat: UInt64 = 0
            for name in option.values[0].split(separator: ",", omittingEmptySubsequences: false) {
                if let bit = Self.ctStates[name.uppercased()] {
                    states |= bit
                } else if let bit = Self.ctNatStatus[name.uppercased()] {
                    nat |= bit
                } else {
                    throw options.invalid(option, "unknown state '\(name)'")
                }
            }
            // A state or a NAT status is one test in iptables, two matches that must both hold in nftables.
            guard states == 0 || nat == 0 else { throw options.invalid(option, "states mixed with SNAT or DNAT") }
            let connectionless: UInt64 = 0x41  // INVALID, UNTRACKED
            let admitsConnectionless =
                option.inverted
                ? (nat != 0 || states & connectionless != connectionless)
                : states & connectionless != 0
            if admitsConnectionless && (others || nat != 0) {
                throw options.invalid(
                    option, "packets without a connection would pass the state and skip the other conntrack tests")
            }
            if states != 0 { add(.state, option, .integer(states)) }
            if nat != 0 { add(.status, option, .integer(nat)) }
        }
        if let option = options.take("ctstatus") {
            guard let bits = ArgumentValues.flags(option.values[0], Self.ctStatuses), bits != 0 else {
                throw options.invalid(option, "unknown status in '\(option.values[0])'")
            }
            add(.status, option, .integer(bits))
        }
        if let option = options.take("ctexpire") {
            // iptables compares whole seconds left; nft compares milliseconds exactly.
            throw options.invalid(option, "no exact nftables equivalent for --ctexpire")
        }
        let addresses: [(String, CtKey, CtKey)] = [
            ("ctorigsrc", .originalIpSaddr, .originalIp6Saddr), ("ctorigdst", .originalIpDaddr, .originalIp6Daddr),
            ("ctreplsrc", .replyIpSaddr, .replyIp6Saddr), ("ctrepldst", .replyIpDaddr, .replyIp6Daddr),
        ]
        for (key, v4, v6) in addresses {
            guard let option = options.take(key) else { continue }
            let statement = try addressMatch(
                option.values[0], inverted: option.inverted, left: .ct(family == .ipv4 ? v4 : v6),
                index: option.index + 1, skipAny: !option.inverted)
            if let statement { output.statements.append(statement) }
        }
        let ports: [(String, CtKey)] = [
            ("ctorigsrcport", .originalProtoSrc), ("ctorigdstport", .originalProtoDst),
            ("ctreplsrcport", .replyProtoSrc), ("ctrepldstport", .replyProtoDst),
        ]
        for (key, ctKey) in ports {
            guard let option = options.take(key) else { continue }
            guard let range = ArgumentValues.portRange(option.values[0], proto: "tcp") else {
                throw options.invalid(option, "'\(option.values[0])' is not a port or port range")
            }
            add(ctKey, option, ArgumentValues.portValue(range))
        }
    }

    /// `--src-type`/`--dst-type` as FIB lookups of the address type, restricted to the input or output
    /// interface with `--limit-iface-in`/`--limit-iface-out` as the kernel module does.
    private func translateAddrtype(_ options: inout ModuleOptions, into output: inout TranslationOutput)
        throws(UntranslatableRule)
    {
        guard family == .ipv4 else { throw options.unsupported("IPv6 address types are not translated") }
        let types: [String: UInt64] = [
            "UNSPEC": 0, "UNICAST": 1, "LOCAL": 2, "BROADCAST": 3, "ANYCAST": 4, "MULTICAST": 5, "BLACKHOLE": 6,
            "UNREACHABLE": 7, "PROHIBIT": 8, "THROW": 9, "NAT": 10, "XRESOLVE": 11,
        ]
        let limitIn = options.take("limit-iface-in") != nil
        let limitOut = options.take("limit-iface-out") != nil
        guard !(limitIn && limitOut) else { throw options.unsupported("both --limit-iface-in and --limit-iface-out") }
        let interface: FibLookup.Interface? = limitIn ? .iif : limitOut ? .oif : nil
        for (key, address) in [("src-type", FibLookup.Address.saddr), ("dst-type", .daddr)] {
            guard let option = options.take(key) else { continue }
            var values: [Value] = []
            for name in option.values[0].split(separator: ",", omittingEmptySubsequences: false) {
                guard let type = types[name.uppercased()] else {
                    throw options.invalid(option, "unknown address type '\(name)'")
                }
                if !values.contains(.integer(type)) { values.append(.integer(type)) }
            }
            let left = Expression.fib(FibLookup(address, interface: interface, result: .type))
            let operand: Operand = values.count == 1 ? .value(values[0]) : .set(values)
            output.statements.append(.match(Match(left, option.inverted ? .neq : .eq, operand: operand)))
        }
    }

    private func translateLimit(_ options: inout ModuleOptions, into output: inout TranslationOutput)
        throws(UntranslatableRule)
    {
        var rate: UInt64 = 3
        var unit = TimeUnit.hour
        if let option = options.take("limit") {
            let parts = option.values[0].split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard let number = ArgumentValues.number(String(parts[0])), number > 0 else {
                throw options.invalid(option, "'\(option.values[0])' is not a rate")
            }
            rate = number
            unit = .second
            if parts.count == 2 {
                let word = parts[1].lowercased()
                let units: [(String, TimeUnit)] = [
                    ("second", .second), ("minute", .minute), ("hour", .hour), ("day", .day),
                ]
                guard !word.isEmpty, let found = units.first(where: { $0.0.hasPrefix(word) }) else {
                    throw options.invalid(option, "unknown time unit '\(parts[1])'")
                }
                unit = found.1
            }
        }
        var burst: UInt64 = 5
        if let option = options.take("limit-burst") {
            guard let number = ArgumentValues.number(option.values[0], max: 10000) else {
                throw options.invalid(option, "'\(option.values[0])' is not a burst")
            }
            burst = number
        }
        output.statements.append(.limit(Limit(rate: rate, unit: unit, burst: burst == 0 ? nil : UInt32(burst))))
    }

    private func translateOwner(_ options: inout ModuleOptions, into output: inout TranslationOutput)
        throws(UntranslatableRule)
    {
        for (key, metaKey) in [("uid-owner", MetaKey.skuid), ("gid-owner", MetaKey.skgid)] {
            guard let option = options.take(key) else { continue }
            // Without a socket iptables lets a negated owner match pass; nftables' skuid never matches then.
            guard !option.inverted else {
                throw options.invalid(option, "a negated owner also matches packets without a socket")
            }
            let text = option.values[0]
            let parts = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            var ids: [UInt64] = []
            for part in parts {
                if let number = ArgumentValues.number(part), part.first?.isNumber == true {
                    ids.append(number)
                } else if key == "uid-owner", parts.count == 1, let entry = getpwnam(part) {
                    ids.append(UInt64(entry.pointee.pw_uid))
                } else if key == "gid-owner", parts.count == 1, let entry = getgrnam(part) {
                    ids.append(UInt64(entry.pointee.gr_gid))
                } else {
                    throw options.invalid(option, "unknown user or group '\(part)'")
                }
            }
            let value: Value = ids.count == 1 ? .integer(ids[0]) : .range(.integer(ids[0]), .integer(ids[1]))
            output.statements.append(.match(Match(.meta(metaKey), .eq, value)))
        }
    }

    private func translateSet(_ options: inout ModuleOptions, into output: inout TranslationOutput)
        throws(UntranslatableRule)
    {
        guard let option = options.take("match-set") else { throw options.unsupported("--match-set is required") }
        let name = option.values[0]
        let directions = option.values[1].split(separator: ",")
        guard directions.count == 1, directions[0] == "src" || directions[0] == "dst" else {
            throw UntranslatableRule(
                argumentIndex: option.index + 2, reason: "only one-dimensional sets (src or dst) are translated")
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." })
        else { throw options.invalid(option, "set name '\(name)' cannot be used in nftables") }
        let field: PayloadField =
            directions[0] == "src" ? (family == .ipv4 ? .ipSaddr : .ip6Saddr) : (family == .ipv4 ? .ipDaddr : .ip6Daddr)
        output.statements.append(.match(Match(.payload(field), option.inverted ? .neq : .eq, operand: .named(name))))
    }

    private func translateStatistic(_ options: inout ModuleOptions, into output: inout TranslationOutput)
        throws(UntranslatableRule)
    {
        guard let mode = options.take("mode") else { throw options.unsupported("--mode is required") }
        switch mode.values[0] {
        case "nth":
            guard let every = options.take("every") else { throw options.unsupported("--every is required") }
            guard let modulus = ArgumentValues.number(every.values[0]), modulus > 0 else {
                throw options.invalid(every, "'\(every.values[0])' is not a positive number")
            }
            var packet: UInt64 = 0
            if let option = options.take("packet") {
                guard let number = ArgumentValues.number(option.values[0]), number < modulus else {
                    throw options.invalid(option, "must be below --every")
                }
                packet = number
            }
            output.statements.append(
                .match(
                    Match(
                        .numgen(.inc, modulus: UInt32(modulus), offset: 0), every.inverted ? .neq : .eq,
                        .integer(packet))))
        case "random":
            guard let option = options.take("probability") else {
                throw options.unsupported("--probability is required")
            }
            guard let probability = Double(option.values[0]), (0...1).contains(probability) else {
                throw options.invalid(option, "'\(option.values[0])' is not a probability from 0 to 1")
            }
            // As the kernel module: a 31-bit random number below probability * 2^31.
            let threshold = UInt64((probability * 2_147_483_648).rounded())
            output.statements.append(
                .match(
                    Match(.meta(.random), option.inverted ? .ge : .lt, .integer(threshold), mask: 0x7FFF_FFFF)))
        default:
            throw options.invalid(mode, "mode '\(mode.values[0])' is not translated")
        }
    }
}

extension RuleTranslator {
    /// `-m connbytes --connbytes FROM[:TO] --connbytes-dir DIR --connbytes-mode MODE` as a `ct` counter match.
    ///
    /// xt_connbytes does not match a connection without an accounting extension (one made before accounting was
    /// turned on), where nft's counters read 0: so a negated match, or a range that holds 0, is refused.
    func connbytesMatch(_ options: inout ModuleOptions) throws(UntranslatableRule) -> Statement {
        guard let count = options.take("connbytes"), let direction = options.take("connbytes-dir"),
            let mode = options.take("connbytes-mode")
        else { throw options.unsupported("--connbytes, --connbytes-dir and --connbytes-mode are all required") }
        let keys: [String: [String: CtKey]] = [
            "packets": ["original": .originalPackets, "reply": .replyPackets, "both": .packets],
            "bytes": ["original": .originalBytes, "reply": .replyBytes, "both": .bytes],
            "avgpkt": ["original": .originalAvgpkt, "reply": .replyAvgpkt, "both": .avgpkt],
        ]
        guard let byDirection = keys[mode.values[0]] else {
            throw options.invalid(mode, "unknown mode '\(mode.values[0])'")
        }
        guard let key = byDirection[direction.values[0]] else {
            throw options.invalid(direction, "unknown direction '\(direction.values[0])'")
        }
        if count.inverted {
            throw options.invalid(
                count, "a negated --connbytes would match connections without accounting, which xt_connbytes does not")
        }
        let text = count.values[0]
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let low = ArgumentValues.number(parts[0], max: UInt64.max),
            parts.count == 1 || ArgumentValues.number(parts[1], max: UInt64.max) != nil
        else { throw options.invalid(count, "'\(text)' is not a count or range") }
        guard low > 0 else {
            throw options.invalid(
                count, "a count from 0 would match connections without accounting, which xt_connbytes does not")
        }
        guard parts.count == 2, let high = ArgumentValues.number(parts[1], max: UInt64.max) else {
            return .match(Match(.ct(key), .ge, .integer(low)))
        }
        guard low <= high else {
            throw options.invalid(count, "a reversed range ('\(text)') is an inverted match in xt_connbytes")
        }
        return .match(Match(.ct(key), .eq, low == high ? .integer(low) : .range(.integer(low), .integer(high))))
    }
}

extension RuleTranslator {
    /// `-m time --timestart HH:MM[:SS] --timestop HH:MM[:SS]` as `meta hour`, both in UTC.
    ///
    /// Refused: dates (xt_time compares whole seconds, nft's `meta time` nanoseconds, so the last second of
    /// a range differs), weekdays (nft's `meta day` shifts the clock by the kernel's time zone, xt_time's
    /// default is UTC), month days (nft has none), and `--kerneltz`/`--localtz` (`meta hour` is always UTC).
    /// `--contiguous` only changes weekday and month-day tests, so alone it changes nothing.
    func timeMatch(_ options: inout ModuleOptions) throws(UntranslatableRule) -> Statement? {
        for name in ["datestart", "datestop"] {
            if let option = options.take(name) {
                throw options.invalid(
                    option, "xt_time compares dates in whole seconds, nft's meta time in nanoseconds")
            }
        }
        if let option = options.take("weekdays") {
            throw options.invalid(option, "nft's meta day follows the kernel's time zone; xt_time's weekdays are UTC")
        }
        if let option = options.take("monthdays") {
            throw options.invalid(option, "nftables has no day-of-month match")
        }
        for name in ["kerneltz", "localtz"] {
            if let option = options.take(name) {
                throw UntranslatableRule(
                    argumentIndex: option.index, reason: "--\(name): nft's meta hour is always UTC")
            }
        }
        _ = options.take("utc")
        _ = options.take("contiguous")
        var start: UInt64 = 0
        var stop: UInt64 = 86399
        if let option = options.take("timestart") {
            guard let seconds = NFTablesTimeOfDay.seconds(option.values[0]) else {
                throw options.invalid(option, "'\(option.values[0])' is not a time of day (HH:MM[:SS])")
            }
            start = seconds
        }
        if let option = options.take("timestop") {
            guard let seconds = NFTablesTimeOfDay.seconds(option.values[0]) else {
                throw options.invalid(option, "'\(option.values[0])' is not a time of day (HH:MM[:SS])")
            }
            stop = seconds
        }
        if start < stop {
            if start == 0 && stop == 86399 { return nil }
            return .match(Match(.meta(.hour), .eq, .range(.integer(start), .integer(stop))))
        }
        // xt_time reads start >= stop as a range across midnight: every time but those strictly between.
        guard start - stop >= 2 else { return nil }
        let low = stop + 1
        let high = start - 1
        return .match(Match(.meta(.hour), .neq, low == high ? .integer(low) : .range(.integer(low), .integer(high))))
    }
}

/// Times of day as libxt_time reads them.
internal enum NFTablesTimeOfDay {
    /// `HH:MM` or `HH:MM:SS` (hours up to 23) as seconds since midnight.
    static func seconds(_ text: String) -> UInt64? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        let limits: [UInt64] = [23, 59, 59]
        var total: UInt64 = 0
        for (index, part) in parts.enumerated() {
            guard (1...2).contains(part.count), let value = UInt64(part), value <= limits[index] else { return nil }
            total += value * [3600, 60, 1][index]
        }
        return total
    }
}

extension RuleTranslator {
    /// `-m policy --dir in --pol none` as `meta secpath missing`: xt_policy matches it exactly when the packet has
    /// no security path, which is what nft's secpath test reads.
    ///
    /// Refused: `--pol ipsec` (xt_policy walks the security path's states, so a path without states, or one no
    /// element fits, does not match where `meta secpath exists` does), `--dir out` (the route's transforms) and
    /// policy elements.
    func policyMatch(_ options: inout ModuleOptions) throws(UntranslatableRule) -> Statement {
        guard let direction = options.take("dir"), let policy = options.take("pol") else {
            throw options.unsupported("--dir and --pol are required")
        }
        guard direction.values[0] == "in" else {
            throw options.invalid(direction, "only incoming policies (the packet's security path) are translated")
        }
        guard policy.values[0] == "none" else {
            throw options.invalid(
                policy, "xt_policy matches IPsec by the security path's states, not by its mere presence")
        }
        return .match(Match(.meta(.secpath), .eq, .integer(0)))
    }
}
