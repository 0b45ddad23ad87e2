import CNetfilter
import Foundation
import Synchronization
import Testing

@testable import NFTables

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Replacing a vrc table while packets flow through it: no packet may see the table missing or half built.
@Suite("Transaction under traffic")
struct TransactionTrafficTests {
    /// The input chain's policy is drop; this port is accepted, the other one dropped by its own rule.
    static let passPort: UInt16 = 40_001
    static let dropPort: UInt16 = 40_002

    /// The table in version `version`: same verdicts, different rule comments and counters, so every
    /// replacement really changes the kernel's objects.
    static func table(version: Int) -> Table {
        let udp = Statement.match(Match(.meta(.l4proto), .eq, .integer(17)))
        var rules = [
            Rule(
                [
                    udp, .match(Match(.payload(.udpDport), .eq, .integer(UInt64(passPort)))), .counter(),
                    .verdict(.accept),
                ], comment: "pass, version \(version)"),
            Rule(
                [udp, .match(Match(.payload(.udpDport), .eq, .integer(UInt64(dropPort)))), .verdict(.drop)],
                comment: "drop, version \(version)"),
        ]
        if version.isMultiple(of: 2) { rules.insert(Rule([.counter()]), at: 0) }
        return Table(
            family: .inet, name: "vrc", comment: "version \(version)",
            chains: [
                Chain(
                    name: "input", hook: BaseChain(type: .filter, hook: .input, priority: 0, policy: .drop),
                    rules: rules)
            ])
    }

    @Test(
        "200 replacements while packets flow: none that should be dropped passes, none that should pass is lost",
        .kernel)
    func replaceUnderTraffic() throws {
        let namespace = try TestNamespace()
        try Ruleset(tables: [Self.table(version: 0)]).apply(to: namespace.namespace)
        let sockets = try UDPSockets(namespacePath: namespace.path, ports: [Self.passPort, Self.dropPort])
        let loop = TrafficLoop(sockets: sockets)
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            loop.run()
            finished.signal()
        }
        thread.start()
        var failure: NFTablesError?
        for version in 1...200 {
            do {
                try Ruleset(tables: [Self.table(version: version)]).apply(to: namespace.namespace)
            } catch {
                failure = error
                break
            }
        }
        loop.stop.store(true, ordering: .releasing)
        finished.wait()
        #expect(failure == nil, "a replacement failed: \(String(describing: failure))")

        let sent = loop.sentPass.load(ordering: .acquiring)
        let sentToDrop = loop.sentDrop.load(ordering: .acquiring)
        let passed = loop.receivedPass.load(ordering: .acquiring)
        let leaked = loop.receivedDrop.load(ordering: .acquiring)
        print("during 200 replacements: \(sent) + \(sentToDrop) packets sent, \(passed) passed, \(leaked) leaked")
        #expect(sent >= 1_000 && sentToDrop >= 1_000, "too little traffic to mean anything")
        #expect(passed == sent, "packets to the accepted port were dropped")
        #expect(leaked == 0, "packets to the dropped port got through")
        #expect(try namespace.listTable(family: .inet, name: "vrc").contains("version 200"))
    }
}

/// A sender and one bound receiver per port, opened inside a namespace and usable from any thread.
final class UDPSockets: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let sender: Int32
    let receivers: [Int32]
    let ports: [UInt16]

    /// Opens the sockets on a short-lived thread that enters the namespace; the sockets stay in it.
    init(namespacePath: String, ports: [UInt16]) throws {
        let result = Mutex<Result<(Int32, [Int32]), Failure>>(.failure(Failure(description: "not opened")))
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            result.withLock { $0 = UDPSockets.openAll(namespacePath: namespacePath, ports: ports) }
            done.signal()
        }
        thread.start()
        done.wait()
        let (sender, receivers) = try result.withLock { try $0.get() }
        self.sender = sender
        self.receivers = receivers
        self.ports = ports
    }

    deinit {
        close(sender)
        for receiver in receivers { close(receiver) }
    }

    private static func openAll(namespacePath: String, ports: [UInt16]) -> Result<(Int32, [Int32]), Failure> {
        let namespace = open(namespacePath, O_RDONLY | O_CLOEXEC)
        guard namespace >= 0 else { return .failure(Failure(description: "open \(namespacePath): \(errno)")) }
        defer { close(namespace) }
        guard vrc_enter_network_namespace(namespace) == 0 else {
            return .failure(Failure(description: "setns: \(errno)"))
        }
        let sender = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var receivers: [Int32] = []
        for port in ports {
            let receiver = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            var size: Int32 = 8 << 20
            _ = setsockopt(receiver, SOL_SOCKET, SO_RCVBUFFORCE, &size, socklen_t(MemoryLayout<Int32>.size))
            var address = loopback(port: port)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(receiver, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard receiver >= 0, bound == 0 else { return .failure(Failure(description: "bind \(port): \(errno)")) }
            receivers.append(receiver)
        }
        guard sender >= 0 else { return .failure(Failure(description: "socket: \(errno)")) }
        return .success((sender, receivers))
    }

    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    /// Sends one datagram to `port` on loopback.
    func send(to port: UInt16) -> Bool {
        var address = UDPSockets.loopback(port: port)
        var byte: UInt8 = 1
        let sent = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(sender, &byte, 1, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return sent == 1
    }

    /// Reads every queued datagram of receiver `index`; returns how many there were.
    func drain(_ index: Int) -> Int {
        var count = 0
        var buffer = [UInt8](repeating: 0, count: 64)
        while buffer.withUnsafeMutableBytes({ recv(receivers[index], $0.baseAddress, $0.count, 0) }) > 0 {
            count += 1
        }
        return count
    }
}

/// Sends one datagram to each port in turn, and counts what arrives, until stopped.
final class TrafficLoop: Sendable {
    let sockets: UDPSockets
    let stop = Atomic<Bool>(false)
    /// Datagrams sent to the first port (accepted by the ruleset) and to the second (dropped).
    let sentPass = Atomic<Int>(0)
    let sentDrop = Atomic<Int>(0)
    /// Datagrams received on each port.
    let receivedPass = Atomic<Int>(0)
    let receivedDrop = Atomic<Int>(0)

    init(sockets: UDPSockets) {
        self.sockets = sockets
    }

    func run() {
        while !stop.load(ordering: .acquiring) {
            for _ in 0..<16 {
                if sockets.send(to: sockets.ports[0]) { sentPass.add(1, ordering: .relaxed) }
                if sockets.send(to: sockets.ports[1]) { sentDrop.add(1, ordering: .relaxed) }
            }
            collect()
            usleep(200)
        }
        // Datagrams on loopback are delivered inside sendto; a short pause covers any straggler.
        usleep(100_000)
        collect()
    }

    private func collect() {
        receivedPass.add(sockets.drain(0), ordering: .relaxed)
        receivedDrop.add(sockets.drain(1), ordering: .relaxed)
    }
}
