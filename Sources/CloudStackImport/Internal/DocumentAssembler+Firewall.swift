import Foundation
import RouterModel

/// An isolated router's `firewallrules`: ingress rules per public address become the public gate, egress rules
/// the guest network's outbound ACL with CloudStack's default egress policy.
extension DocumentAssembler {
    /// The rules of `firewallrules` that are not revoked, split by direction, in rule id order.
    private func firewallEntries() throws(CloudStackImportError) -> (
        ingress: [(object: [String: JSONValue], reader: FieldReader)],
        egress: [(object: [String: JSONValue], reader: FieldReader)]
    ) {
        let bag = bags["firewallrules"]
        var ingress: [(object: [String: JSONValue], reader: FieldReader)] = []
        var egress: [(object: [String: JSONValue], reader: FieldReader)] = []
        for key in bag.sortedKeys {
            guard let member = bag.members[key] else { continue }
            let reader = FieldReader(file: member.file, path: KeyPath.root.key(key))
            guard let object = member.value.object else {
                throw reader.error("must be a firewall rule object", code: .unexpectedShape)
            }
            if object["revoked"]?.flag == true { continue }
            let direction = object["traffic_type"]?.text?.lowercased()
            let sourceIP = object["src_ip"].flatMap { $0.isEmpty ? nil : $0 }
            switch direction {
            case "ingress": ingress.append((object, reader))
            case "egress": egress.append((object, reader))
            case nil: if sourceIP == nil { egress.append((object, reader)) } else { ingress.append((object, reader)) }
            default:
                throw reader.key("traffic_type").error("\(object["traffic_type"]!.shown) is neither Ingress nor Egress")
            }
        }
        return (ingress, egress)
    }

    /// The public gate: one firewall rule per ingress rule; `[]` when there are none (every public address
    /// closed, as on a VR whose addresses have no rules yet).
    mutating func firewallRules() throws(CloudStackImportError) -> [(rule: FirewallRule, reader: FieldReader)] {
        var rules: [(rule: FirewallRule, reader: FieldReader)] = []
        let publicAddresses = Set(devices.ordered.filter { $0.role == .public }.flatMap(\.addresses).map(\.address))
        for (object, reader) in try firewallEntries().ingress {
            guard let ip = object["src_ip"] else { throw reader.key("src_ip").error("is missing for an ingress rule") }
            let address = try reader.key("src_ip").address(ip)
            guard publicAddresses.contains(address) else {
                findings.append(
                    reader.key("src_ip").finding(
                        "\(address) is not a public address of the router (none of ips.json's entries); the rule "
                            + "opens nothing and is left out"))
                continue
            }
            let match = try trafficMatch(object, typeKey: "protocol", reader)
            var cidrs = try reader.key("source_cidr_list").prefixList(object["source_cidr_list"])
            if cidrs.isEmpty { cidrs = [Self.everything(address.family)] }
            let wrongFamily = cidrs.filter { $0.family != address.family }
            if !wrongFamily.isEmpty {
                findings.append(
                    reader.key("source_cidr_list").finding(
                        "\(wrongFamily.map(\.description).joined(separator: ", ")) cannot reach \(address), "
                            + "another address family; left out"))
                cidrs.removeAll { $0.family != address.family }
                if cidrs.isEmpty { continue }
            }
            let destinations = try reader.key("dest_cidr_list").prefixList(object["dest_cidr_list"])
            if !destinations.isEmpty, !destinations.contains(where: { $0.contains(address) }) {
                findings.append(
                    reader.key("dest_cidr_list").finding(
                        "the rule's destinations do not include its public address \(address); left out"))
                continue
            }
            let rule = FirewallRule(
                publicAddress: address, protocol: match.protocolSpec, ports: match.ports, icmpType: match.icmpType,
                icmpCode: match.icmpCode, cidrs: cidrs)
            rules.append((rule, reader))
        }
        return rules
    }

