import RouterModel

/// A router document written as an `iptables-save` dump, one rule per entry, the way legacy virtual routers load
/// their configuration: the linear form that `vrc bench` measures the other tools on.
///
/// The dump decides packets as MODEL.md says, for IPv4 (entries with IPv6 addresses are left out and counted in
/// ``omittedEntries``):
/// - `nat PREROUTING`: each port forward (one rule per port when the public and private ports differ over a
///   range, since `DNAT` cannot shift a range), each static NAT, each load balancer (its backends chosen by
///   `statistic --mode random`); `POSTROUTING`: static NATs out, then source NAT per network.
/// - `filter INPUT` (policy drop): established and related, invalid, loopback, ICMP echo and the services from
///   guests, ssh 3922 from control interfaces, VRRP, IPsec, and from public interfaces the firewall entries.
/// - `filter FORWARD` (policy drop): established and related, invalid, then the source's gate (`public_gate`
///   for public interfaces, the egress ACL for guest networks), the target's gate (the ingress ACL) and the
///   allowed interface pairs. ACL entries become one rule per CIDR, `RETURN` for allow and `DROP` for deny.
///
/// ```swift
/// let dump = LinearRouterDump(document: document)
/// try dump.text.write(toFile: "router.rules", atomically: true, encoding: .utf8)  // iptables-restore < router.rules
/// ```
public struct LinearRouterDump: Sendable {
    /// The dump, `iptables-restore` input.
    public let text: String
    /// Rules in the dump, over all tables.
    public let ruleCount: Int
    /// Entries (forwards, NATs, balancers, firewall and ACL entries) left out because they name IPv6 addresses.
    public let omittedEntries: Int

    /// Writes the dump of `document`.
    public init(document: RouterDocument) {
        var writer = Writer(document: document)
        writer.write()
        text = writer.output
        ruleCount = writer.rules
        omittedEntries = writer.omitted
    }

    /// The `iptables` arguments of each rule, table by table, for loading the dump one `iptables` call per rule:
    /// `["-t", "nat", "-A", "PREROUTING", ...]`. User chains come first, as `-N` calls.
    public var perRuleCommands: [[String]] {
        var commands: [[String]] = []
        var table = "filter"
        for line in text.split(separator: "\n") {
            if line.hasPrefix("*") {
                table = String(line.dropFirst())
            } else if line.hasPrefix(":") {
                let fields = line.dropFirst().split(separator: " ")
                guard let chain = fields.first else { continue }
                if fields.count > 1, fields[1] != "-" {
                    commands.append(["-t", table, "-P", String(chain), String(fields[1])])
                } else {
                    commands.append(["-t", table, "-N", String(chain)])
                }
            } else if line.hasPrefix("-A ") {
                commands.append(["-t", table] + IptablesWords.split(line))
            }
        }
        return commands
    }
}

/// Splits a rule line of the dump into `iptables` arguments; the writer quotes nothing, so spaces separate.
private enum IptablesWords {
    static func split(_ line: Substring) -> [String] {
        line.split(separator: " ").map(String.init)
    }
}

/// Builds the dump text table by table.
private struct Writer {
    let document: RouterDocument
    var output = ""
    var rules = 0
    var omitted = 0

    init(document: RouterDocument) {
        self.document = document
    }

    private var publicInterfaces: [Interface] { document.interfaces.filter { $0.role == .public } }
    private var guestInterfaces: [Interface] { document.interfaces.filter { $0.role == .guest } }
    private var controlInterfaces: [Interface] { document.interfaces.filter { $0.role == .control } }

    mutating func write() {
        writeNAT()
        writeFilter()
    }

    private mutating func rule(_ chain: String, _ arguments: String) {
        output += "-A \(chain) \(arguments)\n"
        rules += 1
    }

    // MARK: nat

    private mutating func writeNAT() {
        output += "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
        for interface in publicInterfaces {
            let iif = "-i \(interface.name)"
            for forward in document.portForwards {
                guard case .v4 = forward.publicAddress, case .v4 = forward.privateAddress else {
                    omitted += 1
                    continue
                }
                writeForward(forward, interface: iif)
            }
            for nat in document.staticNats {
                guard case .v4 = nat.publicAddress, case .v4 = nat.privateAddress else { continue }
                rule("PREROUTING", "\(iif) -d \(nat.publicAddress)/32 -j DNAT --to-destination \(nat.privateAddress)")
            }
            for balancer in document.loadBalancers {
                guard case .v4 = balancer.publicAddress else { continue }
                writeBalancer(balancer, interface: iif)
            }
        }
        omitted += document.staticNats.filter { !$0.publicAddress.isV4 || !$0.privateAddress.isV4 }.count
        omitted += document.loadBalancers.filter { !$0.publicAddress.isV4 }.count
        for interface in publicInterfaces {
            for nat in document.staticNats where nat.publicAddress.isV4 && nat.privateAddress.isV4 {
                rule(
                    "POSTROUTING",
                    "-o \(interface.name) -s \(nat.privateAddress)/32 -j SNAT --to-source \(nat.publicAddress)")
            }
            for guest in guestInterfaces {
                guard let network = guest.network, let sourceNat = document.networks[network]?.sourceNat,
                    sourceNat.isV4
                else { continue }
                for address in guest.addresses where address.address.isV4 {
                    rule("POSTROUTING", "-o \(interface.name) -s \(address.prefix) -j SNAT --to-source \(sourceNat)")
                }
            }
        }
        output += "COMMIT\n"
    }

