import NFTables
import Testing

/// `Ruleset.validate()`: each kind of problem is refused with the location of the object at fault.
@Suite("Ruleset validation")
struct ValidationTests {
    // MARK: - Helpers

    /// An inet table `t` with the given sets and chains.
    private func ruleset(
        family: TableFamily = .inet, table: String = "t", sets: [NFTSet] = [], chains: [Chain]
    ) -> Ruleset {
        Ruleset(tables: [Table(family: family, name: table, sets: sets, chains: chains)])
    }

    /// A ruleset whose base chain `c` (filter/input unless told) holds one rule.
    private func ruleset(
        family: TableFamily = .inet, sets: [NFTSet] = [], hook: BaseChain? = nil, _ statements: [Statement]
    ) -> Ruleset {
        let base = hook ?? BaseChain(type: .filter, hook: .input, priority: 0)
        return ruleset(family: family, sets: sets, chains: [Chain(name: "c", hook: base, rules: [Rule(statements)])])
    }

    private func match(_ left: String, _ right: Value, op: MatchOperator = .eq, mask: UInt64? = nil) -> Statement {
        .match(Match(NFTables.Expression(selector: left)!, op, right, mask: mask))
    }

    private func match(_ left: String, operand: Operand, op: MatchOperator = .eq) -> Statement {
        .match(Match(NFTables.Expression(selector: left)!, op, operand: operand))
    }

