import Foundation
import RouterModel
import Synchronization

/// What one probe got: the client's answers (one per attempt) and what the listeners logged for it.
internal struct ProbeOutcome: Sendable {
    var answers: [String?]
    /// Log entries of datagrams and raw packets that carried this probe's id, with the side that logged them.
    var receipts: [(TopologyLayout.Side, NamespaceServer.Receipt)]
}

extension RouterTopology {
    /// A command or client run failed in a way that says nothing about the ruleset.
    struct ProbeFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts listeners wherever the probes may end up, runs every probe (each source namespace's probes at
    /// once, all namespaces in parallel), then stops the listeners and returns each probe's outcome by id.
    func run(_ probes: [Probe], listenAlso extra: [TopologyLayout.Side: [NamespaceServer.Listen]] = [:]) throws
        -> [Int: ProbeOutcome]
    {
        var listens = extra.mapValues(Set.init)
        for probe in probes where probe.kind != .icmp {
            for target in probe.verdict.targets {
                guard let side = layout.side(of: target.address) else { continue }
                let kind = probe.kind.sendsOnly ? "raw" : probe.kind.rawValue
                let port = probe.kind.sendsOnly ? Int(probe.flow.proto) : (target.port ?? 0)
                let family = target.address.family == .ipv4 ? 4 : 6
                listens[side, default: []].insert(NamespaceServer.Listen(kind: kind, family: family, port: port))
            }
        }
        var servers: [(TopologyLayout.Side, NamespaceServer)] = []
        defer { for (_, server) in servers { server.stop() } }
        for (side, wanted) in listens {
            guard let namespace = namespace(side) else { continue }
            servers.append((side, try NamespaceServer(namespace: namespace.name, listens: Array(wanted))))
        }

        let groups = Dictionary(grouping: probes) { $0.flow.origin }.map { ($0.key, $0.value) }
        let answers = Mutex<[Int: [String?]]>([:])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: groups.count) { index in
            let (side, group) = groups[index]
            do {
                let result = try runClient(in: side, group)
                answers.withLock { $0.merge(result) { first, _ in first } }
            } catch {
                failures.withLock { $0.append("\(side): \(error)") }
            }
        }
        if let failure = failures.withLock({ $0.first }) { throw ProbeFailure(description: failure) }
        // A datagram that was let through is logged within microseconds; give stragglers a moment.
        usleep(100_000)
        var receipts: [String: [(TopologyLayout.Side, NamespaceServer.Receipt)]] = [:]
        for (side, server) in servers {
            for receipt in server.receipts {
                if let id = receipt.id { receipts[id, default: []].append((side, receipt)) }
            }
        }
        let collected = answers.withLock { $0 }
        return Dictionary(
            uniqueKeysWithValues: probes.map { probe in
                (probe.id, ProbeOutcome(answers: collected[probe.id] ?? [], receipts: receipts[String(probe.id)] ?? []))
            })
    }

    private func runClient(in side: TopologyLayout.Side, _ probes: [Probe]) throws -> [Int: [String?]] {
        guard let namespace = namespace(side) else { throw ProbeFailure(description: "no namespace for \(side)") }
        let specs: [[String: Any]] = probes.map { probe in
            [
                "id": probe.id, "kind": probe.kind.rawValue, "src": probe.flow.source.description,
                "dst": probe.flow.destination.description, "port": probe.wirePort, "count": probe.count,
            ]
        }
        let argument = String(decoding: try JSONSerialization.data(withJSONObject: specs), as: UTF8.self)
        let result = try namespace.run([PythonScripts.interpreter, "-c", PythonScripts.client, argument])
        guard result.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [Any]]
        else {
            throw ProbeFailure(description: "client in \(side) failed (\(result.status)): \(result.stderr)")
        }
        var answers: [Int: [String?]] = [:]
        for (key, list) in object {
            guard let id = Int(key) else { continue }
            answers[id] = list.map { $0 as? String }
        }
        return answers
    }
}

/// Compares a probe's outcome with the model's verdict.
internal enum ProbeCheck {
    /// Why the outcome contradicts the verdict, or `nil` when it agrees.
    static func problem(_ probe: Probe, _ outcome: ProbeOutcome, layout: TopologyLayout) -> String? {
        let verdict = probe.verdict
        let answered = outcome.answers.compactMap { $0 }
        guard outcome.answers.count == probe.count else {
            return "the client returned \(outcome.answers.count) answers for \(probe.count) attempts"
        }
        let targets = Set(verdict.targets)
        let delivered = outcome.receipts.filter { _, receipt in
            InternetAddress(receipt.peer) == verdict.seenSource
                && (receipt.local.flatMap(InternetAddress.init).map { local in
                    targets.contains { $0.address == local && ($0.port == nil || $0.port == receipt.port) }
                } ?? true)
        }
        if !verdict.allowed {
            // A raw packet is only ever "sent"; whether it arrived shows in the listeners' logs.
            if !probe.kind.sendsOnly, !answered.isEmpty { return "expected no answer, got \(answered)" }
            if !outcome.receipts.isEmpty {
                return "expected nothing delivered, but logged \(outcome.receipts.map(\.1))"
            }
            return nil
        }
        switch probe.kind {
        case .icmp:
            return answered.count == probe.count ? nil : "expected an echo reply, got none"
        case .raw, .invalidTCP:
            return delivered.isEmpty
                ? "expected the packet delivered to \(verdict.targets.map(\.address)) from \(verdict.seenSource), "
                    + "logged \(outcome.receipts.map(\.1))" : nil
        case .tcp, .udp:
            if !verdict.returns {
                if !answered.isEmpty { return "expected no answer (the reply cannot return), got \(answered)" }
                if probe.kind == .udp, delivered.isEmpty {
                    let logged = outcome.receipts.map(\.1)
                    return "expected the datagram delivered from \(verdict.seenSource), logged \(logged)"
                }
                return nil
            }
            guard answered.count == probe.count else {
                return "expected \(probe.count) answers, got \(answered.count): \(outcome.answers)"
            }
            var reached = Set<ModelSemantics.Target>()
            for answer in answered {
                let fields = answer.split(separator: " ").map(String.init)
                guard fields.count == 3, let peer = InternetAddress(fields[0]), let local = InternetAddress(fields[1]),
                    let port = Int(fields[2])
                else { return "unreadable answer \(answer)" }
                if peer != verdict.seenSource { return "the far side saw \(peer), expected \(verdict.seenSource)" }
                let target = ModelSemantics.Target(address: local, port: port)
                if !targets.contains(target) {
                    let expected = verdict.targets.map { "\($0.address):\($0.port ?? 0)" }
                    return "reached \(local):\(port), expected one of \(expected)"
                }
                reached.insert(target)
            }
            if probe.count > 1, reached != targets {
                return "\(probe.count) connections reached only \(reached.count) of \(targets.count) backends"
            }
            return nil
        }
    }
}