    private mutating func writeForward(_ forward: PortForward, interface: String) {
        let match = "\(interface) -d \(forward.publicAddress)/32 -p \(forward.protocol) -m \(forward.protocol)"
        let publicPorts = forward.publicPorts
        let privatePorts = forward.privatePorts
        if publicPorts == privatePorts {
            rule("PREROUTING", "\(match) --dport \(Self.ports(publicPorts)) -j DNAT --to-destination \(forward.privateAddress)")
        } else if publicPorts.count == 1 {
            rule(
                "PREROUTING",
                "\(match) --dport \(publicPorts.lower) -j DNAT --to-destination \(forward.privateAddress):\(privatePorts.lower)")
        } else {
            for offset in 0..<publicPorts.count {
                rule(
                    "PREROUTING",
                    "\(match) --dport \(publicPorts.lower + offset) -j DNAT --to-destination "
                        + "\(forward.privateAddress):\(privatePorts.lower + offset)")
            }
        }
    }

    private mutating func writeBalancer(_ balancer: LoadBalancer, interface: String) {
        let match = "\(interface) -d \(balancer.publicAddress)/32 -p \(balancer.protocol) -m \(balancer.protocol) "
            + "--dport \(balancer.port)"
        let backends = balancer.backends.filter { $0.address.isV4 }
        for (index, backend) in backends.enumerated() {
            let left = backends.count - index
            let pick = left > 1 ? " -m statistic --mode random --probability \(Self.probability(1, left))" : ""
            rule("PREROUTING", "\(match)\(pick) -j DNAT --to-destination \(backend.address):\(backend.port)")
        }
    }

    // MARK: filter

    private mutating func writeFilter() {
        var chains = [":INPUT DROP [0:0]", ":FORWARD DROP [0:0]", ":OUTPUT ACCEPT [0:0]", ":public_gate - [0:0]"]
        if document.firewall != nil {
            chains.append(":public_firewall - [0:0]")
        }
        let aclNetworks = document.networks.keys.sorted().filter { document.networks[$0]?.acl != nil }
        for network in aclNetworks {
            chains += [":acl_\(network)_in - [0:0]", ":acl_\(network)_out - [0:0]"]
        }
        output += "*filter\n" + chains.joined(separator: "\n") + "\n"
        writeInput()
        writeForward()
        writePublicGate()
        for network in aclNetworks {
            guard let acl = document.networks[network]?.acl else { continue }
            writeACL(acl.ingress, chain: "acl_\(network)_in", remote: "-s", defaultAction: acl.defaultIngress)
            writeACL(acl.egress, chain: "acl_\(network)_out", remote: "-d", defaultAction: acl.defaultEgress)
        }
        output += "COMMIT\n"
    }

    private mutating func writeInput() {
        rule("INPUT", "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT")
        rule("INPUT", "-m conntrack --ctstate INVALID -j DROP")
        rule("INPUT", "-i lo -j ACCEPT")
        for guest in guestInterfaces {
            let iif = "-i \(guest.name)"
            rule("INPUT", "\(iif) -p icmp -m icmp --icmp-type 8 -j ACCEPT")
            let services = guest.network.flatMap { document.networks[$0]?.services } ?? []
            if services.contains(.dhcp) {
                rule("INPUT", "\(iif) -p udp -m udp --dport 67 -j ACCEPT")
            }
            if services.contains(.dns) {
                rule("INPUT", "\(iif) -p udp -m udp --dport 53 -j ACCEPT")
                rule("INPUT", "\(iif) -p tcp -m tcp --dport 53 -j ACCEPT")
            }
            if services.contains(.metadata) {
                for address in guest.addresses where address.address.isV4 {
                    rule("INPUT", "\(iif) -d \(address.address)/32 -p tcp -m tcp --dport 80 -j ACCEPT")
                }
            }
            if document.redundancy?.isRedundant == true {
                rule("INPUT", "\(iif) -p vrrp -j ACCEPT")
            }
        }
        for control in controlInterfaces {
            rule("INPUT", "-i \(control.name) -p tcp -m tcp --dport 3922 -j ACCEPT")
        }
        for interface in publicInterfaces {
            let iif = "-i \(interface.name)"
            if let vpn = document.vpn, vpn.publicAddress.isV4 {
                rule("INPUT", "\(iif) -d \(vpn.publicAddress)/32 -p udp -m multiport --dports 500,4500 -j ACCEPT")
                rule("INPUT", "\(iif) -d \(vpn.publicAddress)/32 -p esp -j ACCEPT")
            }
            for entry in document.firewall ?? [] where entry.publicAddress.isV4 {
                for cidr in entry.cidrs where cidr.address.isV4 {
                    rule("INPUT", "\(iif) -s \(cidr.prefix) -d \(entry.publicAddress)/32 \(Self.match(entry)) -j ACCEPT")
                }
            }
        }
    }

