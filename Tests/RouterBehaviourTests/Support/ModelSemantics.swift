import RouterModel

/// MODEL.md's "Semantics: what a packet gets", written out directly from the document: the test's own answer
/// to what must happen to a flow, independent of the compiler.
internal struct ModelSemantics: Sendable {
    /// A first packet: where it enters, its addresses, protocol and destination port (ICMP: the type).
    struct Flow: Sendable, CustomStringConvertible {
        var origin: TopologyLayout.Side
        var source: InternetAddress
        var destination: InternetAddress
        /// The IP protocol number.
        var proto: UInt8
        /// The destination port for tcp and udp, the ICMP type for icmp and icmpv6, otherwise `nil`.
        var port: Int?
        /// Whether conntrack finds the packet invalid (it cannot start or continue any flow).
        var invalid = false

        var description: String {
            let name = IPProtocolSpec(number: proto).description
            let detail = port.map { proto == 1 || proto == 58 ? " type \($0)" : ":\($0)" } ?? ""
            return "\(name) \(source) -> \(destination)\(detail)"
        }
    }

    /// A place a flow may end up: an address and port (the port is `nil` for ICMP and other protocols).
    struct Target: Hashable, Sendable {
        var address: InternetAddress
        var port: Int?
    }

    /// What the model says happens to a flow.
    struct Verdict: Sendable, CustomStringConvertible {
        /// Where the flow is headed after destination NAT (several for a load balancer), allowed or not.
        var targets: [Target]
        /// Whether the rules let the first packet reach a target.
        var allowed: Bool
        /// The source address the target sees.
        var seenSource: InternetAddress
        /// Whether the target's answer can come back (not when the source left untranslated to the public side).
        var returns: Bool
        /// Which rule of MODEL.md decided.
        var reason: String

        var description: String {
            allowed
                ? "delivered (\(reason)) seen from \(seenSource)\(returns ? "" : ", unanswerable")"
                : "dropped (\(reason))"
        }
    }

    let document: RouterDocument
    let layout: TopologyLayout

    private static let echoRequest: [UInt8: Int] = [1: 8, 58: 128]

    /// The verdict on `flow`.
    func verdict(_ flow: Flow) -> Verdict {
        let plain = [Target(address: flow.destination, port: Self.carriesPorts(flow.proto) ? flow.port : nil)]
        if flow.invalid, flow.origin != .router {
            return Verdict(
                targets: plain, allowed: false, seenSource: flow.source, returns: false, reason: "conntrack invalid")
        }
        switch flow.origin {
        case .router:
            return Verdict(targets: plain, allowed: true, seenSource: flow.source, returns: true, reason: "own traffic")
        case .control(let name):
            let allowed = isRouterAddress(flow.destination) && flow.proto == 6 && flow.port == 3922
            return Verdict(
                targets: plain, allowed: allowed, seenSource: flow.source, returns: allowed,
                reason: allowed ? "ssh 3922 on control \(name)" : "control allows ssh 3922 only")
        case .guest(let network):
            return fromGuest(flow, network: network, plain: plain)
        case .publicSide:
            return fromPublic(flow, plain: plain)
        }
    }

    private func fromGuest(_ flow: Flow, network name: String, plain: [Target]) -> Verdict {
        let network = document.networks[name] ?? GuestNetwork()
        if isRouterAddress(flow.destination) {
            let own = document.guestInterface(forNetwork: name)?.addresses.map(\.address) ?? []
            var reason: String?
            if flow.proto == 17, flow.port == 67, network.services.contains(.dhcp) { reason = "dhcp" }
            if [6, 17].contains(flow.proto), flow.port == 53, network.services.contains(.dns) { reason = "dns" }
            if flow.proto == 6, flow.port == 80, network.services.contains(.metadata), own.contains(flow.destination) {
                reason = "metadata"
            }
            if let echo = Self.echoRequest[flow.proto], flow.port == echo { reason = "icmp echo" }
            if flow.proto == 112, (document.redundancy?.instances ?? 1) >= 2 { reason = "vrrp" }
            return Verdict(
                targets: plain, allowed: reason != nil, seenSource: flow.source, returns: reason != nil,
                reason: reason.map { "guest input: \($0)" } ?? "guest input: not a service of \(name)")
        }
        let egress = aclAllows(network.acl?.egress, default: network.acl?.defaultEgress, remote: flow.destination, flow)
        if let target = document.guestNetwork(containing: flow.destination) {
            let targetNetwork = document.networks[target] ?? GuestNetwork()
            let ingress = aclAllows(
                targetNetwork.acl?.ingress, default: targetNetwork.acl?.defaultIngress, remote: flow.source, flow)
            return Verdict(
                targets: plain, allowed: egress && ingress, seenSource: flow.source, returns: egress && ingress,
                reason:
                    "\(name) egress \(egress ? "allows" : "denies"), \(target) ingress \(ingress ? "allows" : "denies")"
            )
        }
        let translated: InternetAddress
        let how: String
        if let nat = document.staticNats.first(where: { $0.privateAddress == flow.source }) {
            translated = nat.publicAddress
            how = "static NAT"
        } else if let sourceNat = network.sourceNat, sourceNat.family == flow.source.family {
            translated = sourceNat
            how = "source NAT"
        } else {
            translated = flow.source
            how = "unchanged"
        }
        let returns = egress && translated != flow.source
        return Verdict(
            targets: plain, allowed: egress, seenSource: translated, returns: returns,
            reason: "\(name) egress \(egress ? "allows" : "denies"), leaves \(how)")
    }

