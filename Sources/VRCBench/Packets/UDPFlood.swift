import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Sends small UDP datagrams from a ``PacketTopology``'s sender to its receiver as fast as one thread can
/// (`sendmmsg`, 64 at a call) for a fixed time, and counts what arrives (`recvmmsg` on a second thread).
///
/// Before the window opens, single warm-up datagrams are sent until one arrives (at most 2 s), so that the
/// neighbour entries and the flow's conntrack entry exist; the receiver tells warm-up datagrams from measured
/// ones by their first byte. Without ``answered`` the flow is one-way: on a stateful router every datagram belongs
/// to a flow that has not been answered (conntrack state `new`) and walks the rules for new flows, the ACL. With
/// it, the receiver answers the first warm-up datagram and the sender waits for the answer, so the window's
/// datagrams belong to an established flow, which a stateful router lets through before any ACL.
///
/// ```swift
/// let rate = try UDPFlood(duration: .milliseconds(500)).run(through: topology)
/// ```
public struct UDPFlood: Sendable {
    /// How long the sender sends.
    public var duration: Duration
    /// UDP payload bytes; 18 makes 64-byte Ethernet frames (with the frame check sequence), the smallest there are.
    public var payloadBytes: Int
    /// The receiver's UDP port.
    public var port: UInt16
    /// Whether the receiver answers the flow before the window, making it an established flow.
    public var answered: Bool
    /// The processors the sending and the receiving thread are kept on, or nil to let the scheduler place them.
    /// On separate processors neither thread waits for the other; the packets' whole way through the router
    /// runs on the sender's (veth hands packets on in the sender's context).
    public var cpus: (sender: Int, receiver: Int)?

    public init(
        duration: Duration, payloadBytes: Int = 18, port: UInt16 = 5001, answered: Bool = false,
        cpus: (sender: Int, receiver: Int)? = nil
    ) {
        self.duration = duration
        self.payloadBytes = payloadBytes
        self.port = port
        self.answered = answered
        self.cpus = cpus
    }

    private static let batch = 64
    private static let receiveBufferBytes: Int32 = 32 << 20

    /// Runs the flood through `topology` and returns what was sent and received.
    public func run(through topology: PacketTopology) throws(BenchError) -> UDPRate {
        guard payloadBytes >= 1, payloadBytes <= 1472 else {
            throw BenchError("UDP flood: payload of \(payloadBytes) bytes; 1 to 1472 fit one frame")
        }
        guard duration > .zero else { throw BenchError("UDP flood: the duration must be positive, not \(duration)") }
        let state = FloodState()
        let flood = self
        let receiver = try NamespaceThread.start(in: topology.receiver.path) { () throws(BenchError) -> (Int, Int) in
            if let cpus = flood.cpus { _ = SocketCalls.pin(toCPU: cpus.receiver) }
            return try flood.receive(state: state)
        }
        guard state.ready.wait() else {
            state.stop.store(true, ordering: .releasing)
            _ = try receiver.join()
            throw BenchError("UDP flood: the receiver did not start in 5 s")
        }
        let sent: SenderOutcome
        do throws(BenchError) {
            let sender = try NamespaceThread.start(in: topology.sender.path) { () throws(BenchError) in
                try flood.send(state: state)
            }
            sent = try sender.join()
        } catch {
            state.stop.store(true, ordering: .releasing)
            _ = try? receiver.join()
            throw error
        }
        state.stop.store(true, ordering: .releasing)
        let (received, drops) = try receiver.join()
        return UDPRate(
            sent: sent.count, received: received, seconds: sent.seconds, receiverBufferDrops: drops,
            warmUpReached: sent.reached, answerReached: sent.answerReached)
    }

    private struct SenderOutcome: Sendable {
        var count: Int
        var seconds: Double
        var reached: Bool
        var answerReached: Bool
    }

    /// The sender's thread: warm-up (and the answer), then the window.
    private func send(state: FloodState) throws(BenchError) -> SenderOutcome {
        let calls = try SocketCalls.check()
        if let cpus { _ = SocketCalls.pin(toCPU: cpus.sender) }
        let socket = Glibc.socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard socket >= 0 else { throw BenchError("UDP flood: sender socket: \(SocketCalls.lastError)") }
        defer { close(socket) }
        SocketCalls.setOption(socket, SOL_SOCKET, SO_SNDBUFFORCE, Int32(4 << 20))

        var destination = SocketCalls.address(PacketTopology.receiverAddress, port: port)
        let payload = UnsafeMutableRawBufferPointer.allocate(byteCount: payloadBytes, alignment: 8)
        defer { payload.deallocate() }
        payload.initializeMemory(as: UInt8.self, repeating: 0x5A)
        var vector = iovec(iov_base: payload.baseAddress, iov_len: payloadBytes)
        let headers = UnsafeMutablePointer<SocketCalls.MultipleMessageHeader>.allocate(capacity: Self.batch)
        defer { headers.deallocate() }

        return withUnsafeMutablePointer(to: &destination) { destinationPointer in
            withUnsafeMutablePointer(to: &vector) { vectorPointer in
                for index in 0..<Self.batch {
                    var header = msghdr()
                    header.msg_name = UnsafeMutableRawPointer(destinationPointer)
                    header.msg_namelen = socklen_t(MemoryLayout<sockaddr_in>.size)
                    header.msg_iov = vectorPointer
                    header.msg_iovlen = 1
                    (headers + index).initialize(to: .init(header: header, length: 0))
                }
                let clock = ContinuousClock()
                let raw = UnsafeMutableRawPointer(headers)

                // Warm-up: one datagram every 10 ms until the receiver has seen one.
                payload[0] = 0
                let warmUpEnd = clock.now + .seconds(2)
                var reached = false
                while clock.now < warmUpEnd {
                    _ = calls.sendmmsg(socket, raw, 1, 0)
                    usleep(10_000)
                    if state.warmUpSeen.load(ordering: .acquiring) > 0 {
                        reached = true
                        break
                    }
                }
                let answerReached = reached && answered && Self.awaitAnswer(on: socket)

                payload[0] = 1
                var sent = 0
                let start = clock.now
                let end = start + duration
                var now = start
                while now < end {
                    let count = calls.sendmmsg(socket, raw, UInt32(Self.batch), 0)
                    if count > 0 { sent += Int(count) }
                    now = clock.now
                }
                return SenderOutcome(
                    count: sent, seconds: (now - start).milliseconds / 1000, reached: reached,
                    answerReached: answerReached)
            }
        }
    }

