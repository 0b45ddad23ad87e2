import Foundation
import NFTables
import RouterModel

/// A router document made real: a router namespace with the document's interfaces and addresses, a host
/// namespace per guest network and per control interface, and one public-side namespace, joined by veth pairs.
///
/// Forwarding is on in the router only. Hosts route everything through the router; the router's default route
/// points at the public host, which has no route back to guest prefixes, so traffic that leaves without source
/// NAT cannot be answered. Every namespace is deleted by ``close()`` or when the topology goes away.
///
/// ```swift
/// let topology = try RouterTopology(document: document)
/// defer { topology.close() }
/// try ruleset.apply(to: topology.router.namespace)
/// let results = try topology.run(probes)
/// ```
internal final class RouterTopology: Sendable {
    /// The address plan.
    let layout: TopologyLayout
    /// The router's namespace.
    let router: TestNamespace
    /// The host namespaces, by side.
    let hosts: [TopologyLayout.Side: TestNamespace]

    /// Builds the namespaces, links, addresses and routes of `layout`; on failure removes what it made.
    init(layout: TopologyLayout) throws {
        self.layout = layout
        router = try TestNamespace()
        var made: [TopologyLayout.Side: TestNamespace] = [:]
        do {
            for host in layout.hosts { made[host.side] = try TestNamespace() }
            hosts = made
            try Self.configure(router: router, hosts: made, layout: layout)
        } catch {
            for namespace in made.values { namespace.close() }
            router.close()
            throw error
        }
    }

    /// Lays out and builds the topology of `document`; see ``TopologyLayout/init(document:publicSources:)``.
    convenience init(document: RouterDocument, publicSources: Set<InternetAddress> = []) throws {
        try self.init(layout: TopologyLayout(document: document, publicSources: publicSources))
    }

    deinit {
        close()
    }

    /// Deletes every namespace (which deletes the links with them); later calls do nothing.
    func close() {
        for namespace in hosts.values { namespace.close() }
        router.close()
    }

    /// The namespace of `side`.
    func namespace(_ side: TopologyLayout.Side) -> TestNamespace? {
        side == .router ? router : hosts[side]
    }

    private static func configure(
        router: TestNamespace, hosts: [TopologyLayout.Side: TestNamespace], layout: TopologyLayout
    ) throws {
        // Duplicate address detection would leave new IPv6 addresses unusable for a second or more; reverse path
        // filtering would drop untranslated guest traffic at the public host, which has no route back to it.
        let quiet = [
            "sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0",
            "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0",
        ]
        for namespace in [router] + Array(hosts.values) { try namespace.checkedRun(quiet) }
        try router.checkedRun([
            "sysctl", "-q", "-w", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1",
        ])

        var routerBatch: [String] = []
        var hostBatches: [(TestNamespace, [String])] = []
        for host in layout.hosts {
            guard let namespace = hosts[host.side] else { continue }
            var hostBatch: [String] = []
            for link in host.links {
                let interface = link.routerInterface
                var add = "link add \(interface.name)"
                if let mac = interface.mac { add += " address \(mac)" }
                add += " type veth peer name \(link.hostInterface) netns \(namespace.name)"
                routerBatch.append(add)
                for cidr in interface.addresses {
                    routerBatch.append("address add \(cidr) dev \(interface.name)" + nodad(cidr))
                }
                routerBatch.append("link set \(interface.name) up")
                for cidr in link.hostAddresses {
                    hostBatch.append("address add \(cidr) dev \(link.hostInterface)" + nodad(cidr))
                }
                hostBatch.append("link set \(link.hostInterface) up")
            }
            for address in host.loopbackAddresses {
                let cidr = CIDR(address: address, prefixLength: address.family.bitWidth)!
                hostBatch.append("address add \(cidr) dev lo" + nodad(cidr))
            }
            for via in host.defaultRoutes {
                hostBatch.append("route add default via \(via)")
            }
            for route in host.routes {
                hostBatch.append("route add \(route.prefix) via \(route.via)")
            }
            hostBatches.append((namespace, hostBatch))
        }
        // The peers must exist before the hosts configure them, so the router goes first; its routes go last,
        // once the public host's addresses are up.
        try batch(router, routerBatch)
        for (namespace, commands) in hostBatches { try batch(namespace, commands) }
        try batch(router, layout.routerDefaultRoutes.map { "route add default via \($0)" })
    }

    private static func batch(_ namespace: TestNamespace, _ commands: [String]) throws {
        guard !commands.isEmpty else { return }
        try namespace.checkedRun(["ip", "-batch", "-"], input: commands.joined(separator: "\n") + "\n")
    }

    private static func nodad(_ cidr: CIDR) -> String {
        cidr.family == .ipv6 ? " nodad" : ""
    }
}
