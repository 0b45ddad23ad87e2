import Foundation

/// Everything one packet benchmark measured, with the conditions it ran under.
public struct PacketBenchmarkResult: Codable, Hashable, Sendable {
    /// The machine, kernel and date of the run.
    public var machine: MachineInfo
    /// Seconds each UDP flood sent for.
    public var durationSeconds: Double
    /// UDP payload bytes (18: 64-byte frames).
    public var payloadBytes: Int
    /// Timed TCP connections per measurement.
    public var connections: Int
    /// Measurements of each form at each size.
    public var runs: Int
    /// The processors the sending and the receiving thread were kept on; nil when the scheduler placed them.
    public var senderCPU: Int?
    public var receiverCPU: Int?
    /// The one-minute load average before and after the run: other work on the machine shows here.
    public var loadAverageBefore: Double
    public var loadAverageAfter: Double
    /// Wall time of the whole benchmark, loading included, in seconds.
    public var wallSeconds: Double
    /// One row per form and size, sizes in the order given, forms in the order given.
    public var rows: [PacketRow]

    public init(
        machine: MachineInfo, durationSeconds: Double, payloadBytes: Int, connections: Int,
        runs: Int, senderCPU: Int?, receiverCPU: Int?, loadAverageBefore: Double, loadAverageAfter: Double,
        wallSeconds: Double, rows: [PacketRow]
    ) {
        self.machine = machine
        self.durationSeconds = durationSeconds
        self.payloadBytes = payloadBytes
        self.connections = connections
        self.runs = runs
        self.senderCPU = senderCPU
        self.receiverCPU = receiverCPU
        self.loadAverageBefore = loadAverageBefore
        self.loadAverageAfter = loadAverageAfter
        self.wallSeconds = wallSeconds
        self.rows = rows
    }

    /// The row of `form` at `entries`, if measured.
    public func row(_ form: PacketForm, entries: Int) -> PacketRow? {
        rows.first { $0.form == form && $0.entries == entries }
    }

    /// What the form's rules add to each packet at `entries`, in nanoseconds: the time per packet (the inverse of
    /// the received rate) over the empty ruleset's at the same size. The whole path of a packet, from the
    /// sender's system call through the router to the receiver's socket, runs on the sending core (veth hands
    /// packets on in the sender's context), so the rate is the inverse of that path's cost on one core.
    public func addedNanosecondsPerPacket(_ form: PacketForm, entries: Int) -> Double? {
        guard let measured = row(form, entries: entries), let empty = row(.empty, entries: entries),
            measured.receivedPerSecond.median > 0, empty.receivedPerSecond.median > 0
        else { return nil }
        return 1e9 / measured.receivedPerSecond.median - 1e9 / empty.receivedPerSecond.median
    }

    /// The received rate of `form` at `entries` over the same form's rate without entries (medians): what the
    /// entries alone cost, apart from what the form costs at all (conntrack, NAT).
    public func ratioToNoEntries(_ form: PacketForm, entries: Int) -> Double? {
        guard let measured = row(form, entries: entries), let base = row(form, entries: 0),
            base.receivedPerSecond.median > 0
        else { return nil }
        return measured.receivedPerSecond.median / base.receivedPerSecond.median
    }
}