    /// Expects `validate()` to refuse `ruleset` at exactly `location`, for a reason that mentions `phrase`.
    private func expectInvalid(
        _ ruleset: Ruleset, at location: String, mentioning phrase: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            try ruleset.validate()
            Issue.record(
                "validate() accepted the ruleset; expected a refusal at \(location)", sourceLocation: sourceLocation)
        } catch {
            guard case .invalidRuleset(let actualLocation, let reason) = error else {
                Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
                return
            }
            #expect(actualLocation == location, "reason: \(reason)", sourceLocation: sourceLocation)
            #expect(reason.contains(phrase), "reason: \(reason)", sourceLocation: sourceLocation)
        }
    }

    private func expectValid(_ ruleset: Ruleset, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: Never.self, sourceLocation: sourceLocation) { try ruleset.validate() }
    }

    // MARK: - Names and strings

    @Test(
        "a long chain, checked in slices on every core, reports its first bad rule by rule order",
        arguments: [[5, 2500], [2000, 2700], [2999], [1023, 1024]])
    func longChainFirstProblem(_ bad: [Int]) {
        var rules = (0..<3000).map { Rule([.counter()], comment: "rule \($0)") }
        for index in bad { rules[index] = Rule([]) }
        let chain = Chain(name: "c", rules: rules)
        expectInvalid(
            ruleset(chains: [chain]), at: "table inet t, chain c, rule \(bad[0] + 1)", mentioning: "no statement")
        expectValid(ruleset(chains: [Chain(name: "c", rules: (0..<3000).map { _ in Rule([.counter()]) })]))
    }

    @Test("a keyword as a table name is refused, a scoped keyword is not")
    func keywordTableName() {
        expectInvalid(
            Ruleset(tables: [Table(family: .ip, name: "meta")]), at: "table ip meta", mentioning: "nft keyword")
        expectValid(Ruleset(tables: [Table(family: .ip, name: "filter")]))
    }

    @Test("names that are not nft identifiers are refused")
    func nonIdentifierNames() {
        expectInvalid(
            Ruleset(tables: [Table(family: .inet, name: "my table")]), at: "table inet my table",
            mentioning: "not an nft identifier")
        expectInvalid(
            ruleset(chains: [Chain(name: "1st")]), at: "table inet t, chain 1st", mentioning: "not an nft identifier")
        expectInvalid(
            ruleset(sets: [NFTSet(name: "a\"b", keyType: [.ipv4Addr])], chains: []), at: "table inet t, set a\"b",
            mentioning: "not an nft identifier")
        expectInvalid(
            ruleset(chains: [Chain(name: "counter")]), at: "table inet t, chain counter", mentioning: "keyword")
    }

    @Test("names longer than 255 bytes are refused, 255 bytes are not")
    func longNames() {
        let longest = String(repeating: "n", count: 255)
        expectValid(ruleset(chains: [Chain(name: longest)]))
        let tooLong = longest + "n"
        expectInvalid(
            ruleset(chains: [Chain(name: tooLong)]), at: "table inet t, chain \(tooLong)", mentioning: "256 bytes")
    }

    @Test("comments: 128 bytes pass, 129 do not, a double quote never does")
    func comments() {
        let longest = String(repeating: "c", count: 128)
        expectValid(Ruleset(tables: [Table(family: .ip, name: "t", comment: longest)]))
        expectInvalid(
            Ruleset(tables: [Table(family: .ip, name: "t", comment: longest + "c")]), at: "table ip t",
            mentioning: "129 bytes")
        let quoted = Ruleset(tables: [
            Table(
                family: .ip, name: "t", chains: [Chain(name: "c", rules: [Rule([.counter()], comment: "say \"hi\"")])])
        ])
        expectInvalid(quoted, at: "table ip t, chain c, rule 1", mentioning: "double quote")
        let element = ruleset(
            sets: [
                NFTSet(
                    name: "s", keyType: [.ipv4Addr],
                    elements: [SetElement(key: .address(IPAddress("192.0.2.1")!), comment: "a\nb")])
            ],
            chains: [])
        expectInvalid(element, at: "table inet t, set s, element 1", mentioning: "control character")
    }

    @Test("duplicate tables, chains and sets are refused")
    func duplicates() {
        let table = Table(family: .inet, name: "t")
        expectInvalid(Ruleset(tables: [table, table]), at: "table inet t", mentioning: "two tables")
        expectValid(Ruleset(tables: [table, Table(family: .ip, name: "t")]))
        expectInvalid(
            ruleset(chains: [Chain(name: "a"), Chain(name: "a")]), at: "table inet t, chain a", mentioning: "two chains"
        )
        let set = NFTSet(name: "s", keyType: [.inetService])
        expectInvalid(ruleset(sets: [set, set], chains: []), at: "table inet t, set s", mentioning: "two sets")
    }

    // MARK: - References

    @Test("a jump or goto to a missing chain names the statement")
    func missingJumpTarget() {
        let rules = [Rule([.counter()]), Rule([match("tcp dport", .integer(22)), .verdict(.goto("nowhere"))])]
        expectInvalid(
            ruleset(chains: [Chain(name: "c", rules: rules)]), at: "table inet t, chain c, rule 2, statement 2",
            mentioning: "'nowhere'")
    }

    @Test("a jump to a base chain is refused")
    func jumpToBaseChain() {
        let base = Chain(name: "input", hook: BaseChain(type: .filter, hook: .input, priority: 0))
        let regular = Chain(name: "r", rules: [Rule([.verdict(.jump("input"))])])
        expectInvalid(
            ruleset(chains: [base, regular]), at: "table inet t, chain r, rule 1, statement 1", mentioning: "base chain"
        )
    }

    @Test("jump loops, also through verdict map elements, are refused")
    func jumpLoops() {
        let a = Chain(name: "a", rules: [Rule([.verdict(.jump("b"))])])
        let b = Chain(name: "b", rules: [Rule([.verdict(.goto("a"))])])
        expectInvalid(ruleset(chains: [a, b]), at: "table inet t, chain b, rule 1, statement 1", mentioning: "loop")

        let map = NFTSet(
            name: "m", keyType: [.inetService], dataType: [.verdict],
            elements: [SetElement(key: .integer(1), verdict: .jump("x"))])
        let x = Chain(name: "x", rules: [Rule([.verdictMap(VerdictMap(key: .payload(.tcpDport), map: .named("m")))])])
        expectInvalid(ruleset(sets: [map], chains: [x]), at: "table inet t, map m, element 1", mentioning: "loop")
    }

    @Test("more than 15 nested jumps from a base chain are refused")
    func jumpDepth() {
        func chains(depth: Int) -> [Chain] {
            var chains = [
                Chain(
                    name: "c0", hook: BaseChain(type: .filter, hook: .input, priority: 0),
                    rules: [Rule([.verdict(.jump("c1"))])])
            ]
            for index in 1...depth {
                chains.append(
                    Chain(name: "c\(index)", rules: index < depth ? [Rule([.verdict(.jump("c\(index + 1)"))])] : []))
            }
            return chains
        }
        expectValid(ruleset(chains: chains(depth: 15)))
        expectInvalid(ruleset(chains: chains(depth: 16)), at: "table inet t, chain c0", mentioning: "16 jumps deep")
    }

    @Test("@set must exist, be a set (not a map) and have the key type of the expression")
    func namedSetReferences() {
        expectInvalid(
            ruleset([match("ip saddr", operand: .named("missing"))]), at: "table inet t, chain c, rule 1, statement 1",
            mentioning: "no set named missing")
        let map = NFTSet(name: "m", keyType: [.ipv4Addr], dataType: [.verdict])
        expectInvalid(
            ruleset(sets: [map], [match("ip saddr", operand: .named("m"))]),
            at: "table inet t, chain c, rule 1, statement 1", mentioning: "is a map")
        let ports = NFTSet(name: "ports", keyType: [.inetService])
        expectInvalid(
            ruleset(sets: [ports], [match("ip saddr", operand: .named("ports"))]),
            at: "table inet t, chain c, rule 1, statement 1", mentioning: "inet_service")
        expectInvalid(
            ruleset(sets: [ports], [.verdictMap(VerdictMap(key: .payload(.tcpDport), map: .named("ports")))]),
            at: "table inet t, chain c, rule 1, statement 1", mentioning: "not a verdict map")
    }

    // MARK: - Values

    @Test("values must be of the expression's type and in its range")
    func valueTypes() {
        let location = "table inet t, chain c, rule 1, statement 2"
        expectInvalid(
            ruleset([.counter(), match("ip saddr", .address(IPAddress("fd00::1")!))]), at: location,
            mentioning: "not an IPv4 address")
        expectInvalid(
            ruleset([.counter(), match("tcp dport", .integer(65536))]), at: location, mentioning: "too large")
        expectInvalid(
            ruleset([.counter(), match("ip ttl", .integer(256))]), at: location, mentioning: "at most 255")
        expectInvalid(
            ruleset([.counter(), match("meta l4proto", .string("tcpp"))]), at: location,
            mentioning: "not a name nft knows")
        expectValid(ruleset([.counter(), match("meta l4proto", .string("tcp"))]))
        expectValid(ruleset([.counter(), match("ct state", .string("established,related"))]))
        expectInvalid(
            ruleset([.counter(), match("meta iifname", .integer(1))]), at: location, mentioning: "not an interface name"
        )
        expectInvalid(
            ruleset([.counter(), match("meta iifname", .string("a-very-long-ifname"))]), at: location,
            mentioning: "18 bytes")
    }

    @Test("prefixes: too long, or with host bits set, are refused")
    func prefixes() {
        let location = "table inet t, chain c, rule 1, statement 1"
        expectInvalid(
            ruleset([match("ip saddr", .prefix(IPAddress("192.0.2.0")!, 33))]), at: location,
            mentioning: "longer than 32 bits")
        expectInvalid(
            ruleset([match("ip saddr", .prefix(IPAddress("192.0.2.1")!, 24))]), at: location,
            mentioning: "write 192.0.2.0/24")
        expectInvalid(
            ruleset([match("ip6 saddr", .prefix(IPAddress("fd00::")!, 129))]), at: location, mentioning: "128 bits")
    }

    @Test("ranges must not end before they start")
    func reversedRange() {
        expectInvalid(
            ruleset([match("tcp dport", .range(.integer(90), .integer(80)))]),
            at: "table inet t, chain c, rule 1, statement 1", mentioning: "ends before it starts")
    }

    @Test("concatenations: the value needs one part per key part, and a set to compare with")
    func concatenationArity() {
        let set = NFTSet(
            name: "s", keyType: [.ipv4Addr, .inetProto, .inetService],
            elements: [SetElement(key: .concat([.address(IPAddress("192.0.2.1")!), .integer(22)]))])
        expectInvalid(ruleset(sets: [set], chains: []), at: "table inet t, set s, element 1", mentioning: "has 2 parts")
        let single = Statement.match(
            Match(
                .concat([.payload(.ipSaddr), .payload(.tcpDport)]), .eq,
                .concat([.address(IPAddress("192.0.2.1")!), .integer(22)])))
        expectInvalid(
            ruleset([single]), at: "table inet t, chain c, rule 1, statement 1", mentioning: "only with a set")
        let anonymous = Statement.match(
            Match(
                .concat([.payload(.ipSaddr), .payload(.tcpDport)]), operand: .set([.address(IPAddress("192.0.2.1")!)])))
        expectInvalid(ruleset([anonymous]), at: "table inet t, chain c, rule 1, statement 1", mentioning: "element 1")
    }

    @Test("sets: intervals need the interval flag, elements must not overlap, touching ones merge under auto-merge")
    func setElements() {
        let prefix = Value.prefix(IPAddress("192.0.2.0")!, 24)
        let plain = NFTSet(name: "s", keyType: [.ipv4Addr], elements: [SetElement(key: prefix)])
        expectInvalid(
            ruleset(sets: [plain], chains: []), at: "table inet t, set s, element 1", mentioning: "interval flag")

        let overlapping = NFTSet(
            name: "s", keyType: [.inetService], flags: [.interval],
            elements: [SetElement(key: .range(.integer(20), .integer(30))), SetElement(key: .integer(22))])
        expectInvalid(ruleset(sets: [overlapping], chains: []), at: "table inet t, set s", mentioning: "overlaps")

        let touching = [
            SetElement(key: .range(.integer(1), .integer(2))), SetElement(key: .range(.integer(3), .integer(4))),
        ]
        expectValid(
            ruleset(
                sets: [NFTSet(name: "s", keyType: [.inetService], flags: [.interval], elements: touching)], chains: []))
        expectInvalid(
            ruleset(
                sets: [
                    NFTSet(name: "s", keyType: [.inetService], flags: [.interval], autoMerge: true, elements: touching)
                ], chains: []),
            at: "table inet t, set s", mentioning: "merge")

        let duplicate = NFTSet(
            name: "s", keyType: [.inetService], elements: [SetElement(key: .integer(1)), SetElement(key: .integer(1))])
        expectInvalid(
            ruleset(sets: [duplicate], chains: []), at: "table inet t, set s", mentioning: "repeats element 1")
    }

    @Test("anonymous interval sets: nft merges touching elements, so they are refused")
    func anonymousSetMerging() {
        expectInvalid(
            ruleset([
                match("tcp dport", operand: .set([.integer(10), .integer(11), .range(.integer(20), .integer(30))]))
            ]),
            at: "table inet t, chain c, rule 1, statement 1", mentioning: "touches")
        expectValid(ruleset([match("tcp dport", operand: .set([.integer(10), .integer(11)]))]))
    }

    @Test("set declarations: timeout needs its flag, integer keys and constant timeouts are refused")
    func setDeclarations() {
        expectInvalid(
            ruleset(sets: [NFTSet(name: "s", keyType: [.ipv4Addr], timeout: 1000)], chains: []),
            at: "table inet t, set s",
            mentioning: "timeout flag")
        expectInvalid(
            ruleset(sets: [NFTSet(name: "s", keyType: [.integer])], chains: []), at: "table inet t, set s",
            mentioning: "type integer")
        expectInvalid(
            ruleset(sets: [NFTSet(name: "s", keyType: [.ipv4Addr], flags: [.constant, .timeout])], chains: []),
            at: "table inet t, set s", mentioning: "constant")
        expectInvalid(
            ruleset(sets: [NFTSet(name: "s", keyType: [.ipv4Addr], autoMerge: true)], chains: []),
            at: "table inet t, set s", mentioning: "auto-merge")
        let two = [SetElement(key: .integer(1)), SetElement(key: .integer(2))]
        expectInvalid(
            ruleset(sets: [NFTSet(name: "s", keyType: [.inetService], size: 1, elements: two)], chains: []),
            at: "table inet t, set s", mentioning: "do not fit the size 1")
        let map = NFTSet(
            name: "m", keyType: [.ipv4Addr], dataType: [.mark],
            elements: [SetElement(key: .address(IPAddress("192.0.2.1")!))])
        expectInvalid(
            ruleset(sets: [map], chains: []), at: "table inet t, map m, element 1", mentioning: "needs a value")
    }

    // MARK: - Chains and hooks

    @Test("base chains: the hook must suit the type and family, netdev needs a device")
    func baseChains() {
        let route = Chain(name: "c", hook: BaseChain(type: .route, hook: .input, priority: 0))
        expectInvalid(ruleset(chains: [route]), at: "table inet t, chain c", mentioning: "cannot use the input hook")
        let natForward = Chain(name: "c", hook: BaseChain(type: .nat, hook: .forward, priority: 0))
        expectInvalid(ruleset(family: .ip, chains: [natForward]), at: "table ip t, chain c", mentioning: "forward hook")
        let noDevice = Chain(name: "c", hook: BaseChain(type: .filter, hook: .ingress, priority: 0))
        expectInvalid(
            ruleset(family: .netdev, chains: [noDevice]), at: "table netdev t, chain c", mentioning: "needs a device")
        let device = Chain(name: "c", hook: BaseChain(type: .filter, hook: .input, priority: 0, device: "lo"))
        expectInvalid(ruleset(chains: [device]), at: "table inet t, chain c", mentioning: "device")
        let arpForward = Chain(name: "c", hook: BaseChain(type: .filter, hook: .forward, priority: 0))
        expectInvalid(
            ruleset(family: .arp, chains: [arpForward]), at: "table arp t, chain c", mentioning: "forward hook")
    }

    @Test("NAT runs only in nat chains at its hooks, also when reached through a jump")
    func natHooks() {
        let filter = Chain(
            name: "c", hook: BaseChain(type: .filter, hook: .input, priority: 0), rules: [Rule([.verdict(.jump("r"))])])
        let regular = Chain(
            name: "r",
            rules: [
                Rule([
                    .counter(),
                    .nat(NAT(.dnat, family: .ip, to: .address(.address(IPAddress("192.0.2.1")!), port: nil))),
                ])
            ])
        expectInvalid(
            ruleset(chains: [filter, regular]), at: "table inet t, chain r, rule 1, statement 2",
            mentioning: "base chain 'c'")
        let post = BaseChain(type: .nat, hook: .postrouting, priority: 100)
        expectInvalid(
            ruleset(
                family: .ip, hook: post,
                [.nat(NAT(.dnat, to: .address(.address(IPAddress("192.0.2.1")!), port: nil)))]),
            at: "table ip t, chain c, rule 1, statement 1", mentioning: "prerouting or output")
        expectValid(
            ruleset(
                family: .ip, hook: post, [.nat(NAT(.snat, to: .address(.address(IPAddress("192.0.2.1")!), port: nil)))])
        )
    }

    @Test("NAT: a port needs a transport protocol match first; inet addresses need a family")
    func natForms() {
        let pre = BaseChain(type: .nat, hook: .prerouting, priority: -100)
        let toPort = NAT(.dnat, to: .address(.address(IPAddress("192.0.2.1")!), port: .integer(80)))
        expectInvalid(
            ruleset(family: .ip, hook: pre, [.nat(toPort)]), at: "table ip t, chain c, rule 1, statement 1",
            mentioning: "transport protocol")
        expectValid(ruleset(family: .ip, hook: pre, [match("tcp dport", .integer(8080)), .nat(toPort)]))
        expectInvalid(
            ruleset(hook: pre, [.nat(NAT(.dnat, to: .address(.address(IPAddress("192.0.2.1")!), port: nil)))]),
            at: "table inet t, chain c, rule 1, statement 1", mentioning: "needs its family")
        expectInvalid(
            ruleset(
                family: .ip, hook: pre,
                [.nat(NAT(.dnat, family: .ip6, to: .address(.address(IPAddress("fd00::1")!), port: nil)))]),
            at: "table ip t, chain c, rule 1, statement 1", mentioning: "ip6")
        expectInvalid(
            ruleset(
                family: .ip, hook: pre,
                [.nat(NAT(.dnat, to: .address(.prefix(IPAddress("192.0.2.0")!, 24), port: nil)))]),
            at: "table ip t, chain c, rule 1, statement 1", mentioning: "not a prefix")
        expectInvalid(
            ruleset(
                family: .ip, hook: BaseChain(type: .nat, hook: .postrouting, priority: 100),
                [.nat(NAT(.masquerade, to: .address(.address(IPAddress("192.0.2.1")!), port: nil)))]),
            at: "table ip t, chain c, rule 1, statement 1", mentioning: "no address")
    }

    @Test("reject: not at postrouting, and only with the ICMP of the family")
    func rejects() {
        expectInvalid(
            ruleset(family: .ip, hook: BaseChain(type: .filter, hook: .postrouting, priority: 0), [.reject(Reject())]),
            at: "table ip t, chain c, rule 1, statement 1", mentioning: "postrouting")
        expectInvalid(
            ruleset(family: .ip, [.reject(Reject(type: .icmpx))]), at: "table ip t, chain c, rule 1, statement 1",
            mentioning: "icmpx cannot be used")
        expectInvalid(
            ruleset(family: .ip6, [.reject(Reject(type: .icmp, code: 1))]),
            at: "table ip6 t, chain c, rule 1, statement 1",
            mentioning: "icmp cannot be used")
        expectInvalid(
            ruleset([.reject(Reject(type: .icmpx, code: 4))]), at: "table inet t, chain c, rule 1, statement 1",
            mentioning: "0 to 3")
        expectInvalid(
            ruleset(family: .arp, [.reject(Reject())]), at: "table arp t, chain c, rule 1, statement 1",
            mentioning: "arp family")
    }

    // MARK: - Statements

    @Test("nothing may follow a verdict, reject or NAT in a rule")
    func afterTerminal() {
        expectInvalid(
            ruleset([.verdict(.accept), .counter()]), at: "table inet t, chain c, rule 1, statement 2",
            mentioning: "statement 1 ends the rule")
        expectValid(
            ruleset([
                .verdictMap(
                    VerdictMap(
                        key: .payload(.tcpDport), map: .anonymous([SetElement(key: .integer(1), verdict: .accept)]))),
                .counter(),
            ]))
    }

    @Test("a rule cannot need two network or two transport protocols")
    func conflictingProtocols() {
        expectInvalid(
            ruleset([
                match("ip saddr", .address(IPAddress("192.0.2.1")!)),
                match("ip6 daddr", .address(IPAddress("fd00::1")!)),
            ]),
            at: "table inet t, chain c, rule 1, statement 2", mentioning: "needs IPv6")
        expectInvalid(
            ruleset([match("tcp dport", .integer(1)), match("udp sport", .integer(2))]),
            at: "table inet t, chain c, rule 1, statement 2", mentioning: "TCP")
        expectInvalid(
            ruleset([match("meta l4proto", .integer(17)), .reject(Reject(type: .tcpReset))]),
            at: "table inet t, chain c, rule 1, statement 2", mentioning: "UDP")
    }

    @Test("log: prefix at most 127 bytes, level and group exclusive, snaplen needs a group")
    func logs() {
        let location = "table inet t, chain c, rule 1, statement 1"
        expectValid(ruleset([.log(Log(prefix: String(repeating: "p", count: 127)))]))
        expectInvalid(
            ruleset([.log(Log(prefix: String(repeating: "p", count: 128)))]), at: location, mentioning: "128 bytes")
        expectInvalid(ruleset([.log(Log(level: .warn, group: 1))]), at: location, mentioning: "not both")
        expectInvalid(ruleset([.log(Log(snaplen: 64))]), at: location, mentioning: "nflog groups only")
    }

    @Test("limit: a zero rate and rates that overflow the kernel's bucket are refused")
    func limits() {
        let location = "table inet t, chain c, rule 1, statement 1"
        expectInvalid(ruleset([.limit(Limit(rate: 0, unit: .second))]), at: location, mentioning: "rate of 0")
        expectInvalid(
            ruleset([.limit(Limit(rate: 1_048_576, unit: .week, bytes: true, over: true))]), at: location,
            mentioning: "overflows")
        expectValid(ruleset([.limit(Limit(rate: 1_048_576, unit: .second, bytes: true))]))
    }

    @Test("matches: ordering on flags, masks on addresses of IPv6, generators with mod 0 are refused")
    func matchForms() {
        let location = "table inet t, chain c, rule 1, statement 1"
        expectInvalid(ruleset([match("ct state", .integer(2), op: .lt)]), at: location, mentioning: "holds flags")
        expectInvalid(
            ruleset([match("ip6 saddr", .address(IPAddress("fd00::")!), mask: 0xffff)]), at: location,
            mentioning: "mask applies only")
        expectInvalid(
            ruleset([.match(Match(.numgen(.inc, modulus: 0, offset: 0), .eq, .integer(0)))]), at: location,
            mentioning: "mod 0")
        expectInvalid(
            ruleset([match("tcp dport", operand: .set([.integer(1)]), op: .lt)]), at: location, mentioning: "with a set"
        )
        expectInvalid(ruleset([match("meta iifname", .string("*"))]), at: location, mentioning: "every interface")
        expectInvalid(ruleset([match("meta iifname", .string("e\\h1"))]), at: location, mentioning: "backslash")
        // Only a trailing '*' is a wildcard: nft and the kernel take "e*h1" as a name and match it exactly.
        expectValid(ruleset([match("meta iifname", .string("e*h1"))]))
        expectValid(ruleset([match("meta iifname", operand: .set([.string("e*h1"), .string("eth1")]))]))
    }

    @Test("NAT: a set of protocols names the transport protocol, as in nft; a range or a named set does not")
    func natTransportProtocolSets() {
        let post = BaseChain(type: .nat, hook: .postrouting, priority: 100)
        let ports = Value.range(.integer(1024), .integer(65535))
        let masquerade = Statement.nat(NAT(.masquerade, to: .address(nil, port: ports)))
        let location = "table ip t, chain c, rule 1, statement 2"
        let tcpUDP = Operand.set([.string("tcp"), .string("udp")])
        expectValid(ruleset(family: .ip, hook: post, [match("meta l4proto", operand: tcpUDP), masquerade]))
        expectValid(ruleset(family: .ip, hook: post, [match("ip protocol", operand: tcpUDP), masquerade]))
        expectInvalid(
            ruleset(family: .ip, hook: post, [match("meta l4proto", .range(.integer(6), .integer(17))), masquerade]),
            at: location, mentioning: "transport protocol")
        expectInvalid(
            ruleset(
                family: .ip, hook: post,
                [match("meta l4proto", operand: .set([.integer(6), .integer(17)]), op: .neq), masquerade]),
            at: location, mentioning: "transport protocol")
        let protocols = NFTSet(name: "protocols", keyType: [.inetProto], elements: [SetElement(key: .integer(6))])
        expectInvalid(
            ruleset(
                family: .ip, sets: [protocols], hook: post,
                [match("meta l4proto", operand: .named("protocols")), masquerade]),
            at: location, mentioning: "transport protocol")
    }

    @Test("map data may be address ranges and prefixes (NAT pools), not ranges of numbers")
    func intervalMapData() {
        let pools = NFTSet(
            name: "pools", keyType: [.ipv4Addr], dataType: [.ipv4Addr], flags: [.interval],
            elements: [
                SetElement(
                    key: .prefix(IPAddress("10.0.0.0")!, 8),
                    value: .range(.address(IPAddress("192.0.2.1")!), .address(IPAddress("192.0.2.9")!))),
                SetElement(key: .prefix(IPAddress("11.0.0.0")!, 8), value: .prefix(IPAddress("192.0.2.16")!, 28)),
                SetElement(key: .prefix(IPAddress("12.0.0.0")!, 8), value: .address(IPAddress("192.0.2.1")!)),
            ])
        expectValid(ruleset(sets: [pools], chains: []))
        let marks = NFTSet(
            name: "marks", keyType: [.inetService], dataType: [.mark],
            elements: [SetElement(key: .integer(22), value: .range(.integer(1), .integer(2)))])
        expectInvalid(ruleset(sets: [marks], chains: []), at: "table inet t, map marks, element 1", mentioning: "range")
        let v6 = NFTSet(
            name: "v6", keyType: [.ipv4Addr], dataType: [.ipv6Addr],
            elements: [
                SetElement(
                    key: .address(IPAddress("10.0.0.1")!),
                    value: .range(.address(IPAddress("192.0.2.1")!), .address(IPAddress("192.0.2.9")!)))
            ])
        expectInvalid(ruleset(sets: [v6], chains: []), at: "table inet t, map v6, element 1", mentioning: "IPv6")
    }

    @Test("selectors must exist in the family and have their dependencies")
    func selectorContext() {
        expectInvalid(
            ruleset(family: .ip, [match("meta nfproto", .integer(2))]), at: "table ip t, chain c, rule 1, statement 1",
            mentioning: "only in inet")
        expectInvalid(
            ruleset(family: .ip6, [match("ip saddr", .address(IPAddress("192.0.2.1")!))]),
            at: "table ip6 t, chain c, rule 1, statement 1", mentioning: "ip6 family")
        expectInvalid(
            ruleset([match("ct original proto-dst", .integer(22))]), at: "table inet t, chain c, rule 1, statement 1",
            mentioning: "transport protocol match")
        expectValid(ruleset([match("meta l4proto", .integer(6)), match("ct original proto-dst", .integer(22))]))
        let ingress = BaseChain(type: .filter, hook: .ingress, priority: 0, device: "lo")
        expectInvalid(
            ruleset(family: .netdev, hook: ingress, [match("ct state", .integer(2))]),
            at: "table netdev t, chain c, rule 1, statement 1", mentioning: "connection tracking")
        expectInvalid(
            ruleset(family: .arp, [.ctSet(CtSet(.mark, value: .integer(1)))]),
            at: "table arp t, chain c, rule 1, statement 1",
            mentioning: "connection tracking")
    }

    @Test("meta and ct set: only settable keys, with a value of their type")
    func setStatements() {
        let location = "table inet t, chain c, rule 1, statement 1"
        expectInvalid(
            ruleset([.metaSet(MetaSet(.skuid, value: .integer(0)))]), at: location, mentioning: "cannot be set")
        expectInvalid(ruleset([.ctSet(CtSet(.zone, value: .integer(65536)))]), at: location, mentioning: "too large")
        expectInvalid(
            ruleset([.metaSet(MetaSet(.mark, from: .payload(.ipSaddr)))]), at: location, mentioning: "ipv4_addr")
        expectInvalid(ruleset([.metaSet(MetaSet(.mark))]), at: location, mentioning: "either a value")
        expectInvalid(
            ruleset([.metaSet(MetaSet(.pkttype, value: .integer(0)))]), at: location, mentioning: "prerouting")
        expectValid(ruleset([.ctSet(CtSet(.mark, from: .meta(.mark)))]))
    }

    @Test("an empty rule is refused")
    func emptyRule() {
        expectInvalid(
            ruleset(chains: [Chain(name: "c", rules: [Rule([.counter()]), Rule([])])]),
            at: "table inet t, chain c, rule 2",
            mentioning: "no statement")
    }

    @Test("the error reads as location: reason")
    func errorDescription() {
        do {
            try Ruleset(tables: [Table(family: .ip, name: "tcp")]).validate()
            Issue.record("validate() accepted a keyword table name")
        } catch {
            #expect(error.description.hasPrefix("table ip tcp: bad table name: 'tcp' is an nft keyword"))
        }
    }
}
