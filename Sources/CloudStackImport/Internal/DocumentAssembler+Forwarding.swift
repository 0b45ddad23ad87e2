import Foundation
import RouterModel

/// Port forwards and static NAT from `forwardingrules`, remote-access VPN from `remoteaccessvpn`, routes from
/// `staticroutes`.
extension DocumentAssembler {
    /// What `forwardingrules` holds.
    struct Forwarding {
        var forwards: [PortForward] = []
        var staticNats: [StaticNAT] = []
        /// Forwards that only some sources reach (`source_cidr_list`), with their sources and where they came from.
        var restricted: [(forward: PortForward, sources: [CIDR], reader: FieldReader)] = []
    }

    mutating func forwardingRules() throws(CloudStackImportError) -> Forwarding {
        var result = Forwarding()
        let bag = bags["forwardingrules"]
        for key in bag.sortedKeys {
            guard let member = bag.members[key] else { continue }
            let reader = FieldReader(file: member.file, path: KeyPath.root.key(key))
            guard let entries = member.value.array ?? member.value.object.map({ [JSONValue.object($0)] }) else {
                throw reader.error("must be an array of rules", code: .unexpectedShape)
            }
            for (index, entry) in entries.enumerated() {
                let itemReader = member.value.array == nil ? reader : reader.index(index)
                guard let object = entry.object else {
                    throw itemReader.error("must be a rule object", code: .unexpectedShape)
                }
                if object["revoked"]?.flag == true || object["revoke"]?.flag == true { continue }
                let publicAddress = try itemReader.key("public_ip").address(object["public_ip"] ?? .string(key))
                guard let privateValue = object["internal_ip"] else {
                    throw itemReader.key("internal_ip").error("is missing", code: .unexpectedShape)
                }
                let privateAddress = try itemReader.key("internal_ip").address(privateValue)
                switch object["type"]?.text?.lowercased() ?? "forward" {
                case "staticnat":
                    result.staticNats.append(StaticNAT(publicAddress: publicAddress, privateAddress: privateAddress))
                case "forward":
                    guard let forward = try portForward(object, publicAddress, privateAddress, itemReader) else {
                        continue
                    }
                    let sources = try itemReader.key("source_cidr_list").prefixList(object["source_cidr_list"])
                    if sources.isEmpty || sources.contains(where: { $0.prefixLength == 0 }) {
                        result.forwards.append(forward)
                    } else {
                        result.restricted.append((forward, sources, itemReader.key("source_cidr_list")))
                    }
                default:
                    throw itemReader.key("type").error("\(object["type"]!.shown) is neither forward nor staticnat")
                }
            }
        }
        return result
    }

    private mutating func portForward(
        _ object: [String: JSONValue], _ publicAddress: InternetAddress, _ privateAddress: InternetAddress,
        _ reader: FieldReader
    ) throws(CloudStackImportError) -> PortForward? {
        let protocolName = object["protocol"]?.text?.lowercased() ?? ""
        guard let transport = TransportProtocol(rawValue: protocolName) else {
            findings.append(
                reader.key("protocol").finding(
                    "a port forward of \(object["protocol"]?.shown ?? "no protocol") cannot be expressed (tcp or udp "
                        + "only); left out"))
            return nil
        }
        guard let publicValue = object["public_ports"] else {
            throw reader.key("public_ports").error("is missing", code: .unexpectedShape)
        }
        let publicPorts = try reader.key("public_ports").portRange(publicValue)
        let privatePorts = try reader.key("internal_ports").portRange(object["internal_ports"] ?? publicValue)
        guard publicPorts.count == privatePorts.count else {
            throw reader.key("internal_ports").error(
                "\(privatePorts) has \(privatePorts.count) ports but public_ports \(publicPorts) has \(publicPorts.count)"
            )
        }
        return PortForward(
            publicAddress: publicAddress, protocol: transport, publicPorts: publicPorts, privateAddress: privateAddress,
            privatePorts: privatePorts)
    }