    private mutating func writeForward() {
        rule("FORWARD", "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT")
        rule("FORWARD", "-m conntrack --ctstate INVALID -j DROP")
        for interface in publicInterfaces {
            rule("FORWARD", "-i \(interface.name) -j public_gate")
        }
        for guest in guestInterfaces {
            guard let network = guest.network, document.networks[network]?.acl != nil else { continue }
            rule("FORWARD", "-i \(guest.name) -j acl_\(network)_out")
        }
        for guest in guestInterfaces {
            guard let network = guest.network, document.networks[network]?.acl != nil else { continue }
            rule("FORWARD", "-o \(guest.name) -j acl_\(network)_in")
        }
        for guest in guestInterfaces {
            for interface in publicInterfaces {
                rule("FORWARD", "-i \(interface.name) -o \(guest.name) -j ACCEPT")
                rule("FORWARD", "-i \(guest.name) -o \(interface.name) -j ACCEPT")
            }
            for other in guestInterfaces where other.name != guest.name {
                rule("FORWARD", "-i \(guest.name) -o \(other.name) -j ACCEPT")
            }
        }
    }

    /// Only flows that destination NAT translated pass from public (`public_gate`); with a firewall list, only
    /// those one of its entries allows, by the flow's original destination and port (`public_firewall`, reached
    /// by `goto` so that its `RETURN` goes back to `FORWARD`).
    private mutating func writePublicGate() {
        guard let firewall = document.firewall else {
            rule("public_gate", "-m conntrack --ctstate DNAT -j RETURN")
            rule("public_gate", "-j DROP")
            return
        }
        rule("public_gate", "-m conntrack --ctstate DNAT -g public_firewall")
        rule("public_gate", "-j DROP")
        for entry in firewall where entry.publicAddress.isV4 {
            var match = "-m conntrack --ctorigdst \(entry.publicAddress)/32"
            if let ports = entry.ports {
                match = "-p \(entry.protocol) \(match) --ctorigdstport \(Self.ports(ports))"
            } else {
                match = Self.match(entry) + " " + match
            }
            for cidr in entry.cidrs where cidr.address.isV4 {
                rule("public_firewall", "-s \(cidr.prefix) \(match) -j RETURN")
            }
        }
        omitted += firewall.filter { !$0.publicAddress.isV4 }.count
        rule("public_firewall", "-j DROP")
    }

    private mutating func writeACL(_ entries: [ACLRule], chain: String, remote: String, defaultAction: ACLAction) {
        for entry in entries {
            let verdict = entry.action == .allow ? "RETURN" : "DROP"
            let match = Self.match(protocol: entry.protocol, ports: entry.ports, type: entry.icmpType, code: entry.icmpCode)
            let cidrs = entry.cidrs.filter { $0.address.isV4 }
            // iptables' icmp match cannot name a code without a type.
            let codeAlone = entry.icmpType == nil && entry.icmpCode != nil
            if cidrs.isEmpty || entry.protocol == .icmpv6 || codeAlone {
                omitted += 1
                continue
            }
            for cidr in cidrs {
                rule(chain, "\(remote) \(cidr.prefix)\(match.isEmpty ? "" : " " + match) -j \(verdict)")
            }
        }
        rule(chain, "-j \(defaultAction == .allow ? "RETURN" : "DROP")")
    }

    // MARK: Matches

    private static func match(_ entry: FirewallRule) -> String {
        match(protocol: entry.protocol, ports: entry.ports, type: entry.icmpType, code: entry.icmpCode)
    }

    private static func match(protocol spec: IPProtocolSpec, ports: PortRange?, type: Int?, code: Int?) -> String {
        switch spec {
        case .tcp, .udp:
            let name = spec == .tcp ? "tcp" : "udp"
            guard let ports else { return "-p \(name)" }
            return "-p \(name) -m \(name) --dport \(Self.ports(ports))"
        case .icmp:
            guard let type else { return "-p icmp" }
            return "-p icmp -m icmp --icmp-type \(type)\(code.map { "/\($0)" } ?? "")"
        case .icmpv6:
            return "-p ipv6-icmp"
        case .all:
            return ""
        case .number(let number):
            return "-p \(number)"
        }
    }

    private static func ports(_ range: PortRange) -> String {
        range.lower == range.upper ? "\(range.lower)" : "\(range.lower):\(range.upper)"
    }

    /// `numerator / denominator` with the eleven decimals `iptables-save` prints.
    private static func probability(_ numerator: Int, _ denominator: Int) -> String {
        let scaled = Int((Double(numerator) / Double(denominator) * 1e11).rounded())
        let digits = String(scaled)
        return "0." + String(repeating: "0", count: max(0, 11 - digits.count)) + digits
    }
}

extension InternetAddress {
    fileprivate var isV4: Bool {
        if case .v4 = self { return true }
        return false
    }
}