    /// The public gate cut down to what CloudStack's router lets through: past its per-address firewall chain,
    /// a flow is translated by a forward or static NAT, or it reaches the router itself, whose input accepts
    /// ICMP and drops the rest. In the model a gate rule with nothing behind it would open the router, so each
    /// rule keeps only the forwarded ports of its address (everything on a static NAT address) and ICMP; what
    /// it loses is noted, since the document drops it at the gate as CloudStack drops it at its input.
    mutating func translatedOnly(
        _ rules: [(rule: FirewallRule, reader: FieldReader)], _ forwarding: Forwarding
    ) -> [FirewallRule] {
        let staticNATAddresses = Set(forwarding.staticNats.map(\.publicAddress))
        let forwards = forwarding.forwards + forwarding.restricted.map(\.forward)
        var kept: [FirewallRule] = []
        for (rule, reader) in rules {
            if staticNATAddresses.contains(rule.publicAddress) || rule.protocol.carriesICMPType {
                kept.append(rule)
                continue
            }
            var pieces: [FirewallRule] = []
            let transports: [TransportProtocol]
            switch rule.protocol {
            case .tcp: transports = [.tcp]
            case .udp: transports = [.udp]
            case .all: transports = [.tcp, .udp]
            default: transports = []
            }
            for transport in transports {
                let span = rule.ports ?? PortRange(lower: 1, upper: 65535)!
                let forwarded = forwards.filter { $0.publicAddress == rule.publicAddress && $0.protocol == transport }
                    .map(\.publicPorts)
                for range in Self.merged(forwarded) where range.overlaps(span) {
                    var piece = rule
                    piece.protocol = transport == .tcp ? .tcp : .udp
                    piece.ports = PortRange(lower: max(range.lower, span.lower), upper: min(range.upper, span.upper))
                    pieces.append(piece)
                }
            }
            if rule.protocol == .all {
                var icmp = rule
                icmp.protocol = rule.publicAddress.family == .ipv4 ? .icmp : .icmpv6
                pieces.append(icmp)
            }
            let whole = pieces.count == 1 && pieces[0] == rule
            if !whole {
                let what = pieces.isEmpty ? "nothing is forwarded there" : "only part of it is forwarded"
                findings.append(
                    reader.finding(
                        .note,
                        "the rule also admits flows to the router itself (\(what)); CloudStack's router drops them "
                            + "at its input, and the document keeps them out at the public gate"))
            }
            kept += pieces
        }
        return kept
    }

    /// Port ranges with overlapping or adjacent ones joined.
    static func merged(_ ranges: [PortRange]) -> [PortRange] {
        var result: [PortRange] = []
        for range in ranges.sorted() {
            if let last = result.last, range.lower <= last.upper + 1 {
                result[result.count - 1] = PortRange(lower: last.lower, upper: max(last.upper, range.upper))!
            } else {
                result.append(range)
            }
        }
        return result
    }

    /// The outbound ACL of an isolated network, or `nil` when egress is open and no rule denies anything.
    ///
    /// CloudStack sends a default rule (protocol `all`, no source prefixes) and marks every rule with
    /// `default_egress_policy`: when true, egress is allowed by default and the other rules deny; when false,
    /// denied by default and the rules allow. The router matches each rule's source prefixes and destination
    /// prefixes; the model's outbound ACL matches destinations only, so a rule whose sources do not cover the
    /// whole guest network cannot be carried over.
    mutating func isolatedEgress() throws(CloudStackImportError) -> NetworkACL? {
        let entries = try firewallEntries().egress
        guard !entries.isEmpty else { return nil }
        var policy: Bool?
        for (object, reader) in entries {
            guard let value = object["default_egress_policy"], !value.isEmpty else { continue }
            guard let flag = value.flag else {
                throw reader.key("default_egress_policy").error("\(value.shown) is neither true nor false")
            }
            if let policy, policy != flag {
                throw reader.key("default_egress_policy").error(
                    "is \(flag) here but \(policy) on an earlier rule; CloudStack gives one policy per network")
            }
            policy = flag
        }
        let allowByDefault = policy ?? true
        let guestPrefixes = devices.ordered.filter { $0.role == .guest }.flatMap(\.addresses).map(\.prefix)
        var rules: [ACLRule] = []
        for (object, reader) in entries {
            let sources = try reader.key("source_cidr_list").prefixList(object["source_cidr_list"])
            let destinations = try reader.key("dest_cidr_list").prefixList(object["dest_cidr_list"])
            let match = try trafficMatch(object, typeKey: "protocol", reader)
            if match.protocolSpec == .all, sources.isEmpty, destinations.isEmpty {
                continue  // the default rule: it only carries the policy
            }
            let uncovered = guestPrefixes.filter { guest in
                guest.family == .ipv4 && !sources.isEmpty && !sources.contains { $0.contains(guest) }
            }
            if !uncovered.isEmpty {
                findings.append(
                    reader.key("source_cidr_list").finding(
                        "the rule applies to part of the guest network only (\(sources.map(\.description).joined(separator: ", "))); "
                            + "the model's outbound ACL matches destinations, so the rule is left out"))
                continue
            }
            rules.append(
                ACLRule(
                    number: rules.count + 1, action: allowByDefault ? .deny : .allow, protocol: match.protocolSpec,
                    ports: match.ports, icmpType: match.icmpType, icmpCode: match.icmpCode,
                    cidrs: destinations.isEmpty ? [Self.everything(.ipv4)] : destinations))
        }
        if allowByDefault, rules.isEmpty { return nil }
        return NetworkACL(
            ingress: [], egress: rules, defaultIngress: .allow, defaultEgress: allowByDefault ? .allow : .deny)
    }

    /// A VPC or DHCP server gets no firewall rules from CloudStack; any there are reported.
    mutating func refuseFirewallRules() throws(CloudStackImportError) {
        let entries = try firewallEntries()
        for (_, reader) in entries.ingress + entries.egress {
            findings.append(
                reader.finding(
                    "a \(type.rawValue) applies no firewallrules (VPC tiers use networkacl); the rule is not imported"))
        }
    }

    static func everything(_ family: AddressFamily) -> CIDR {
        family == .ipv4 ? CIDR("0.0.0.0/0")! : CIDR("::/0")!
    }
}
