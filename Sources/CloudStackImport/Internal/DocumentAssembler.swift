import Foundation
import RouterModel

/// Turns one router's databags into a `vrc.router/v1` document, following what the router's own scripts do with
/// them (CLOUDSTACK.md), and lists what it could not carry over.
internal struct DocumentAssembler {
    let bags: DatabagSet
    var findings: [CloudStackFinding]
    var devices = DeviceTable()
    var type: CloudStackRouterType = .router
    var redundant = false
    var config: [String: JSONValue] = [:]
    var configReader = FieldReader(file: "cmdline.json", path: KeyPath.root.key("config"))
    /// The address guest traffic leaves as, from the `source_nat` entry of `ips`.
    var sourceNat: InternetAddress?

    init(bags: DatabagSet) {
        self.bags = bags
        self.findings = bags.findings
    }

    mutating func assemble() throws(CloudStackImportError) -> CloudStackImport {
        try readCommandLine()
        try readDevices()
        var networks = try guestNetworks()
        var forwarding = try forwardingRules()
        var firewall: [FirewallRule]? = nil
        if type == .router {
            firewall = translatedOnly(try firewallRules(), forwarding)
            if let egress = try isolatedEgress() {
                for name in networks.keys where networks[name]?.acl == nil { networks[name]?.acl = egress }
            }
        } else {
            try refuseFirewallRules()
        }
        if !forwarding.restricted.isEmpty {
            narrowGate(&firewall, for: &forwarding)
        }
        noteUnmodelledServices()
        let vpn = try remoteAccessVPN()
        let routes = try staticRoutes()
        noteOtherDatabags()

        let interfaces = devices.ordered.map { device in
            Interface(
                name: device.name, role: device.role, network: device.role == .guest ? device.name : nil,
                mac: device.mac, addresses: device.addresses, gateway: device.role == .public ? device.gateway : nil)
        }
        let document = RouterDocument(
            name: try routerName(), softwareVersion: softwareVersion(), redundancy: try redundancy(),
            interfaces: interfaces, networks: networks, firewall: firewall, portForwards: forwarding.forwards,
            staticNats: forwarding.staticNats, vpn: vpn, staticRoutes: routes)
        do {
            try document.validate()
        } catch {
            throw CloudStackImportError(
                .invalidDocument, file: bags["cmdline"].file(of: "config"),
                message: "the imported document breaks the router model:\n"
                    + error.problems.map { "  \($0.path): \($0.message)" }.joined(separator: "\n"))
        }
        return CloudStackImport(document: document, routerType: type, redundant: redundant, findings: findings)
    }

    // MARK: cmdline

    private mutating func readCommandLine() throws(CloudStackImportError) {
        guard bags.contains("cmdline"), let member = bags["cmdline"].members["config"] else {
            throw CloudStackImportError(
                .missingCommandLine, file: bags.contains("cmdline") ? bags["cmdline"].file() : "cmdline.json",
                key: bags.contains("cmdline") ? "$.config" : nil,
                message: "no cmdline.json with a \"config\" object among the inputs: the router's type, name and "
                    + "addresses come from it")
        }
        configReader = FieldReader(file: member.file, path: KeyPath.root.key("config"))
        guard let config = member.value.object else {
            throw configReader.error("must be an object of strings", code: .unexpectedShape)
        }
        self.config = config
        guard let typeValue = config["type"], let typeText = typeValue.text else {
            throw configReader.key("type").error(
                "is missing: router, vpcrouter or dhcpsrvr", code: .unsupportedRouterType)
        }
        guard let type = CloudStackRouterType(rawValue: typeText.lowercased()) else {
            throw configReader.key("type").error(
                "\(typeValue.shown) is not a router type vrc imports (router, vpcrouter, dhcpsrvr)",
                code: .unsupportedRouterType)
        }
        self.type = type
        if let value = config["redundant_router"] {
            guard let flag = value.flag else {
                throw configReader.key("redundant_router").error("\(value.shown) is neither true nor false")
            }
            redundant = flag
        }
        if redundant, type == .dhcpServer {
            throw configReader.key("redundant_router").error(
                "a dhcpsrvr router is never redundant in CloudStack", code: .invalidValue)
        }
        if redundant {
            findings.append(
                configReader.key("redundant_router").finding(
                    .note,
                    "conntrackd's state sync (225.0.0.50) is not part of the document; vrc's upgrade hands "
                        + "connection state over itself"))
        }
    }

