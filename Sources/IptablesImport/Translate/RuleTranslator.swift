import NFTables

/// Translates the arguments of one iptables rule into nftables statements, as `iptables-translate` would.
///
/// INTERFACE CONTRACT (shared by the parse and translate work; the translate helper owns this file):
/// `translate(_:)` takes the rule's arguments after the chain (`-p tcp -m multiport --dports 80,81 -j ACCEPT`), already
/// split and unquoted, and returns the statements in the order `iptables-translate` writes them (a `counter`
/// before the verdict, as it does), or throws `UntranslatableRule` naming the argument (its index in `arguments`) and
/// why. It never returns a translation that decides a packet differently from iptables.
///
/// ```swift
/// let translator = RuleTranslator(family: .ipv4, table: "filter", userChains: ["services"])
/// let rule = try translator.translateRule(["-p", "tcp", "--dport", "22", "-m", "comment", "--comment", "ssh",
///                                          "-j", "services"])
/// // tcp dport 22 counter jump services comment "ssh"
/// ```
public struct RuleTranslator: Sendable {
    /// The tool the rule comes from.
    public var family: IptablesFamily
    /// The iptables table the rule is in (`filter`, `nat`, `mangle`, `raw`, `security`).
    public var table: String
    /// The names of the user chains of the table (jump and goto targets); others are refused.
    public var userChains: Set<String>

    /// Creates a translator for the rules of one table.
    public init(family: IptablesFamily, table: String, userChains: Set<String>) {
        self.family = family
        self.table = table
        self.userChains = userChains
    }

    /// The statements of the rule, or `UntranslatableRule`.
    ///
    /// A `-m comment` is not a statement: use ``translateRule(_:)`` to keep it as the rule's comment.
    public func translate(_ arguments: [String]) throws(UntranslatableRule) -> [Statement] {
        try translateRule(arguments).statements
    }

    /// The whole rule: its statements and, from `-m comment --comment TEXT`, its comment.
    public func translateRule(_ arguments: [String]) throws(UntranslatableRule) -> Rule {
        let parsed = try RuleArgumentParser(arguments: arguments, family: family).parse()
        var output = TranslationOutput()
        try translateBuiltins(parsed, into: &output)
        let protocolMatch = parsed.proto.flatMap { RuleArgumentParser.protocolMatch($0.value, family: family) }
        for module in parsed.matches {
            var options = ModuleOptions(module)
            let before = output.statements.count
            try translateMatch(module.name, &options, parsed: parsed, into: &output)
            try options.finish()
            if module.name == protocolMatch && output.statements.count > before {
                output.needsProtocol = false
            }
        }
        if output.needsProtocol, let proto = parsed.proto {
            try appendProtocol(proto, into: &output)
        }
        output.statements.append(.counter())
        if let target = parsed.target {
            var options = ModuleOptions(target)
            try translateTarget(target, &options, parsed: parsed, into: &output)
            try options.finish()
        } else if let chain = parsed.gotoChain {
            guard userChains.contains(chain.value) else {
                throw UntranslatableRule(argumentIndex: chain.index + 1, reason: "no user chain '\(chain.value)'")
            }
            output.statements.append(.verdict(.goto(chain.value)))
        }
        return Rule(output.statements, comment: output.comment)
    }

    // MARK: - Built-in matches

    /// `-i`, `-o`, `-f`, `-p`, `-s`, `-d`, in the order `iptables-translate` writes them.
    private func translateBuiltins(_ rule: ParsedRule, into output: inout TranslationOutput)
        throws(UntranslatableRule)
    {
        if let interface = rule.inInterface {
            try appendInterface(interface, key: .iifname, into: &output)
        }
        if let interface = rule.outInterface {
            try appendInterface(interface, key: .oifname, into: &output)
        }
        if let fragment = rule.fragment {
            guard family == .ipv4 else {
                throw UntranslatableRule(argumentIndex: fragment.index, reason: "-f exists only for IPv4")
            }
            // iptables' -f matches second and later fragments: those with a non-zero offset.
            output.statements.append(
                .match(Match(.payload(.ipFragOff), fragment.inverted ? .eq : .neq, .integer(0), mask: 0x1FFF)))
        }
        if let proto = rule.proto {
            guard let number = ArgumentValues.protocolNumber(proto.value) else {
                throw UntranslatableRule(argumentIndex: proto.index + 1, reason: "unknown protocol '\(proto.value)'")
            }
            if number == 0 {
                if proto.inverted {
                    throw UntranslatableRule(argumentIndex: proto.index, reason: "'! -p all' matches nothing")
                }
            } else {
                let implicit = RuleArgumentParser.protocolMatch(String(number), family: family)
                if let implicit, rule.matches.contains(where: { $0.name == implicit }) {
                    if proto.inverted {
                        throw UntranslatableRule(
                            argumentIndex: proto.index, reason: "match \(implicit) under a negated protocol")
                    }
                    // The protocol's own match implies it, unless that match ends up empty.
                    output.needsProtocol = true
                } else {
                    try appendProtocol(proto, into: &output)
                }
            }
        }
        if let source = rule.source {
            try appendAddress(source, field: family == .ipv4 ? .ipSaddr : .ip6Saddr, into: &output)
        }
        if let destination = rule.destination {
            try appendAddress(destination, field: family == .ipv4 ? .ipDaddr : .ip6Daddr, into: &output)
        }
    }

