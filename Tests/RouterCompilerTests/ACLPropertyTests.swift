import NFTables
import RouterCompiler
import RouterModel
import Testing

/// The compiled sets and rules decide every packet as the ordered list does: random ACL lists (mixed allow and
/// deny, overlapping prefixes and port ranges, every kind of protocol) and random packets, evaluated on the
/// compiled table by ``RulesetEvaluator`` and directly on the list.
@Suite("ACL and firewall compilation decide as the lists do")
struct ACLPropertyTests {
    @Test("1,000 random ACL lists x 200 packets, ingress and egress")
    func aclListsDecideAsOrdered() {
        var generator = TrafficGenerator(seed: 0xAC1_0001)
        var mismatches: [String] = []
        var decisions = (allow: 0, deny: 0)
        for _ in 0..<1000 {
            let rules = generator.aclList()
            let defaultAction: ACLAction = generator.flip() ? .allow : .deny
            let table = Self.compile(rules, defaultAction: defaultAction)
            let evaluator = RulesetEvaluator(table: table)
            for _ in 0..<200 {
                let (remote, packet) = generator.packet()
                for direction in ["ingress", "egress"] {
                    var sent = packet
                    if direction == "ingress" {
                        sent.source = remote
                        sent.destination = remote.family == .ipv4 ? Self.local4 : Self.local6
                    } else {
                        sent.source = remote.family == .ipv4 ? Self.local4 : Self.local6
                        sent.destination = remote
                    }
                    let expected = Self.decide(rules, defaultAction, remote: remote, packet: sent)
                    let outcome = evaluator.run("acl_net_\(direction)", sent)
                    #expect(outcome != .accept, "an ACL chain never accepts; it returns or drops")
                    let actual: ACLAction = outcome == .drop ? .deny : .allow
                    if expected == .allow { decisions.allow += 1 } else { decisions.deny += 1 }
                    if actual != expected && mismatches.count < 5 {
                        mismatches.append(
                            "\(direction) \(sent): list says \(expected), ruleset says \(actual); default "
                                + "\(defaultAction), rules \(rules.map(Self.describe))")
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        // The generator must exercise both outcomes, or the comparison proves little.
        #expect(decisions.allow > 20_000 && decisions.deny > 20_000, "allow \(decisions.allow), deny \(decisions.deny)")
    }

    @Test("300 random firewall lists x 200 packets: the firewall chain allows what an entry allows")
    func firewallListsAllowAsListed() {
        var generator = TrafficGenerator(seed: 0xF1_0002)
        var mismatches: [String] = []
        var allowed = 0
        for _ in 0..<300 {
            let entries = generator.firewallList(publicAddresses: Self.publicAddresses)
            let document = RouterDocument(
                name: "prop", softwareVersion: "1.0",
                interfaces: [
                    Interface(
                        name: "pub0", role: .public,
                        addresses: Self.publicAddresses.map {
                            CIDR(address: $0, prefixLength: $0.family == .ipv4 ? 24 : 64)!
                        })
                ], networks: [:], firewall: entries)
            let table = RouterCompiler().compile(document).tables[0]
            let evaluator = RulesetEvaluator(table: table)
            for _ in 0..<200 {
                var (remote, packet) = generator.packet()
                packet.source = remote
                let candidates = Self.publicAddresses.filter { $0.family == remote.family }
                packet.destination = candidates[generator.below(candidates.count)]
                let expected = entries.contains { entry in
                    entry.publicAddress == packet.destination
                        && Self.matches(
                            protocol: entry.protocol, ports: entry.ports, icmpType: entry.icmpType,
                            icmpCode: entry.icmpCode, cidrs: entry.cidrs, remote: remote, packet: packet)
                }
                let outcome = evaluator.run("firewall", packet)
                let actual = outcome == .fellThrough
                if expected { allowed += 1 }
                if actual != expected && mismatches.count < 5 {
                    mismatches.append("\(packet): list allows \(expected), ruleset \(actual); entries \(entries)")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        #expect(allowed > 3_000 && allowed < 57_000, "allowed \(allowed) of 60,000")
    }

    // MARK: Helpers

    static let local4 = InternetAddress("10.9.0.5")!
    static let local6 = InternetAddress("fd09::5")!
    static let publicAddresses = ["198.51.100.10", "198.51.100.11", "2001:db8::10", "2001:db8::11"].map {
        InternetAddress($0)!
    }

    /// A one-network router whose ingress and egress lists are both `rules`, compiled.
    static func compile(_ rules: [ACLRule], defaultAction: ACLAction, network: String = "net") -> Table {
        let acl = NetworkACL(ingress: rules, egress: rules, defaultIngress: defaultAction, defaultEgress: defaultAction)
        let document = RouterDocument(
            name: "prop", softwareVersion: "1.0",
            interfaces: [
                Interface(
                    name: "eth0", role: .guest, network: network,
                    addresses: [CIDR("10.9.0.1/24")!, CIDR("fd09::1/64")!])
            ], networks: [network: GuestNetwork(acl: acl)])
        return RouterCompiler().compile(document).tables[0]
    }

    /// The ordered list's decision: the first matching rule by number, else the default.
    static func decide(_ rules: [ACLRule], _ defaultAction: ACLAction, remote: InternetAddress, packet: TestPacket)
        -> ACLAction
    {
        for rule in rules.sorted(by: { $0.number < $1.number })
        where matches(
            protocol: rule.protocol, ports: rule.ports, icmpType: rule.icmpType, icmpCode: rule.icmpCode,
            cidrs: rule.cidrs, remote: remote, packet: packet)
        {
            return rule.action
        }
        return defaultAction
    }

    /// Whether an ACL or firewall entry matches a packet whose remote side is `remote`, as MODEL.md reads it.
    static func matches(
        protocol spec: IPProtocolSpec, ports: PortRange?, icmpType: Int?, icmpCode: Int?, cidrs: [CIDR],
        remote: InternetAddress, packet: TestPacket
    ) -> Bool {
        guard cidrs.contains(where: { $0.contains(remote) }) else { return false }
        switch spec {
        case .all:
            return true
        case .tcp, .udp:
            guard packet.l4proto == spec.protocolNumber else { return false }
            guard let ports else { return true }
            return packet.destinationPort.map(ports.contains) ?? false
        case .icmp, .icmpv6:
            guard packet.l4proto == spec.protocolNumber, packet.family == spec.family else { return false }
            if let icmpType, packet.transport.first.map(Int.init) != icmpType { return false }
            if let icmpCode, packet.transport.dropFirst().first.map(Int.init) != icmpCode { return false }
            return true
        case .number(let number):
            return packet.l4proto == number
        }
    }

    static func describe(_ rule: ACLRule) -> String {
        "#\(rule.number) \(rule.action) \(rule.protocol) ports \(rule.ports.map(\.description) ?? "-") icmp "
            + "\(rule.icmpType.map(String.init) ?? "-")/\(rule.icmpCode.map(String.init) ?? "-") \(rule.cidrs)"
    }
}
