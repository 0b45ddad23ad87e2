import NFTables

extension RuleTranslator {
    /// The target: a verdict, a statement, or a jump to a user chain.
    func translateTarget(
        _ target: ParsedModule, _ options: inout ModuleOptions, parsed: ParsedRule, into output: inout TranslationOutput
    ) throws(UntranslatableRule) {
        switch target.name {
        case "ACCEPT": output.statements.append(.verdict(.accept))
        case "DROP": output.statements.append(.verdict(.drop))
        case "RETURN": output.statements.append(.verdict(.return))
        case "REJECT": output.statements.append(.reject(try reject(&options, parsed: parsed)))
        case "LOG": output.statements.append(.log(try log(&options)))
        case "NFLOG": output.statements.append(.log(try nflog(&options)))
        case "DNAT", "SNAT", "MASQUERADE", "REDIRECT":
            output.statements.append(.nat(try nat(target.name, &options, parsed: parsed)))
        case "MARK": output.statements.append(try mark(&options))
        case "CONNMARK": output.statements.append(try connmark(&options))
        case "NOTRACK": output.statements.append(.notrack)
        case "TEE": output.statements.append(try tee(&options))
        case "AUDIT":
            // The kernel no longer records the type; both write the same audit record.
            if let option = options.take("type"), !["accept", "drop", "reject"].contains(option.values[0].lowercased())
            {
                throw options.invalid(option, "accept, drop or reject")
            }
            output.statements.append(.log(Log(level: .audit)))
        case "TCPMSS":
            throw options.unsupported("nftables cannot add a missing MSS option as TCPMSS does")
        case "CHECKSUM":
            throw options.unsupported("nftables has no checksum filling")
        case "DSCP":
            let value: UInt64
            if let option = options.take("set-dscp") {
                guard let number = ArgumentValues.number(option.values[0], max: 63) else {
                    throw options.invalid(option, "'\(option.values[0])' is not a DSCP value")
                }
                value = number
            } else if let option = options.take("set-dscp-class") {
                guard let number = Self.dscpClass(option.values[0]) else {
                    throw options.invalid(option, "unknown DSCP class '\(option.values[0])'")
                }
                value = number
            } else {
                throw options.unsupported("--set-dscp or --set-dscp-class is required")
            }
            output.statements.append(
                .payloadSet(PayloadSet(family == .ipv4 ? .ipDscp : .ip6Dscp, value: .integer(value))))
        case "TRACE": output.statements.append(.metaSet(MetaSet(.nftrace, value: .integer(1))))
        case "CLASSIFY":
            guard let option = options.take("set-class") else { throw options.unsupported("--set-class is required") }
            let parts = option.values[0].split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let major = UInt64(parts[0], radix: 16), let minor = UInt64(parts[1], radix: 16),
                major <= 0xFFFF, minor <= 0xFFFF
            else { throw options.invalid(option, "'\(option.values[0])' is not a class MAJOR:MINOR") }
            output.statements.append(.metaSet(MetaSet(.priority, value: .integer(major << 16 | minor))))
        case "CT":
            if options.take("notrack") != nil {
                output.statements.append(.notrack)
            } else if let option = options.take("zone") {
                guard let zone = ArgumentValues.number(option.values[0], max: 65535) else {
                    throw options.invalid(option, "'\(option.values[0])' is not a zone")
                }
                output.statements.append(.ctSet(CtSet(.zone, value: .integer(zone))))
            } else {
                throw options.unsupported("only --notrack and --zone are translated")
            }
        default:
            guard ModuleCatalog.targets[target.name] == nil, userChains.contains(target.name) else {
                throw UntranslatableRule(
                    argumentIndex: target.index, reason: "target \"\(target.name)\" is not translated")
            }
            output.statements.append(.verdict(.jump(target.name)))
        }
    }

    private func reject(_ options: inout ModuleOptions, parsed: ParsedRule) throws(UntranslatableRule) -> Reject {
        guard let option = options.take("reject-with") else { return Reject() }
        let name = option.values[0].lowercased()
        if name == "tcp-reset" || name == "tcp-rst" {
            return Reject(type: .tcpReset)
        }
        let v4: [String: UInt8] = [
            "icmp-net-unreachable": 0, "net-unreach": 0, "icmp-host-unreachable": 1, "host-unreach": 1,
            "icmp-proto-unreachable": 2, "proto-unreach": 2, "icmp-port-unreachable": 3, "port-unreach": 3,
            "icmp-net-prohibited": 9, "net-prohib": 9, "icmp-host-prohibited": 10, "host-prohib": 10,
            "icmp-admin-prohibited": 13, "admin-prohib": 13,
        ]
        let v6: [String: UInt8] = [
            "icmp6-no-route": 0, "no-route": 0, "icmp6-adm-prohibited": 1, "adm-prohibited": 1,
            "icmp6-addr-unreachable": 3, "addr-unreach": 3, "icmp6-port-unreachable": 4, "port-unreach": 4,
            "icmp6-policy-fail": 5, "policy-fail": 5, "icmp6-reject-route": 6, "reject-route": 6,
        ]
        guard let code = (family == .ipv4 ? v4 : v6)[name] else {
            throw options.invalid(option, "unknown reject type '\(option.values[0])'")
        }
        // Port unreachable is what a plain `reject` sends.
        if code == (family == .ipv4 ? 3 : 4) { return Reject() }
        return Reject(type: family == .ipv4 ? .icmp : .icmpv6, code: code)
    }