    /// Carries forwards that only some sources reach by narrowing the public gate on their ports to those
    /// sources. On CloudStack's router a flow from another source is not translated and goes to the router
    /// itself, which drops it; in the document it meets a gate that does not let it through. The rest of each
    /// firewall rule keeps its sources. Runs after ``translatedOnly(_:_:)``, which has split `all` rules into
    /// their forwarded ports and ICMP. Without a gate (a VPC) the narrowing cannot be expressed, and the
    /// forward is left out.
    mutating func narrowGate(_ firewall: inout [FirewallRule]?, for forwarding: inout Forwarding) {
        for (forward, sources, reader) in forwarding.restricted {
            guard var rules = firewall else {
                findings.append(
                    reader.finding(
                        "a \(type.rawValue) has no public gate to narrow the forward's sources to "
                            + "\(sources.map(\.description).joined(separator: ", ")); the forward is left out"))
                continue
            }
            let proto: IPProtocolSpec = forward.protocol == .tcp ? .tcp : .udp
            var narrowed: [FirewallRule] = []
            for rule in rules {
                let span = rule.ports ?? PortRange(lower: 1, upper: 65535)!
                guard rule.publicAddress == forward.publicAddress, rule.protocol == proto,
                    span.overlaps(forward.publicPorts)
                else {
                    narrowed.append(rule)
                    continue
                }
                let inside = PortRange(
                    lower: max(span.lower, forward.publicPorts.lower), upper: min(span.upper, forward.publicPorts.upper)
                )!
                for outside in [
                    PortRange(lower: span.lower, upper: inside.lower - 1),
                    PortRange(lower: inside.upper + 1, upper: span.upper),
                ].compactMap({ $0 }) {
                    var piece = rule
                    piece.ports = outside
                    narrowed.append(piece)
                }
                let common = Self.intersection(rule.cidrs, sources)
                if !common.isEmpty {
                    var piece = rule
                    piece.ports = inside
                    piece.cidrs = common
                    narrowed.append(piece)
                }
            }
            rules = narrowed
            firewall = rules
            forwarding.forwards.append(forward)
        }
        forwarding.restricted = []
    }

    /// The prefixes in both lists.
    static func intersection(_ lhs: [CIDR], _ rhs: [CIDR]) -> [CIDR] {
        var common: [CIDR] = []
        for left in lhs {
            for right in rhs {
                let inner = right.contains(left) ? left : left.contains(right) ? right : nil
                if let inner, !common.contains(inner) { common.append(inner) }
            }
        }
        return common
    }

    /// The public address remote-access VPN terminates on: the key of `remoteaccessvpn` whose entry has
    /// `create` true.
    mutating func remoteAccessVPN() throws(CloudStackImportError) -> VPN? {
        let bag = bags["remoteaccessvpn"]
        var vpn: VPN?
        for key in bag.sortedKeys {
            guard let member = bag.members[key] else { continue }
            let reader = FieldReader(file: member.file, path: KeyPath.root.key(key))
            guard let object = member.value.object else {
                throw reader.error("must be an object", code: .unexpectedShape)
            }
            guard object["create"]?.flag != false else { continue }
            let address = try reader.key("vpn_server_ip").address(object["vpn_server_ip"] ?? .string(key))
            if let vpn, vpn.publicAddress != address {
                findings.append(
                    reader.finding(
                        "the model has one VPN address and it is \(vpn.publicAddress); \(address) is left out"))
                continue
            }
            vpn = VPN(publicAddress: address)
        }
        return vpn
    }

    /// The router's own routes: `staticroutes` entries with `network` and `gateway` that are not revoked.
    func staticRoutes() throws(CloudStackImportError) -> [StaticRoute] {
        let bag = bags["staticroutes"]
        var routes: [StaticRoute] = []
        for key in bag.sortedKeys {
            guard let member = bag.members[key] else { continue }
            let reader = FieldReader(file: member.file, path: KeyPath.root.key(key))
            guard let object = member.value.object else {
                throw reader.error("must be a route object", code: .unexpectedShape)
            }
            if object["revoke"]?.flag == true { continue }
            guard let network = object["network"]?.text, let gateway = object["gateway"] else {
                throw reader.error("a route needs network and gateway", code: .unexpectedShape)
            }
            let destination = try reader.key("network").rulePrefix(network)
            routes.append(StaticRoute(destination: destination, via: try reader.key("gateway").address(gateway)))
        }
        return routes
    }
}
