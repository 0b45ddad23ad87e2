import RouterModel

/// One connection a CloudStack behaviour test tries, with the outcome written by hand: what Apache CloudStack's
/// own virtual router does with the same databags (CLOUDSTACK.md, "What the router does with them"), not what
/// ``ModelSemantics`` derives from the imported document.
///
/// ```swift
/// let flow = CloudStackFlow.tcp(
///     .publicSide, "203.0.113.5", "198.51.100.10", 8080, .reaches("10.1.1.20", port: 80),
///     "firewall rule 2 opens 8080-8081; the forward maps 8080 to 10.1.1.20:80")
/// ```
internal struct CloudStackFlow: Sendable, CustomStringConvertible {
    /// What CloudStack's router does with the first packet.
    struct Outcome: Sendable {
        /// Whether the packet (and its answer) gets through.
        var delivered: Bool
        /// Where it ends up, or for a dropped flow where it would have ended up: listeners wait at each.
        var targets: [(address: String, port: Int?)]
        /// The source address the far side sees, when not the flow's own.
        var seenAs: String?

        /// Delivered to `address` (on `port`, when translated), seen from `seenAs` (default: the flow's source).
        static func reaches(_ address: String, port: Int? = nil, seenAs: String? = nil) -> Outcome {
            Outcome(delivered: true, targets: [(address, port)], seenAs: seenAs)
        }

        /// Dropped; a listener waits at the destination itself.
        static let dropped = Outcome(delivered: false, targets: [], seenAs: nil)

        /// Dropped; listeners wait at the destination and at `address:port`, where a translation would take it.
        static func dropped(wouldReach address: String, port: Int? = nil) -> Outcome {
            Outcome(delivered: false, targets: [(address, port)], seenAs: nil)
        }
    }

    var kind: Probe.Kind
    var origin: TopologyLayout.Side
    var source: String
    var destination: String
    /// The destination port for tcp and udp, the IP protocol for raw, `nil` for an ICMP echo.
    var port: Int?
    var outcome: Outcome
    /// Which databag entries decide, and how CloudStack applies them.
    var why: String

    static func tcp(
        _ origin: TopologyLayout.Side, _ source: String, _ destination: String, _ port: Int, _ outcome: Outcome,
        _ why: String
    ) -> CloudStackFlow {
        CloudStackFlow(
            kind: .tcp, origin: origin, source: source, destination: destination, port: port, outcome: outcome,
            why: why)
    }

    static func udp(
        _ origin: TopologyLayout.Side, _ source: String, _ destination: String, _ port: Int, _ outcome: Outcome,
        _ why: String
    ) -> CloudStackFlow {
        CloudStackFlow(
            kind: .udp, origin: origin, source: source, destination: destination, port: port, outcome: outcome,
            why: why)
    }

    /// An ICMP echo request.
    static func echo(
        _ origin: TopologyLayout.Side, _ source: String, _ destination: String, _ outcome: Outcome, _ why: String
    ) -> CloudStackFlow {
        CloudStackFlow(
            kind: .icmp, origin: origin, source: source, destination: destination, port: nil, outcome: outcome,
            why: why)
    }

    /// One packet of IP protocol `proto` (47 GRE, 112 VRRP), seen only in the listeners' logs.
    static func raw(
        _ origin: TopologyLayout.Side, _ source: String, _ destination: String, proto: Int, _ outcome: Outcome,
        _ why: String
    ) -> CloudStackFlow {
        CloudStackFlow(
            kind: .raw, origin: origin, source: source, destination: destination, port: proto, outcome: outcome,
            why: why)
    }

    /// The IP protocol number.
    var proto: UInt8 {
        switch kind {
        case .tcp, .invalidTCP: return 6
        case .udp: return 17
        case .icmp: return destination.contains(":") ? 58 : 1
        case .raw: return UInt8(clamping: port ?? 0)
        }
    }

    var description: String {
        let detail: String
        switch kind {
        case .tcp, .udp, .invalidTCP: detail = "\(kind.rawValue) \(source) -> \(destination):\(port ?? 0)"
        case .icmp: detail = "echo \(source) -> \(destination)"
        case .raw: detail = "proto \(port ?? 0) \(source) -> \(destination)"
        }
        let verdict: String
        if outcome.delivered {
            let target = outcome.targets.first.map { "\($0.address)" + ($0.port.map { ":\($0)" } ?? "") } ?? "?"
            verdict = "reaches \(target)" + (outcome.seenAs.map { " as \($0)" } ?? "")
        } else {
            verdict = "dropped"
        }
        return "\(detail) \(verdict) (\(why))"
    }

    /// The flow as a harness probe whose verdict is this hand-written outcome; `nil` when an address does not parse.
    func probe(id: Int, layout: TopologyLayout) -> Probe? {
        guard let from = InternetAddress(source), let to = InternetAddress(destination) else { return nil }
        let carriesPorts = kind == .tcp || kind == .udp
        let flowPort: Int? =
            switch kind {
            case .tcp, .udp, .invalidTCP: port
            case .icmp: proto == 1 ? 8 : 128
            case .raw: nil
            }
        let flow = ModelSemantics.Flow(origin: origin, source: from, destination: to, proto: proto, port: flowPort)
        var targets: [ModelSemantics.Target] = []
        if !outcome.delivered {
            targets.append(ModelSemantics.Target(address: to, port: carriesPorts ? port : nil))
        }
        for target in outcome.targets {
            guard let address = InternetAddress(target.address) else { return nil }
            targets.append(ModelSemantics.Target(address: address, port: carriesPorts ? target.port ?? port : nil))
        }
        var seen = from
        if let seenAs = outcome.seenAs {
            guard let address = InternetAddress(seenAs) else { return nil }
            seen = address
        }
        let verdict = ModelSemantics.Verdict(
            targets: targets, allowed: outcome.delivered, seenSource: seen, returns: outcome.delivered,
            reason: "CloudStack: \(why)")
        return Probe(
            id: id, category: category(to: to, layout: layout), kind: kind, flow: flow, count: 1, verdict: verdict)
    }

    /// The Semantics bullet the flow falls under, for the harness's messages only.
    private func category(to destination: InternetAddress, layout: TopologyLayout) -> Probe.Category {
        if kind == .raw, port == 112 { return .vrrp }
        let toRouter = layout.side(of: destination) == .router
        switch origin {
        case .router: return .loopback
        case .control: return .control
        case .publicSide: return toRouter ? .publicInput : .publicToGuest
        case .guest:
            if toRouter { return .guestInput }
            if case .guest = layout.side(of: destination) { return .guestToGuest }
            return .guestToPublic
        }
    }
}