    private func routerName() throws(CloudStackImportError) -> String {
        guard let value = config["name"], let name = value.text, !name.isEmpty else {
            throw configReader.key("name").error("is missing: the router's name, such as r-10-VM")
        }
        let allowed = name.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_")
                || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
        }
        guard allowed, (1...64).contains(name.utf8.count) else {
            throw configReader.key("name").error("\(value.shown) is not 1-64 of A-Z a-z 0-9 _ . -")
        }
        return name
    }

    /// The template's version when the command line carries one (`template_version`), else `0`.
    private func softwareVersion() -> String {
        for key in ["template_version", "version"] {
            if let text = config[key]?.text,
                !text.isEmpty,
                text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({
                    !$0.isEmpty && $0.allSatisfy(\.isNumber)
                })
            {
                return text
            }
        }
        return "0"
    }

    private func redundancy() throws(CloudStackImportError) -> Redundancy? {
        guard redundant else { return nil }
        var routerID = 1
        if let value = config["router_id"], !value.isEmpty {
            guard let id = value.integer, (1...255).contains(id) else {
                throw configReader.key("router_id").error("\(value.shown) is not a VRRP router id 1-255")
            }
            routerID = id
        }
        var interval = 1000
        if let value = config["advert_int"], !value.isEmpty {
            guard let seconds = value.integer, (1...40).contains(seconds) else {
                throw configReader.key("advert_int").error(
                    "\(value.shown) is not a VRRP advertisement interval of 1-40 seconds")
            }
            interval = seconds * 1000
        }
        return Redundancy(instances: 2, virtualRouterId: routerID, advertisementIntervalMs: interval)
    }

    /// What CloudStack's router does that no databag says and the model has no place for.
    private mutating func noteUnmodelledServices() {
        let typeKey = configReader.key("type")
        if type != .dhcpServer {
            findings.append(
                typeKey.finding(
                    .note,
                    "the password server CloudStack runs for guests (tcp 8080 to the router) is not a service of "
                        + "the router model; guests reach it no more"))
        }
        if type == .vpcRouter, devices.ordered.contains(where: { $0.role == .public }) {
            findings.append(
                typeKey.finding(
                    .note,
                    "a VPC router answers ICMP on its public addresses; the model opens the router's public side "
                        + "only through firewall rules, which a VPC does not have, so pings to them go unanswered"))
        }
    }

    // MARK: other databags

    /// Databags outside the router model, named so that nothing is skipped in silence.
    private mutating func noteOtherDatabags() {
        let read: Set = [
            "cmdline", "ips", "guestnetwork", "networkacl", "firewallrules", "forwardingrules", "remoteaccessvpn",
            "staticroutes",
        ]
        let scope: [String: (CloudStackFinding.Severity, String)] = [
            "vmdata": (.note, "metadata and user data are served content, not packet filtering"),
            "dhcpentry": (.note, "DHCP host entries are dnsmasq's configuration, not packet filtering"),
            "dhcpconfig": (.note, "DHCP options are dnsmasq's configuration, not packet filtering"),
            "vpnusers": (.note, "VPN users are the IPsec daemon's configuration, not packet filtering"),
            "monitorservice": (.note, "the service monitor's settings are not packet filtering"),
            "loadbalancer": (
                .notCarriedOver,
                "HAProxy load balancing on the router is not imported; the model's load balancers are layer-4 "
                    + "destination NAT, which backends see differently"
            ),
            "site2sitevpn": (.notCarriedOver, "site-to-site VPN is not part of the router model"),
            "ipaliases": (.notCarriedOver, "IP aliases of a shared network's DHCP server are not imported"),
        ]
        for kind in bags.databags.keys.sorted() where !read.contains(kind) {
            let (severity, reason) = scope[kind] ?? (.note, "a databag the router model does not read")
            findings.append(CloudStackFinding(severity, databag: bags[kind].file(), key: "$", reason: reason))
        }
    }
}
