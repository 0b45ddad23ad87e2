import Foundation
import NFTables
import RouterCompiler
import RouterModel

/// `vrc bench packets`: what a router's rules cost each packet, for vrc's compiled form and for the same rules
/// written linearly.
///
/// For each ACL size the router document has that many entries in the `web` tier's egress list, none of which
/// matches the test flow (sender 10.1.0.10 in `web` to the receiver 198.18.0.100 on the public side). In the
/// linear forms every packet of a new flow walks all of them before the default allow. vrc's compiled form
/// decides it with one lookup, since no entry names the receiver's address; ``PacketForm/compiledNamed`` adds
/// one entry that does (on a port the flow does not use), so that the flow walks every run of the list. Each form gets a ``PacketTopology`` of its own with its
/// rules loaded once; then every run measures each form in turn (the order rotates from run to run, so that drift
/// of the machine spreads over all forms): a one-way ``UDPFlood`` for the forwarding rate of packets that walk the
/// ACL, an answered one for packets of an established flow, then ``TCPConnectLatency``.
/// Every namespace is removed at the end of its size, also when a measurement fails.
///
/// ```swift
/// var options = PacketBenchmark.Options()
/// options.entryCounts = [0, 10_000]
/// let result = try PacketBenchmark(options: options).run { print($0) }
/// print(result.row(.compiled, entries: 10_000)?.ratioToEmpty.median ?? .nan)
/// ```
public struct PacketBenchmark: Sendable {
    /// What to measure.
    public struct Options: Hashable, Sendable {
        /// ACL sizes, in the order measured.
        public var entryCounts: [Int] = [0, 1_000, 10_000, 100_000]
        /// Forms of the rules; the empty ruleset is the reference for ``PacketRow/ratioToEmpty``.
        public var forms: [PacketForm] = PacketForm.allCases
        /// How long each UDP flood sends.
        public var duration: Duration = .seconds(2)
        /// Timed TCP connections per measurement.
        public var connections = 200
        /// Measurements of each form at each size.
        public var runs = 3
        /// UDP payload bytes (18: 64-byte frames).
        public var payloadBytes = 18
        /// Whether each measurement also floods an answered (established) flow, which a stateful router lets
        /// through before its ACLs.
        public var measuresEstablished = true
        /// Whether the sending and receiving threads are kept on processors 0 and 1 (with two or more).
        public var pinsThreads = true

        public init() {}
    }

    /// What to measure.
    public var options: Options

    public init(options: Options) {
        self.options = options
    }

    /// Commands the benchmark runs, by absolute path.
    public static func tools(for forms: [PacketForm]) -> [String] {
        [BenchNamespace.ip, PacketTopology.sysctl]
            + (forms.contains(.iptablesLegacy) ? [PacketRulesetLoader.iptablesLegacyRestore] : [])
    }

    /// Why the options cannot be run, or nil when they can (checked by ``run(progress:)`` too, which also needs
    /// root and the ``tools(for:)``).
    public func problem() -> String? {
        if let negative = options.entryCounts.first(where: { $0 < 0 }) {
            return "ACL sizes must be 0 or more, not \(negative)"
        }
        if options.entryCounts.isEmpty { return "no ACL size to measure" }
        if options.forms.isEmpty { return "no form to measure" }
        if options.duration <= .zero { return "the duration must be positive" }
        if options.connections < 0 { return "connections must be 0 or more, not \(options.connections)" }
        if options.runs < 1 { return "runs must be at least 1, not \(options.runs)" }
        if options.payloadBytes < 1 || options.payloadBytes > 1472 {
            return "the payload must be 1 to 1472 bytes, not \(options.payloadBytes)"
        }
        return nil
    }

    /// Runs every measurement; `progress` gets one line per step, for people watching.
    public func run(progress: (String) -> Void = { _ in }) throws(BenchError) -> PacketBenchmarkResult {
        if let problem = problem() { throw BenchError("packet benchmark: \(problem)", kind: .unavailable) }
        guard geteuid() == 0 else {
            throw BenchError("packet benchmark: needs root (it makes network namespaces)", kind: .unavailable)
        }
        try BenchTools.require(Self.tools(for: options.forms))
        let clock = ContinuousClock()
        let start = clock.now
        let loadBefore = Self.loadAverage()
        let machine = MachineInfo.current()
        var rows: [PacketRow] = []
        for entries in options.entryCounts {
            rows += try measure(entries: entries, progress: progress)
        }
        return PacketBenchmarkResult(
            machine: machine, durationSeconds: options.duration.milliseconds / 1000, payloadBytes: options.payloadBytes,
            connections: options.connections, runs: options.runs, senderCPU: cpus?.sender,
            receiverCPU: cpus?.receiver, loadAverageBefore: loadBefore,
            loadAverageAfter: Self.loadAverage(), wallSeconds: (clock.now - start).milliseconds / 1000, rows: rows)
    }

    /// The router document of the benchmark at `entries` ACL entries.
    public static func document(entries: Int) throws(BenchError) -> RouterDocument {
        var generator = RouterGenerator(aclEntries: entries, portForwards: 0, staticNATs: 0, loadBalancers: 0)
        generator.singleACLList = true
        generator.allowsCatchAll = false
        do {
            return try RouterDocument.decode(
                from: Data(generator.json().utf8), source: "generated router (\(entries) ACL entries)")
        } catch {
            throw BenchError("the generated router with \(entries) ACL entries is not valid: \(error)")
        }
    }

