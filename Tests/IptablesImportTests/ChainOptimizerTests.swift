import IptablesImport
import NFTables
import Testing

/// `ChainOptimizer`: what it merges, what it must leave alone, and that a merged chain decides every packet as the
/// chain did rule by rule.
@Suite("Chain optimizer")
struct ChainOptimizerTests {
    static func saddr(_ text: String) -> Statement {
        .match(Match(.payload(.ipSaddr), .eq, Value(parsing: text)))
    }
    static func dport(_ port: UInt64) -> Statement {
        .match(Match(.payload(.tcpDport), .eq, .integer(port)))
    }
    static func daddr(_ text: String) -> Statement {
        .match(Match(.payload(.ipDaddr), .eq, Value(parsing: text)))
    }
    static let tcp = Statement.match(Match(.payload(.ipProtocol), .eq, .integer(6)))

    @Test("rules differing in one address become one lookup, counters added up")
    func oneField() {
        let rules = (1...3).map { index in
            Rule([
                Self.saddr("192.0.2.\(index)"), Self.tcp, Self.dport(22), .counter(Counter(packets: 1, bytes: 60)),
                .verdict(.accept),
            ])
        }
        let merged = ChainOptimizer.optimize(rules)
        #expect(merged.count == 1)
        #expect(
            merged.first?.statements == [
                .match(Match(.payload(.ipSaddr), .eq, operand: .set((1...3).map { Value(parsing: "192.0.2.\($0)") }))),
                Self.tcp, Self.dport(22), .counter(Counter(packets: 3, bytes: 180)), .verdict(.accept),
            ])
    }

    @Test("rules differing in address and port become a lookup of the concatenation")
    func twoFields() {
        let rules = [
            Rule([Self.saddr("192.0.2.1"), Self.tcp, Self.dport(22), .verdict(.accept)]),
            Rule([Self.saddr("198.51.100.0/24"), Self.tcp, Self.dport(443), .verdict(.accept)]),
        ]
        let merged = ChainOptimizer.optimize(rules)
        #expect(merged.count == 1)
        let key = Expression.concat([.payload(.ipSaddr), .payload(.tcpDport)])
        let elements: [Value] = [
            .concat([Value(parsing: "192.0.2.1"), .integer(22)]),
            .concat([Value(parsing: "198.51.100.0/24"), .integer(443)]),
        ]
        #expect(
            merged.first?.statements == [.match(Match(key, .eq, operand: .set(elements))), Self.tcp, .verdict(.accept)])
    }

    @Test("port forwards of tcp and udp become one lookup and one DNAT map keyed by address, protocol and port")
    func forwards() {
        let forwards: [(String, UInt64, PayloadField, String)] = [
            ("198.18.0.1", 1024, .tcpDport, "10.1.0.1"), ("198.18.0.2", 1024, .udpDport, "10.1.0.2"),
            ("198.18.0.3", 2048, .tcpDport, "10.1.0.3"),
        ]
        let rules = forwards.map { address, port, field, target in
            Rule([
                .match(Match(.meta(.iifname), .eq, .string("eth2"))), Self.daddr(address),
                .match(Match(.payload(field), .eq, .integer(port))), .counter(Counter()),
                .nat(NAT(.dnat, to: .address(Value(parsing: target), port: .integer(80)))),
            ])
        }
        let merged = ChainOptimizer.optimize(rules)
        #expect(merged.count == 1)
        let key = Expression.concat([.payload(.ipDaddr), .meta(.l4proto), .payload(.thDport)])
        let keys = forwards.map { address, port, field, _ in
            Value.concat([Value(parsing: address), .integer(field == .tcpDport ? 6 : 17), .integer(port)])
        }
        let elements = zip(keys, forwards).map { key, forward in
            SetElement(key: key, value: .concat([Value(parsing: forward.3), .integer(80)]))
        }
        #expect(
            merged.first?.statements == [
                .match(Match(.meta(.iifname), .eq, .string("eth2"))), .match(Match(key, .eq, operand: .set(keys))),
                .counter(Counter()), .nat(NAT(.dnat, to: .map(key: key, map: .anonymous(elements)))),
            ])
    }

    @Test("overlapping values are cut into pieces in order, never one set")
    func overlapping() {
        let rules = ["10.0.0.0/8", "10.1.0.0/16", "192.0.2.1", "192.0.2.2"].map {
            Rule([Self.saddr($0), .log(Log(prefix: "seen")), .verdict(.jump("audit"))])
        }
        let merged = ChainOptimizer.optimize(rules)
        // 10.0.0.0/8 and 10.1.0.0/16 overlap, so they stay apart; the other two merge.
        #expect(merged.count == 3)
        #expect(
            merged.last?.statements.first
                == .match(
                    Match(
                        .payload(.ipSaddr), .eq,
                        operand: .set([Value(parsing: "192.0.2.1"), Value(parsing: "192.0.2.2")]))))
    }

    @Test("rules with state of their own, different verdicts or comments are left alone")
    func leftAlone() {
        let limited = (1...2).map {
            Rule([Self.saddr("192.0.2.\($0)"), .limit(Limit(rate: 10, unit: .second)), .verdict(.accept)])
        }
        #expect(ChainOptimizer.optimize(limited) == limited)
        let verdicts = [
            Rule([Self.saddr("192.0.2.1"), .verdict(.accept)]), Rule([Self.saddr("192.0.2.2"), .verdict(.drop)]),
        ]
        #expect(ChainOptimizer.optimize(verdicts) == verdicts)
        let commented = [
            Rule([Self.saddr("192.0.2.1"), .verdict(.accept)], comment: "a"),
            Rule([Self.saddr("192.0.2.2"), .verdict(.accept)], comment: "b"),
        ]
        #expect(ChainOptimizer.optimize(commented) == commented)
        let wildcard = ["eth*", "veth*"].map {
            Rule([.match(Match(.meta(.iifname), .eq, .string($0))), .verdict(.accept)])
        }
        #expect(ChainOptimizer.optimize(wildcard) == wildcard)
    }

    @Test("merged chains decide every packet as the rules did one by one", arguments: 0..<200)
    func randomChains(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed))
        let rules = MiniChain.randomChain(&random, blocks: 2 + Int(random.next() % 8))
        let merged = ChainOptimizer.optimize(rules)
        #expect(merged.count <= rules.count)
        for _ in 0..<300 {
            let packet = MiniChain.Packet.random(&random)
            let expected = MiniChain.run(rules, packet)
            let actual = MiniChain.run(merged, packet)
            #expect(actual == expected, "\(packet)\nrules: \(rules)\nmerged: \(merged)")
            if actual != expected { return }
        }
    }

    @Test("merged rules, intervals and concatenations included, go into the kernel", .kernel)
    func kernelAccepts() throws {
        var random = SeededRandom(seed: 7)
        let rules = MiniChain.randomChain(&random, blocks: 100)
        let merged = ChainOptimizer.optimize(rules)
        #expect(merged.count < rules.count)
        let table = Table(
            family: .ip, name: "optimized",
            chains: [
                Chain(name: "audit", rules: [Rule([.verdict(.return)])]),
                Chain(
                    // A NAT chain, since some of the random rules translate destinations.
                    name: "prerouting", hook: BaseChain(type: .nat, hook: .prerouting, priority: -100, policy: .accept),
                    rules: merged),
            ])
        let namespace = try TestNamespace()
        defer { namespace.close() }
        try Ruleset(tables: [table]).apply(to: namespace.namespace)
        let listed = try namespace.listTable(family: "ip", name: "optimized")
        #expect(listed.contains(" . "), "a concatenated lookup:\n\(listed)")
        #expect(listed.components(separatedBy: "\n").filter { $0.contains("{") }.count > 2)
        #expect(listed.contains(" map { "), "a NAT map:\n\(listed)")
        print("kernel: \(rules.count) random rules merged into \(merged.count)")
    }
}