    func appendProtocol(_ proto: ParsedRule.Builtin, into output: inout TranslationOutput) throws(UntranslatableRule) {
        guard let number = ArgumentValues.protocolNumber(proto.value) else {
            throw UntranslatableRule(argumentIndex: proto.index + 1, reason: "unknown protocol '\(proto.value)'")
        }
        let left: Expression = family == .ipv4 ? .payload(.ipProtocol) : .meta(.l4proto)
        output.statements.append(.match(Match(left, proto.inverted ? .neq : .eq, .integer(UInt64(number)))))
        output.needsProtocol = false
    }

    /// `-i eth0`, `-i eth+` (a prefix), `! -i +` (never matches).
    private func appendInterface(_ option: ParsedRule.Builtin, key: MetaKey, into output: inout TranslationOutput)
        throws(UntranslatableRule)
    {
        var name = option.value
        let wildcard = name.hasSuffix("+")
        if wildcard { name.removeLast() }
        guard name.utf8.count < 16, !name.contains("\0") else {
            throw UntranslatableRule(
                argumentIndex: option.index + 1, reason: "interface name '\(option.value)' is too long")
        }
        if wildcard && name.isEmpty {
            guard option.inverted else { return }
            // `! -i +` matches no packet; no interface name contains a slash.
            output.statements.append(.match(Match(.meta(key), .eq, .string("INVAL/D"))))
            return
        }
        if !wildcard && name.hasSuffix("*") {
            // vrc's model reads a trailing `*` as a wildcard; an interface really named so cannot be written.
            throw UntranslatableRule(argumentIndex: option.index + 1, reason: "interface name ending in '*'")
        }
        output.statements.append(
            .match(Match(.meta(key), option.inverted ? .neq : .eq, .string(wildcard ? name + "*" : name))))
    }

    /// `-s ADDRESS[/MASK]`: nothing for `/0`, a prefix, or a masked comparison for a mask with holes.
    private func appendAddress(_ option: ParsedRule.Builtin, field: PayloadField, into output: inout TranslationOutput)
        throws(UntranslatableRule)
    {
        let statement = try addressMatch(
            option.value, inverted: option.inverted, left: .payload(field), index: option.index + 1,
            skipAny: !option.inverted)
        if let statement { output.statements.append(statement) }
    }

    /// A match of `left` against `ADDRESS[/MASK]`; `nil` when it matches every address and `skipAny`.
    func addressMatch(_ text: String, inverted: Bool, left: Expression, index: Int, skipAny: Bool)
        throws(UntranslatableRule) -> Statement?
    {
        guard !text.contains(",") else {
            throw UntranslatableRule(argumentIndex: index, reason: "several addresses in one rule ('\(text)')")
        }
        guard let (address, mask) = ArgumentValues.addressWithMask(text, family: family) else {
            throw UntranslatableRule(argumentIndex: index, reason: "'\(text)' is not an address of this family")
        }
        let op: MatchOperator = inverted ? .neq : .eq
        let masked = IPAddress(bytes: zip(address.bytes, mask).map { $0 & $1 })!
        guard let length = ArgumentValues.prefixLength(mask) else {
            guard family == .ipv4 else {
                throw UntranslatableRule(argumentIndex: index, reason: "an IPv6 mask with holes ('\(text)')")
            }
            let maskValue = mask.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            return .match(Match(left, op, .address(masked), mask: maskValue))
        }
        if length == 0 && skipAny { return nil }
        if length == address.bitWidth { return .match(Match(left, op, .address(address))) }
        return .match(Match(left, op, .prefix(masked, length)))
    }
}
