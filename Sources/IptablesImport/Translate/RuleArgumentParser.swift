/// Reads one rule's arguments into a `ParsedRule`, as iptables' option parser does: built-in options,
/// `-m` matches (and the protocol's match, loaded implicitly by its first option), the target, and `!`
/// before an option or, in the old style, before its value (`-s ! 192.0.2.1`).
internal struct RuleArgumentParser {
    let arguments: [String]
    let family: IptablesFamily

    /// The match loaded implicitly by an unknown option after `-p NAME`.
    static func protocolMatch(_ name: String, family: IptablesFamily) -> String? {
        switch name.lowercased() {
        case "tcp", "6": return "tcp"
        case "udp", "17": return "udp"
        case "sctp", "132": return "sctp"
        case "dccp", "33": return "dccp"
        case "esp", "50": return family == .ipv4 ? "esp" : nil
        case "ah", "51": return family == .ipv4 ? "ah" : nil
        case "ipcomp", "comp", "108": return "ipcomp"
        case "icmp", "1": return family == .ipv4 ? "icmp" : nil
        case "icmpv6", "ipv6-icmp", "icmp6", "58": return family == .ipv6 ? "icmp6" : nil
        default: return nil
        }
    }

    func parse() throws(UntranslatableRule) -> ParsedRule {
        var rule = ParsedRule()
        /// Where each option is looked up, most recently loaded first: match indexes, or -1 for the target.
        var loadOrder: [Int] = []
        var pendingNot: Int?
        var index = 0

        func fail(_ at: Int, _ reason: String) -> UntranslatableRule {
            UntranslatableRule(argumentIndex: at, reason: reason)
        }

        /// Reads the value of the option at `index`; an old-style `!` before it counts as a negation.
        func value(after option: Int, inverted: inout Bool) throws(UntranslatableRule) -> (String, Int) {
            var position = option + 1
            if position < arguments.count && arguments[position] == "!" {
                if inverted { throw fail(position, "'!' given twice for \(arguments[option])") }
                inverted = true
                position += 1
            }
            guard position < arguments.count else { throw fail(option, "option \(arguments[option]) needs a value") }
            return (arguments[position], position)
        }

        func builtin(_ option: Int, _ slot: ParsedRule.Builtin?) throws(UntranslatableRule) -> (ParsedRule.Builtin, Int)
        {
            if slot != nil { throw fail(option, "option \(arguments[option]) given twice") }
            var inverted = pendingNot != nil
            let (text, position) = try value(after: option, inverted: &inverted)
            return (ParsedRule.Builtin(value: text, inverted: inverted, index: option), position + 1)
        }

        while index < arguments.count {
            let argument = arguments[index]
            if argument == "!" {
                if pendingNot != nil { throw fail(index, "'!' given twice") }
                pendingNot = index
                index += 1
                continue
            }
            switch argument {
            case "-p", "--protocol":
                (rule.proto, index) = try builtin(index, rule.proto)
            case "-s", "--source", "--src":
                (rule.source, index) = try builtin(index, rule.source)
            case "-d", "--destination", "--dst":
                (rule.destination, index) = try builtin(index, rule.destination)
            case "-i", "--in-interface":
                (rule.inInterface, index) = try builtin(index, rule.inInterface)
            case "-o", "--out-interface":
                (rule.outInterface, index) = try builtin(index, rule.outInterface)
            case "-f", "--fragment":
                if rule.fragment != nil { throw fail(index, "option -f given twice") }
                rule.fragment = ParsedRule.Builtin(value: "", inverted: pendingNot != nil, index: index)
                index += 1
            case "-m", "--match":
                if let not = pendingNot { throw fail(not, "'!' cannot negate -m") }
                guard index + 1 < arguments.count else { throw fail(index, "option -m needs a match name") }
                let name = arguments[index + 1]
                guard ModuleCatalog.matches[name] != nil else {
                    throw fail(index + 1, "match \"\(name)\" is not translated")
                }
                rule.matches.append(ParsedModule(name: name, index: index + 1))
                loadOrder.append(rule.matches.count - 1)
                index += 2
            case "-j", "--jump":
                if let not = pendingNot { throw fail(not, "'!' cannot negate -j") }
                if rule.target != nil || rule.gotoChain != nil { throw fail(index, "more than one target") }
                guard index + 1 < arguments.count else { throw fail(index, "option -j needs a target") }
                rule.target = ParsedModule(name: arguments[index + 1], index: index + 1)
                loadOrder.append(-1)
                index += 2
            case "-g", "--goto":
                if rule.target != nil || rule.gotoChain != nil { throw fail(index, "more than one target") }
                (rule.gotoChain, index) = try builtin(index, rule.gotoChain)
                if rule.gotoChain!.inverted { throw fail(index, "'!' cannot negate -g") }
            default:
                guard argument.hasPrefix("-"), argument.count > 1 else {
                    throw fail(index, "unexpected argument '\(argument)'")
                }
                let name = String(argument.drop { $0 == "-" })
                // The most recently loaded extension that knows the option takes it, as iptables-save writes
                // each extension's options right after it.
                var owner: Int?
                var spec: ModuleSpec.Option?
                for candidate in loadOrder.reversed() {
                    let module = candidate < 0 ? rule.target! : rule.matches[candidate]
                    let table = candidate < 0 ? ModuleCatalog.targets[module.name] : ModuleCatalog.matches[module.name]
                    if let found = table?.options[name] {
                        owner = candidate
                        spec = found
                        break
                    }
                }
                if owner == nil, let proto = rule.proto, !proto.inverted,
                    let implicit = RuleArgumentParser.protocolMatch(proto.value, family: family),
                    !rule.matches.contains(where: { $0.name == implicit }),
                    let found = ModuleCatalog.matches[implicit]?.options[name]
                {
                    rule.matches.append(ParsedModule(name: implicit, index: index))
                    loadOrder.append(rule.matches.count - 1)
                    owner = rule.matches.count - 1
                    spec = found
                }
                guard let owner, let spec else { throw fail(index, "option \(argument) is not translated") }
                var inverted = pendingNot != nil
                var values: [String] = []
                var position = index
                if spec.arity > 0 {
                    let (first, at) = try value(after: index, inverted: &inverted)
                    values.append(first)
                    position = at
                    for _ in 1..<spec.arity {
                        position += 1
                        guard position < arguments.count else {
                            throw fail(index, "option \(argument) needs \(spec.arity) values")
                        }
                        values.append(arguments[position])
                    }
                }
                if inverted && !spec.invertible { throw fail(index, "option \(argument) cannot be negated") }
                let option = ParsedOption(name: spec.canonical, values: values, inverted: inverted, index: index)
                if owner < 0 {
                    if rule.target!.options.contains(where: { $0.name == spec.canonical }) {
                        throw fail(index, "option \(argument) given twice")
                    }
                    rule.target!.options.append(option)
                } else {
                    if rule.matches[owner].options.contains(where: { $0.name == spec.canonical }) {
                        throw fail(index, "option \(argument) given twice")
                    }
                    rule.matches[owner].options.append(option)
                }
                index = position + 1
            }
            pendingNot = nil
        }
        if let not = pendingNot { throw fail(not, "'!' at the end of the rule") }
        return rule
    }
}