/// A small model of a chain over a few packet fields, to run rules the way the kernel would.
enum MiniChain {
    struct Packet: CustomStringConvertible {
        var source: UInt32
        var proto: UInt64
        var port: UInt64
        var interface: String
        var description: String {
            "src \(source >> 24).\(source >> 16 & 255).\(source >> 8 & 255).\(source & 255) proto \(proto) port \(port) iif \(interface)"
        }

        static func random(_ random: inout SeededRandom) -> Packet {
            Packet(
                source: 0x0A00_0000 | UInt32(random.next() % 4) << 16 | UInt32(random.next() % 4) << 8
                    | UInt32(random.next() % 4),
                proto: random.next() % 2 == 0 ? 6 : 17, port: 20 + random.next() % 8,
                interface: ["eth0", "eth1", "eth2"][Int(random.next() % 3)])
        }
    }

    /// A chain of blocks of alike rules (the same fields, protocol and verdict, other values), which is what the
    /// optimizer merges, with overlapping prefixes and port ranges among the values.
    static func randomChain(_ random: inout SeededRandom, blocks: Int) -> [Rule] {
        let prefixes = ["10.0.0.0/8", "10.1.0.0/16", "10.2.0.0/16", "10.1.1.0/24", "10.1.2.3", "10.3.3.3", "10.2.1.1"]
        let interfaces = ["eth0", "eth1", "eth2"]
        var rules: [Rule] = []
        for _ in 0..<blocks {
            let hasSource = random.next() % 4 != 0
            let udp = random.next() % 3 == 0
            let hasPort = random.next() % 3 != 0
            let hasInterface = random.next() % 3 == 0
            let explicitProtocol = !hasPort || random.next() % 2 == 0
            let natEnding = random.next() % 4 == 0
            let ending: Statement
            switch random.next() % 5 {
            case 0: ending = .verdict(.drop)
            case 1: ending = .log(Log(prefix: "log"))
            case 2: ending = .verdict(.jump("audit"))
            case 3: ending = .verdict(.return)
            default: ending = .verdict(.accept)
            }
            for _ in 0..<(1 + Int(random.next() % 6)) {
                var statements: [Statement] = []
                if hasSource {
                    statements.append(
                        .match(Match(.payload(.ipSaddr), .eq, Value(parsing: prefixes[Int(random.next() % 7)]))))
                }
                if explicitProtocol {
                    statements.append(.match(Match(.payload(.ipProtocol), .eq, .integer(udp ? 17 : 6))))
                }
                if hasPort {
                    let low = 20 + random.next() % 8
                    let value: Value =
                        random.next() % 3 == 0
                        ? .range(.integer(low), .integer(low + 1 + random.next() % 3)) : .integer(low)
                    statements.append(.match(Match(.payload(udp ? .udpDport : .tcpDport), .eq, value)))
                }
                if hasInterface {
                    statements.append(.match(Match(.meta(.iifname), .eq, .string(interfaces[Int(random.next() % 3)]))))
                }
                statements.append(.counter(Counter()))
                if natEnding {
                    let target = Value.address(IPAddress("10.9.9.\(random.next() % 4)")!)
                    let port: Value? = random.next() % 2 == 0 ? nil : .integer(8000 + random.next() % 3)
                    statements.append(.nat(NAT(.dnat, to: .address(target, port: port))))
                } else {
                    statements.append(ending)
                }
                rules.append(Rule(statements))
            }
        }
        return rules
    }

