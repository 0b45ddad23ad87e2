import Foundation

/// Counters of the calling thread's network namespace, from `/proc/thread-self/net/snmp`.
internal enum ReceiverCounters {
    /// The `Udp: RcvbufErrors` counter: datagrams dropped because a socket's receive buffer was full.
    static func udpReceiveBufferErrors() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/thread-self/net/snmp", encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("Udp: ") }
        guard lines.count >= 2 else { return nil }
        let names = lines[0].split(separator: " ")
        let values = lines[1].split(separator: " ")
        guard let index = names.firstIndex(of: "RcvbufErrors"), index < values.count else { return nil }
        return Int(values[index])
    }
}