    private func log(_ options: inout ModuleOptions) throws(UntranslatableRule) -> Log {
        var result = Log()
        if let option = options.take("log-prefix") {
            guard option.values[0].utf8.count <= 29 else { throw options.invalid(option, "longer than 29 bytes") }
            result.prefix = option.values[0]
        }
        if let option = options.take("log-level") {
            let names: [String: LogLevel] = [
                "emerg": .emerg, "panic": .emerg, "alert": .alert, "crit": .crit, "err": .err, "error": .err,
                "warning": .warn, "warn": .warn, "notice": .notice, "info": .info, "debug": .debug,
            ]
            let text = option.values[0].lowercased()
            let level: LogLevel
            if let named = names[text] {
                level = named
            } else if let number = ArgumentValues.number(text, max: 7), text.first?.isNumber == true {
                level = LogLevel.allCases[Int(number)]
            } else {
                throw options.invalid(option, "unknown log level '\(option.values[0])'")
            }
            // warning is the default of both tools.
            result.level = level == .warn ? nil : level
        }
        return result
    }

    private func nflog(_ options: inout ModuleOptions) throws(UntranslatableRule) -> Log {
        var result = Log(group: 0)
        if let option = options.take("nflog-group") {
            guard let group = ArgumentValues.number(option.values[0], max: 65535) else {
                throw options.invalid(option, "'\(option.values[0])' is not a group")
            }
            result.group = UInt16(group)
        }
        if let option = options.take("nflog-prefix") {
            guard option.values[0].utf8.count <= 63 else { throw options.invalid(option, "longer than 63 bytes") }
            result.prefix = option.values[0]
        }
        if let option = options.take("nflog-size") {
            guard let size = ArgumentValues.number(option.values[0]) else {
                throw options.invalid(option, "'\(option.values[0])' is not a size")
            }
            result.snaplen = UInt32(size)
        }
        if let option = options.take("nflog-threshold") {
            guard let threshold = ArgumentValues.number(option.values[0], max: 65535), threshold > 0 else {
                throw options.invalid(option, "'\(option.values[0])' is not a threshold")
            }
            // 1 is the kernel's default, which nft does not send.
            result.queueThreshold = threshold == 1 ? nil : UInt16(threshold)
        }
        return result
    }

    private func nat(_ kind: String, _ options: inout ModuleOptions, parsed: ParsedRule) throws(UntranslatableRule)
        -> NAT
    {
        var flags: [NATFlag] = []
        if options.take("random") != nil { flags.append(.random) }
        if options.take("random-fully") != nil { flags.append(.fullyRandom) }
        if options.take("persistent") != nil { flags.append(.persistent) }
        var address: Value?
        var port: Value?
        switch kind {
        case "DNAT", "SNAT":
            guard let option = options.take(kind == "DNAT" ? "to-destination" : "to-source") else {
                throw options.unsupported("needs --to-\(kind == "DNAT" ? "destination" : "source")")
            }
            guard let parsedRange = natRange(option.values[0]) else {
                throw options.invalid(option, "'\(option.values[0])' is not an address[-address][:port[-port]]")
            }
            (address, port) = parsedRange
        default:
            if let option = options.take("to-ports") {
                guard let range = ArgumentValues.portRange(option.values[0], proto: "tcp", allowDash: true) else {
                    throw options.invalid(option, "'\(option.values[0])' is not a port or port range")
                }
                port = ArgumentValues.portValue(range)
            }
        }
        if port != nil {
            // iptables refuses ports without a protocol that has them.
            guard let proto = parsed.proto, !proto.inverted,
                let number = ArgumentValues.protocolNumber(proto.value), [6, 17, 33, 132, 136].contains(number)
            else { throw options.unsupported("ports need -p tcp, udp, dccp, sctp or udplite") }
        }
        let natKind: NATKind = ["DNAT": .dnat, "SNAT": .snat, "MASQUERADE": .masquerade][kind] ?? .redirect
        let to: NATTarget? = address == nil && port == nil ? nil : .address(address, port: port)
        return NAT(natKind, to: to, flags: flags)
    }