    /// What a packet meets: each log and jump on the way, then the verdict that ends the chain (`policy` if none).
    static func run(_ rules: [Rule], _ packet: Packet) -> [String] {
        var trace: [String] = []
        for rule in rules where rule.statements.allSatisfy({ matches($0, packet) }) {
            for statement in rule.statements {
                switch statement {
                case .log(let log): trace.append("log \(log.prefix ?? "")")
                case .verdict(.jump(let chain)): trace.append("jump \(chain)")
                case .verdict(let verdict):
                    trace.append("\(verdict)")
                    return trace
                case .nat(let nat):
                    switch nat.to {
                    case .address(let address, let port):
                        trace.append("dnat \(String(describing: address)) \(String(describing: port))")
                        return trace
                    case .map(let key, .anonymous(let elements)):
                        let fields = fieldValues(key, packet)
                        guard let element = elements.first(where: { contains($0.key, fields) }) else { break }
                        if case .concat(let parts) = element.value, parts.count == 2 {
                            trace.append(
                                "dnat \(String(describing: parts[0] as Value?)) \(String(describing: parts[1] as Value?))"
                            )
                        } else {
                            trace.append(
                                "dnat \(String(describing: element.value)) \(String(describing: nil as Value?))")
                        }
                        return trace
                    default:
                        trace.append("unknown nat")
                        return trace
                    }
                default: continue
                }
            }
        }
        trace.append("policy")
        return trace
    }

    private static func matches(_ statement: Statement, _ packet: Packet) -> Bool {
        guard case .match(let match) = statement else { return true }
        let fields = fieldValues(match.left, packet)
        switch match.right {
        case .value(let value): return contains(value, fields)
        case .set(let values): return values.contains { contains($0, fields) }
        case .named: return false
        }
    }

    private enum Field {
        case number(UInt64)
        case text(String)
        case absent
    }

    private static func fieldValues(_ expression: Expression, _ packet: Packet) -> [Field] {
        switch expression {
        case .payload(.ipSaddr): return [.number(UInt64(packet.source))]
        case .payload(.ipProtocol): return [.number(packet.proto)]
        case .payload(.tcpDport): return [packet.proto == 6 ? .number(packet.port) : .absent]
        case .payload(.udpDport): return [packet.proto == 17 ? .number(packet.port) : .absent]
        case .payload(.thDport): return [.number(packet.port)]
        case .meta(.l4proto): return [.number(packet.proto)]
        case .meta(.iifname): return [.text(packet.interface)]
        case .concat(let parts): return parts.flatMap { fieldValues($0, packet) }
        default: return [.absent]
        }
    }

    private static func contains(_ value: Value, _ fields: [Field]) -> Bool {
        if case .concat(let parts) = value {
            return parts.count == fields.count && zip(parts, fields).allSatisfy { contains($0, [$1]) }
        }
        guard fields.count == 1 else { return false }
        switch (value, fields[0]) {
        case (_, .absent): return false
        case (.string(let name), .text(let text)): return name == text
        case (.integer(let number), .number(let field)): return number == field
        case (.range(.integer(let low), .integer(let high)), .number(let field)): return low <= field && field <= high
        case (.address(let address), .number(let field)): return number(address) == field
        case (.prefix(let address, let length), .number(let field)):
            return number(address) >> (32 - length) == field >> (32 - length)
        default: return false
        }
    }

    private static func number(_ address: IPAddress) -> UInt64 {
        address.bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