    /// Waits up to a second for the receiver's answer on the sender's socket.
    private static func awaitAnswer(on socket: Int32) -> Bool {
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 1_000) == 1 else { return false }
        var byte: UInt8 = 0
        return recv(socket, &byte, 1, Int32(MSG_DONTWAIT)) >= 0
    }

    /// The receiver's thread: counts measured datagrams until told to stop and nothing more arrives for 50 ms;
    /// answers the first warm-up datagram when the flow is to be answered. Returns the count and the socket
    /// buffer drops over the run.
    private func receive(state: FloodState) throws(BenchError) -> (Int, Int) {
        let calls: SocketCalls.Functions
        do throws(BenchError) {
            calls = try SocketCalls.check()
        } catch {
            state.ready.fail()
            throw error
        }
        let socket = Glibc.socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard socket >= 0 else {
            state.ready.fail()
            throw BenchError("UDP flood: receiver socket: \(SocketCalls.lastError)")
        }
        defer { close(socket) }
        SocketCalls.setOption(socket, SOL_SOCKET, SO_RCVBUFFORCE, Self.receiveBufferBytes)
        SocketCalls.setOption(socket, SOL_SOCKET, SO_RCVTIMEO, timeval(tv_sec: 0, tv_usec: 50_000))
        var address = SocketCalls.address(0, port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            state.ready.fail()
            throw BenchError("UDP flood: receiver bind to port \(port): \(SocketCalls.lastError)")
        }
        let dropsBefore = ReceiverCounters.udpReceiveBufferErrors()

        let batch = Self.batch
        let slot = 64
        let buffers = UnsafeMutableRawBufferPointer.allocate(byteCount: slot * batch, alignment: 8)
        defer { buffers.deallocate() }
        let vectors = UnsafeMutablePointer<iovec>.allocate(capacity: batch)
        defer { vectors.deallocate() }
        let sources = UnsafeMutablePointer<sockaddr_in>.allocate(capacity: batch)
        defer { sources.deallocate() }
        let headers = UnsafeMutablePointer<SocketCalls.MultipleMessageHeader>.allocate(capacity: batch)
        defer { headers.deallocate() }
        for index in 0..<batch {
            (vectors + index).initialize(to: iovec(iov_base: buffers.baseAddress! + slot * index, iov_len: slot))
            (sources + index).initialize(to: sockaddr_in())
            var header = msghdr()
            header.msg_iov = vectors + index
            header.msg_iovlen = 1
            header.msg_name = UnsafeMutableRawPointer(sources + index)
            (headers + index).initialize(to: .init(header: header, length: 0))
        }

        state.ready.succeed()
        var measured = 0
        var warmUp = 0
        while true {
            for index in 0..<batch {
                headers[index].header.msg_namelen = socklen_t(MemoryLayout<sockaddr_in>.size)
            }
            let count = calls.recvmmsg(
                socket, UnsafeMutableRawPointer(headers), UInt32(batch), SocketCalls.waitForOne, nil)
            if count > 0 {
                for index in 0..<Int(count) where headers[index].length > 0 {
                    if buffers[slot * index] == 1 {
                        measured += 1
                        continue
                    }
                    if warmUp == 0 && answered {
                        var answer: UInt8 = 2
                        _ = sources.advanced(by: index).withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            sendto(socket, &answer, 1, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                        }
                    }
                    warmUp += 1
                }
                if warmUp > 0 { state.warmUpSeen.store(warmUp, ordering: .releasing) }
                continue
            }
            let error = errno
            if error == EINTR { continue }
            guard error == EAGAIN || error == EWOULDBLOCK else {
                throw BenchError("UDP flood: recvmmsg: \(String(cString: strerror(error)))")
            }
            // 50 ms without a datagram: done once the sender has stopped.
            if state.stop.load(ordering: .acquiring) { break }
        }
        let drops = ReceiverCounters.udpReceiveBufferErrors().map { after in after - (dropsBefore ?? after) } ?? 0
        return (measured, drops)
    }
}

/// What the flood's two threads share.
private final class FloodState: Sendable {
    /// Whether the receiver is ready.
    let ready = ReadyFlag()
    /// Warm-up datagrams the receiver has seen.
    let warmUpSeen = Atomic<Int>(0)
    /// Set when the sender is done.
    let stop = Atomic<Bool>(false)
}
