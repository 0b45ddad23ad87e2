import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Times new TCP connections from a ``PacketTopology``'s sender to its receiver, one after another: from
/// `connect` to the handshake's end, so each time holds the SYN's way through the router's rules for new flows
/// and the SYN-ACK's way back.
///
/// Each connection is closed by the client with `SO_LINGER` 0 (a reset), so that no `TIME_WAIT` state piles up;
/// the listener accepts and closes. One connection before the timed ones warms up the neighbour entries. A
/// connection that is not established within `timeout` counts as failed; after three failures in a row the rest
/// are not tried and count as failed too (a router that drops the flow would otherwise take minutes).
///
/// ```swift
/// let result = try TCPConnectLatency(connections: 200).run(through: topology)
/// print(Statistics.median(result.microseconds))
/// ```
public struct TCPConnectLatency: Sendable {
    /// Timed connections.
    public var connections: Int
    /// The receiver's TCP port.
    public var port: UInt16
    /// How long one connection may take.
    public var timeout: Duration

    public init(connections: Int, port: UInt16 = 5002, timeout: Duration = .seconds(1)) {
        self.connections = connections
        self.port = port
        self.timeout = timeout
    }

    /// The times of the connections that were established, and how many were not.
    public struct Result: Codable, Hashable, Sendable {
        /// Each established connection's time in microseconds, in order.
        public var microseconds: [Double]
        /// Connections not established within the timeout (or refused).
        public var failures: Int

        public init(microseconds: [Double], failures: Int) {
            self.microseconds = microseconds
            self.failures = failures
        }

        /// The median time; NaN when none was established.
        public var median: Double { Statistics.median(microseconds) }
        /// The 99th percentile (nearest rank); NaN when none was established.
        public var p99: Double {
            let sorted = microseconds.sorted()
            guard !sorted.isEmpty else { return .nan }
            let rank = Int((0.99 * Double(sorted.count)).rounded(.up))
            return sorted[max(0, min(sorted.count - 1, rank - 1))]
        }
    }

    /// Listens in the receiver, connects from the sender `connections` times and returns the times.
    public func run(through topology: PacketTopology) throws(BenchError) -> Result {
        guard connections >= 0 else { throw BenchError("TCP connect: \(connections) connections; 0 or more") }
        let state = ListenerState()
        let port = port
        let listener = try NamespaceThread.start(in: topology.receiver.path) { () throws(BenchError) -> Int in
            try Self.listen(port: port, state: state)
        }
        guard state.ready.wait() else {
            state.stop.store(true, ordering: .releasing)
            _ = try listener.join()
            throw BenchError("TCP connect: the listener did not start in 5 s")
        }
        let latency = self
        let result: Result
        do throws(BenchError) {
            let client = try NamespaceThread.start(in: topology.sender.path) { () throws(BenchError) -> Result in
                latency.connectAll()
            }
            result = try client.join()
        } catch {
            state.stop.store(true, ordering: .releasing)
            _ = try? listener.join()
            throw error
        }
        state.stop.store(true, ordering: .releasing)
        _ = try listener.join()
        return result
    }

    /// The client's thread: the warm-up connection, then the timed ones.
    private func connectAll() -> Result {
        var times: [Double] = []
        times.reserveCapacity(connections)
        var failures = 0
        var failuresInRow = 0
        _ = connectOnce()
        for _ in 0..<connections {
            if failuresInRow >= 3 {
                failures += 1
                continue
            }
            if let microseconds = connectOnce() {
                times.append(microseconds)
                failuresInRow = 0
            } else {
                failures += 1
                failuresInRow += 1
            }
        }
        return Result(microseconds: times, failures: failures)
    }

    /// One connection: its time in microseconds, or nil when it failed.
    private func connectOnce() -> Double? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        SocketCalls.setOption(descriptor, SOL_SOCKET, SO_LINGER, linger(l_onoff: 1, l_linger: 0))
        var address = SocketCalls.address(PacketTopology.receiverAddress, port: port)
        let clock = ContinuousClock()
        let start = clock.now
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if connected != 0 {
            guard errno == EINPROGRESS else { return nil }
            var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            let waitMilliseconds = Int32(max(1, timeout.milliseconds.rounded()))
            var ready: Int32
            repeat { ready = poll(&poller, 1, waitMilliseconds) } while ready < 0 && errno == EINTR
            guard ready == 1 else { return nil }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length) == 0, error == 0 else { return nil }
        }
        return (clock.now - start).milliseconds * 1000
    }

    /// The listener's thread: accepts and resets connections until told to stop. Returns the connections accepted.
    private static func listen(port: UInt16, state: ListenerState) throws(BenchError) -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else {
            state.ready.fail()
            throw BenchError("TCP connect: listener socket: \(SocketCalls.lastError)")
        }
        defer { close(descriptor) }
        SocketCalls.setOption(descriptor, SOL_SOCKET, SO_REUSEADDR, Int32(1))
        var address = SocketCalls.address(0, port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, Glibc.listen(descriptor, 4096) == 0 else {
            state.ready.fail()
            throw BenchError("TCP connect: listen on port \(port): \(SocketCalls.lastError)")
        }
        state.ready.succeed()
        var accepted = 0
        while !state.stop.load(ordering: .acquiring) {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 20) == 1 else { continue }
            let connection = accept(descriptor, nil, nil)
            guard connection >= 0 else { continue }
            // A plain close (FIN): a reset from here could reach the client before it has read that its connect
            // succeeded, and make it look failed. The client's reset then ends both sides without TIME_WAIT.
            close(connection)
            accepted += 1
        }
        return accepted
    }
}

/// What the listener and the benchmark share.
private final class ListenerState: Sendable {
    /// Whether the listener is ready.
    let ready = ReadyFlag()
    /// Set when the client is done.
    let stop = Atomic<Bool>(false)
}
