import Foundation
import Synchronization

/// A listener running in the background inside one namespace (``PythonScripts/server``), killed by ``stop()``
/// or when it goes away.
///
/// It logs every connection and datagram it gets, which is how a test sees packets that cannot be answered
/// (a raw VRRP packet, a datagram whose source was not translated) and the address NAT left on them.
internal final class NamespaceServer: Sendable {
    /// What one listener needs: the socket kind, the address family and the port (for `raw`, the IP protocol).
    struct Listen: Hashable, Comparable, Sendable {
        var kind: String
        var family: Int
        var port: Int

        static func < (lhs: Listen, rhs: Listen) -> Bool {
            (lhs.kind, lhs.family, lhs.port) < (rhs.kind, rhs.family, rhs.port)
        }
    }

    /// One entry of the server's log.
    struct Receipt: Decodable, Sendable, CustomStringConvertible {
        var kind: String
        var local: String?
        var port: Int
        var peer: String
        var id: String?
        var description: String { "\(kind) \(peer) -> \(local ?? "?"):\(port) id \(id ?? "-")" }
    }

    /// The server could not start or did not get ready.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let process: Process
    private let logURL: URL
    private let errorURL: URL
    private let stopped = Mutex(false)

    /// Starts the listeners in namespace `namespace` and waits until every socket is bound.
    init(namespace: String, listens: [Listen]) throws {
        let scratch = FileManager.default.temporaryDirectory
        let stem = "vrc-server-\(getpid())-\(UUID().uuidString)"
        logURL = scratch.appendingPathComponent(stem + ".log")
        errorURL = scratch.appendingPathComponent(stem + ".err")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let specs = listens.sorted().map { ["kind": $0.kind, "family": $0.family, "port": $0.port] as [String: Any] }
        let argument = String(decoding: try JSONSerialization.data(withJSONObject: specs), as: UTF8.self)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        // `ip netns exec` execs python3 in place, so terminating this process ends the listener itself.
        process.arguments = [
            "netns", "exec", namespace, PythonScripts.interpreter, "-c", PythonScripts.server, argument,
        ]
        process.standardOutput = try FileHandle(forWritingTo: logURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(5)
        while !log().hasPrefix("READY") {
            guard process.isRunning, Date() < deadline else {
                let reason = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
                stop()
                throw Failure(description: "server in \(namespace) did not start: \(reason)")
            }
            usleep(10_000)
        }
    }

    deinit {
        stop()
    }

    /// Kills the listener and removes its log; later calls do nothing.
    func stop() {
        let wasStopped = stopped.withLock { stopped in
            defer { stopped = true }
            return stopped
        }
        guard !wasStopped else { return }
        if process.isRunning {
            // SIGKILL: the test runner starts children with SIGTERM blocked, so terminate() would not end them.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: logURL)
        try? FileManager.default.removeItem(at: errorURL)
    }

    /// Everything the listener has logged so far.
    var receipts: [Receipt] {
        log().split(separator: "\n").dropFirst().compactMap {
            try? JSONDecoder().decode(Receipt.self, from: Data($0.utf8))
        }
    }

    private func log() -> String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    }
}