    /// `ADDR[-ADDR][:PORT[-PORT]]`, IPv6 addresses in brackets when a port follows.
    private func natRange(_ text: String) -> (Value?, Value?)? {
        var addressText = text
        var portText: String?
        if family == .ipv6 && text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            addressText = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return nil }
                portText = String(rest.dropFirst())
            }
        } else if family == .ipv4, let colon = text.firstIndex(of: ":") {
            addressText = String(text[..<colon])
            portText = String(text[text.index(after: colon)...])
        }
        var address: Value?
        if !addressText.isEmpty {
            guard let (low, high) = ArgumentValues.addressRange(addressText, family: family) else { return nil }
            address = low == high ? .address(low) : .range(.address(low), .address(high))
        }
        var port: Value?
        if let portText {
            guard let range = ArgumentValues.portRange(portText, proto: "tcp", allowDash: true) else { return nil }
            port = ArgumentValues.portValue(range)
        }
        guard address != nil || port != nil else { return nil }
        return (address, port)
    }

    private func mark(_ options: inout ModuleOptions) throws(UntranslatableRule) -> Statement {
        let (value, mask) = try xmark(&options)
        guard mask != UInt32.max else { return .metaSet(MetaSet(.mark, value: .integer(UInt64(value)))) }
        return .metaSet(MetaSet(.mark, from: .meta(.mark), bitwise: Bitwise(mask: UInt64(~mask), xor: UInt64(value))))
    }

    /// The `(value, mask)` of `--set-xmark`, `--set-mark`, `--and-mark`, `--or-mark`, `--xor-mark`: the new
    /// mark is `(mark & ~mask) ^ value`.
    private func xmark(_ options: inout ModuleOptions) throws(UntranslatableRule) -> (UInt32, UInt32) {
        var result: [(UInt32, UInt32)] = []
        if let option = options.take("set-xmark") {
            guard let (value, mask) = ArgumentValues.markAndMask(option.values[0]) else {
                throw options.invalid(option, "'\(option.values[0])' is not a mark")
            }
            result.append((value, mask))
        }
        if let option = options.take("set-mark") {
            guard let (value, mask) = ArgumentValues.markAndMask(option.values[0]) else {
                throw options.invalid(option, "'\(option.values[0])' is not a mark")
            }
            result.append((value, mask == UInt32.max ? mask : mask | value))
        }
        for name in ["and-mark", "or-mark", "xor-mark"] {
            guard let option = options.take(name) else { continue }
            guard let bits = ArgumentValues.number(option.values[0]).map(UInt32.init) else {
                throw options.invalid(option, "'\(option.values[0])' is not a mark")
            }
            switch name {
            case "and-mark": result.append((0, ~bits))
            case "or-mark": result.append((bits, bits))
            default: result.append((bits, 0))
            }
        }
        guard result.count == 1 else { throw options.unsupported("exactly one mark operation") }
        return result[0]
    }

    private func connmark(_ options: inout ModuleOptions) throws(UntranslatableRule) -> Statement {
        for name in ["left-shift-mark", "right-shift-mark"] {
            if let option = options.take(name) { throw options.invalid(option, "shifts are not translated") }
        }
        let save = options.take("save-mark")
        let restore = options.take("restore-mark")
        if save != nil || restore != nil {
            guard save == nil || restore == nil else {
                throw options.unsupported("both --save-mark and --restore-mark")
            }
            for name in ["nfmask", "ctmask", "mask"] {
                guard let option = options.take(name) else { continue }
                guard ArgumentValues.number(option.values[0]) == UInt64(UInt32.max) else {
                    throw options.invalid(option, "only the full mask 0xffffffff is translated")
                }
            }
            return save != nil
                ? .ctSet(CtSet(.mark, from: .meta(.mark))) : .metaSet(MetaSet(.mark, from: .ct(.mark)))
        }
        let (value, mask) = try xmark(&options)
        guard mask != UInt32.max else { return .ctSet(CtSet(.mark, value: .integer(UInt64(value)))) }
        return .ctSet(CtSet(.mark, from: .ct(.mark), bitwise: Bitwise(mask: UInt64(~mask), xor: UInt64(value))))
    }
}

extension RuleTranslator {
    /// `-j TEE --gateway ADDRESS` as `dup to ADDRESS`: both hand the copy to the same kernel routine
    /// (nf_dup_ipv4/nf_dup_ipv6) with no output interface.
    ///
    /// `--oif` is refused: xt_TEE follows the device by name as it comes and goes (and skips the copy while it is
    /// absent), where nft's `dup ... device` holds the index resolved when the rule is loaded.
    func tee(_ options: inout ModuleOptions) throws(UntranslatableRule) -> Statement {
        if let option = options.take("oif") {
            throw options.invalid(
                option, "xt_TEE follows the device by name; nft's dup device is the index resolved at load time")
        }
        guard let option = options.take("gateway") else { throw options.unsupported("--gateway is required") }
        guard let address = IPAddress(option.values[0]), address.isV4 == (family == .ipv4) else {
            throw options.invalid(option, "'\(option.values[0])' is not an address of this family")
        }
        guard address.bytes.contains(where: { $0 != 0 }) else {
            throw options.invalid(option, "the kernel refuses a zero gateway")
        }
        return .dup(address)
    }
}
