import CloudStackImport
import Foundation
import RouterCompiler
import RouterModel

/// Imports a CloudStack fixture folder, applies the compiled document in a namespace topology and tries a table of
/// ``CloudStackFlow``s against it with real packets.
///
/// On top of ``TopologyLayout``'s plan it gives the public host every public source the table uses, routes the guest
/// prefixes from the public host through the router (so that untranslated public-to-guest flows are really tried),
/// puts extra source addresses on guest hosts, and, for redundant routers, joins the router's guest interfaces to
/// the VRRP group 224.0.0.18 so that an advertisement sent there is delivered as keepalived's would be.
///
/// ```swift
/// let problems = try CloudStackFlowRunner(fixture: "isolated-vr").run(flows)
/// for (flow, problem) in problems { Issue.record("\(flow): \(problem)") }
/// ```
internal struct CloudStackFlowRunner {
    /// A table entry the topology cannot try as written (a typo, or an address no host holds).
    struct TableError: Error, CustomStringConvertible {
        var description: String
    }

    /// The VRRP multicast group (RFC 5798) keepalived advertises to.
    static let vrrpGroup = "224.0.0.18"

    let fixture: String
    let document: RouterDocument
    /// Addresses to add to guest hosts, by network, as sources of flows (`"10.10.2.5"`).
    var extraSources: [String: [String]] = [:]

    /// Imports `fixtures/cloudstack/<fixture>/`.
    init(fixture: String, extraSources: [String: [String]] = [:]) throws {
        self.fixture = fixture
        self.extraSources = extraSources
        document = try CloudStackImporter().importConfiguration(at: [Self.folder(fixture)]).document
    }

    /// Tries `document` in place of the fixture's import (to show that a table notices a wrong document).
    init(fixture: String, document: RouterDocument, extraSources: [String: [String]] = [:]) {
        self.fixture = fixture
        self.document = document
        self.extraSources = extraSources
    }

    /// The fixture folder's path.
    static func folder(_ fixture: String) -> String {
        Fixtures.url("cloudstack/\(fixture)").path
    }

    /// The layout the flows run in.
    func layout(for flows: [CloudStackFlow]) -> TopologyLayout {
        let publicSources = Set(flows.filter { $0.origin == .publicSide }.compactMap { InternetAddress($0.source) })
        return TopologyLayout(document: document, publicSources: publicSources, routeGuestsFromPublic: true)
    }

    /// Why the table cannot be tried as written, flow by flow: addresses that do not parse, sources their origin
    /// does not hold, destinations that are nobody's.
    func tableProblems(_ flows: [CloudStackFlow]) -> [String] {
        let layout = layout(for: flows)
        var problems: [String] = []
        for (index, flow) in flows.enumerated() {
            guard let source = InternetAddress(flow.source), let destination = InternetAddress(flow.destination) else {
                problems.append("flow \(index + 1): an address does not parse: \(flow)")
                continue
            }
            let extras: [InternetAddress]
            if case .guest(let network) = flow.origin {
                extras = (extraSources[network] ?? []).compactMap(InternetAddress.init)
            } else {
                extras = []
            }
            let held = (layout.host(flow.origin)?.addresses ?? []) + extras
            if !held.contains(source) {
                problems.append("flow \(index + 1): \(flow.origin) does not hold \(source): \(flow)")
            }
            if flow.destination != Self.vrrpGroup, layout.side(of: destination) == nil {
                problems.append("flow \(index + 1): no namespace holds \(destination): \(flow)")
            }
            if flow.probe(id: index + 1, layout: layout) == nil {
                problems.append("flow \(index + 1): a target does not parse: \(flow)")
            }
        }
        return problems
    }

    /// Builds the topology, applies the compiled document, runs every flow at once and returns, for each flow that
    /// did not go as CloudStack would, the flow and what happened instead.
    func run(_ flows: [CloudStackFlow]) throws -> [(flow: CloudStackFlow, problem: String)] {
        let problems = tableProblems(flows)
        guard problems.isEmpty else { throw TableError(description: problems.joined(separator: "\n")) }
        let layout = layout(for: flows)
        let topology = try RouterTopology(layout: layout)
        defer { topology.close() }
        for (network, addresses) in extraSources {
            guard let host = topology.namespace(.guest(network)), let link = layout.host(.guest(network))?.links.first
            else { throw TableError(description: "\(fixture): no guest host for \(network)") }
            for address in addresses.compactMap(InternetAddress.init) {
                guard let prefix = link.hostAddresses.first(where: { $0.prefix.contains(address) }) else {
                    throw TableError(description: "\(fixture): \(address) is outside \(network)'s prefixes")
                }
                try host.checkedRun([
                    "ip", "address", "add", "\(address)/\(prefix.prefixLength)", "dev", link.hostInterface,
                ])
            }
        }
        var listenAlso: [TopologyLayout.Side: [NamespaceServer.Listen]] = [:]
        if flows.contains(where: { $0.destination == Self.vrrpGroup }) {
            for interface in document.interfaces where interface.role == .guest {
                try topology.router.checkedRun([
                    "ip", "address", "add", "\(Self.vrrpGroup)/32", "dev", interface.name, "autojoin",
                ])
            }
            listenAlso[.router] = [NamespaceServer.Listen(kind: "raw", family: 4, port: 112)]
        }
        try RouterCompiler(tableName: "vrc").compile(document).apply(to: topology.router.namespace)

        let probes = flows.enumerated().compactMap { index, flow in flow.probe(id: index + 1, layout: layout) }
        let outcomes = try topology.run(probes, listenAlso: listenAlso)
        var failures: [(flow: CloudStackFlow, problem: String)] = []
        for (probe, flow) in zip(probes, flows) {
            guard let outcome = outcomes[probe.id] else {
                failures.append((flow, "no outcome"))
                continue
            }
            if let problem = ProbeCheck.problem(probe, outcome, layout: layout) { failures.append((flow, problem)) }
        }
        return failures
    }
}