    private func fromPublic(_ flow: Flow, plain: [Target]) -> Verdict {
        if let (targets, how) = destinationNAT(flow) {
            let gate = publicGate(flow)
            let network = targets.first.flatMap { document.guestNetwork(containing: $0.address) }
            var ingress = true
            if let network, let acl = document.networks[network]?.acl {
                var translated = flow
                translated.destination = targets[0].address
                if Self.carriesPorts(flow.proto) { translated.port = targets[0].port }
                ingress = aclAllows(acl.ingress, default: acl.defaultIngress, remote: flow.source, translated)
            }
            return Verdict(
                targets: targets, allowed: gate && ingress, seenSource: flow.source, returns: gate && ingress,
                reason: "\(how); public gate \(gate ? "allows" : "denies"); "
                    + "\(network ?? "?") ingress \(ingress ? "allows" : "denies")")
        }
        if isRouterAddress(flow.destination) {
            var reason: String?
            if let firewall = document.firewall, firewall.contains(where: { firewallMatches($0, flow) }) {
                reason = "firewall rule"
            }
            if let vpn = document.vpn, vpn.publicAddress == flow.destination,
                (flow.proto == 17 && (flow.port == 500 || flow.port == 4500)) || flow.proto == 50
            {
                reason = "ipsec"
            }
            return Verdict(
                targets: plain, allowed: reason != nil, seenSource: flow.source, returns: reason != nil,
                reason: reason.map { "public input: \($0)" } ?? "public input: no firewall rule or vpn allows it")
        }
        return Verdict(
            targets: plain, allowed: false, seenSource: flow.source, returns: false,
            reason: "public to guest without destination NAT")
    }

    /// The targets of destination NAT and which kind translated it, or `nil` when nothing translates the flow.
    func destinationNAT(_ flow: Flow) -> ([Target], String)? {
        if Self.carriesPorts(flow.proto), let port = flow.port {
            for forward in document.portForwards
            where forward.publicAddress == flow.destination && forward.protocol.number == flow.proto
                && forward.publicPorts.contains(port)
            {
                let privatePort = forward.privatePorts.lower + (port - forward.publicPorts.lower)
                return ([Target(address: forward.privateAddress, port: privatePort)], "port forward")
            }
            for balancer in document.loadBalancers
            where balancer.publicAddress == flow.destination && balancer.protocol.number == flow.proto
                && balancer.port == port
            {
                return (balancer.backends.map { Target(address: $0.address, port: $0.port) }, "load balancer")
            }
        }
        if let nat = document.staticNats.first(where: { $0.publicAddress == flow.destination }) {
            let port = Self.carriesPorts(flow.proto) ? flow.port : nil
            return ([Target(address: nat.privateAddress, port: port)], "static NAT")
        }
        return nil
    }

    /// The public gate for a flow to a public address: off without a `firewall` list, else a rule must match.
    func publicGate(_ flow: Flow) -> Bool {
        guard let firewall = document.firewall else { return true }
        return firewall.contains { firewallMatches($0, flow) }
    }

    private func firewallMatches(_ rule: FirewallRule, _ flow: Flow) -> Bool {
        rule.publicAddress == flow.destination
            && matches(
                protocol: rule.protocol, ports: rule.ports, icmpType: rule.icmpType, icmpCode: rule.icmpCode,
                cidrs: rule.cidrs, remote: flow.source, flow)
    }

    /// An ordered ACL list: the first matching rule by number decides, else the default; no list allows.
    func aclAllows(_ rules: [ACLRule]?, default fallback: ACLAction?, remote: InternetAddress, _ flow: Flow) -> Bool {
        guard let rules, let fallback else { return true }
        for rule in rules.sorted(by: { $0.number < $1.number })
        where matches(
            protocol: rule.protocol, ports: rule.ports, icmpType: rule.icmpType, icmpCode: rule.icmpCode,
            cidrs: rule.cidrs, remote: remote, flow)
        {
            return rule.action == .allow
        }
        return fallback == .allow
    }

    private func matches(
        protocol spec: IPProtocolSpec, ports: PortRange?, icmpType: Int?, icmpCode: Int?, cidrs: [CIDR],
        remote: InternetAddress, _ flow: Flow
    ) -> Bool {
        guard cidrs.contains(where: { $0.contains(remote) }) else { return false }
        if let number = spec.protocolNumber, number != flow.proto { return false }
        if let ports, !(flow.port.map(ports.contains) ?? false) { return false }
        if let icmpType, flow.port != icmpType { return false }
        // Every ICMP probe is an echo request, code 0.
        if let icmpCode, icmpCode != 0 { return false }
        return true
    }

    /// Whether `address` is one of the router's own (any interface, or loopback).
    func isRouterAddress(_ address: InternetAddress) -> Bool {
        layout.side(of: address) == .router
    }

    static func carriesPorts(_ proto: UInt8) -> Bool {
        proto == 6 || proto == 17
    }
}