    /// `document` with one more entry first in the `web` egress list: deny tcp port 1 to the receiver's
    /// 198.18.0.0/16, which the test flow (UDP) never matches but whose prefix it is in.
    static func namingReceiver(_ document: RouterDocument) -> RouterDocument {
        var named = document
        guard var acl = named.networks["web"]?.acl, let prefix = CIDR("198.18.0.0/16"), let port = PortRange(port: 1)
        else { return document }
        let first = (acl.egress.map(\.number).min() ?? 10) - 1
        acl.egress.insert(ACLRule(number: first, action: .deny, protocol: .tcp, ports: port, cidrs: [prefix]), at: 0)
        named.networks["web"]?.acl = acl
        return named
    }

    /// Every form at one size: load each into its own topology, then the runs.
    private func measure(entries: Int, progress: (String) -> Void) throws(BenchError) -> [PacketRow] {
        let forms = options.forms
        let document = try Self.document(entries: entries)
        let loader = PacketRulesetLoader(
            compiled: RouterCompiler().compile(document),
            compiledNamed: RouterCompiler().compile(Self.namingReceiver(document)),
            linearDump: forms.contains(where: \.usesLinearDump) ? LinearRouterDump(document: document).text : nil)

        var topologies: [PacketTopology] = []
        defer {
            for topology in topologies { topology.remove() }
        }
        var rows: [PacketRow] = []
        for form in forms {
            let topology = try PacketTopology()
            topologies.append(topology)
            let loaded = try loader.load(form, into: topology)
            progress(
                "\(entries) entries, \(form.title): loaded \(loaded.rules) rules, \(loaded.setElements) elements "
                    + "in \(String(format: "%.0f", loaded.milliseconds)) ms")
            rows.append(
                PacketRow(
                    form: form, entries: entries, rules: loaded.rules, setElements: loaded.setElements,
                    loadMilliseconds: loaded.milliseconds))
        }

        let cpus = cpus
        let flood = UDPFlood(duration: options.duration, payloadBytes: options.payloadBytes, cpus: cpus)
        let established = UDPFlood(
            duration: options.duration, payloadBytes: options.payloadBytes, port: flood.port + 10, answered: true,
            cpus: cpus)
        let latency = TCPConnectLatency(connections: options.connections)
        for run in 0..<options.runs {
            var received: [PacketForm: Double] = [:]
            for step in 0..<forms.count {
                let index = (step + run) % forms.count
                let form = forms[index]
                let rate = try flood.run(through: topologies[index])
                guard rate.warmUpReached, rate.received > 0 else {
                    throw BenchError(
                        "\(form.title) at \(entries) entries: no datagram reached the receiver "
                            + "(\(rate.sent) sent); the router's rules drop the test flow")
                }
                var answered: UDPRate?
                if options.measuresEstablished {
                    let rate = try established.run(through: topologies[index])
                    guard rate.answerReached, rate.received > 0 else {
                        throw BenchError(
                            "\(form.title) at \(entries) entries: the receiver's answer did not come back through "
                                + "the router, or the answered flow did not get through")
                    }
                    answered = rate
                    rows[index].establishedPerSecond.append(rate.receivedPerSecond)
                    rows[index].receiverBufferDrops += rate.receiverBufferDrops
                }
                let connects = try latency.run(through: topologies[index])
                rows[index].receivedPerSecond.append(rate.receivedPerSecond)
                rows[index].sentPerSecond.append(rate.sentPerSecond)
                rows[index].receiverBufferDrops += rate.receiverBufferDrops
                rows[index].connectFailures += connects.failures
                if !connects.microseconds.isEmpty {
                    rows[index].connectMedianMicroseconds.append(connects.median)
                    rows[index].connectP99Microseconds.append(connects.p99)
                }
                received[form] = rate.receivedPerSecond
                progress(
                    "\(entries) entries, \(form.title), run \(run + 1): "
                        + "\(String(format: "%.0f", rate.receivedPerSecond)) received/s "
                        + "(\(String(format: "%.0f", rate.sentPerSecond)) sent/s), "
                        + (answered.map { "established \(String(format: "%.0f", $0.receivedPerSecond))/s, " } ?? "")
                        + "connect median \(String(format: "%.0f", connects.median)) µs")
            }
            if let empty = received[.empty], empty > 0 {
                for index in forms.indices {
                    if let rate = received[forms[index]] { rows[index].ratioToEmpty.append(rate / empty) }
                }
            }
        }
        return rows
    }

    /// Processors 0 and 1 for the sending and receiving threads, when there are two and pinning is asked for.
    private var cpus: (sender: Int, receiver: Int)? {
        options.pinsThreads && ProcessInfo.processInfo.activeProcessorCount >= 2 ? (0, 1) : nil
    }

    private static func loadAverage() -> Double {
        var loads = [Double](repeating: 0, count: 3)
        return getloadavg(&loads, 3) > 0 ? loads[0] : .nan
    }
}
