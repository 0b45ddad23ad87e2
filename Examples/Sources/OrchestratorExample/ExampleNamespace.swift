import Foundation
import NFTables

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A network namespace of the example's own, `vrc-example-<pid>-<random>`, made with `ip netns add` and
/// deleted by `close()`, by `deinit`, or on SIGINT, SIGTERM and SIGHUP, so that nothing is left behind however
/// the example ends. Nothing outside it is changed.
final class ExampleNamespace {
    /// The name `ip netns` knows it by.
    let name: String

    /// The namespace as the library names it: `/run/netns/<name>`.
    var namespace: NetworkNamespace { .named(name) }

    private var closed = false

    /// Creates the namespace and brings its loopback device up.
    init() throws(ExampleFailure) {
        name = "vrc-example-\(getpid())-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        try Self.ip(["netns", "add", name])
        ExampleNamespace.cleanupPath = Array("/run/netns/\(name)".utf8CString)
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number) { number in
                ExampleNamespace.deleteOnSignal()
                _exit(128 + number)
            }
        }
        do {
            try Self.ip(["-n", name, "link", "set", "lo", "up"])
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// Deletes the namespace; later calls do nothing.
    func close() {
        guard !closed else { return }
        closed = true
        ExampleNamespace.cleanupPath = nil
        do {
            try Self.ip(["netns", "delete", name])
        } catch {
            FileHandle.standardError.write(Data("example: \(error)\n".utf8))
        }
    }

    /// Runs `ip ARGS...` and fails with its standard error when it fails.
    private static func ip(_ arguments: [String]) throws(ExampleFailure) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ip"] + arguments
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw ExampleFailure("cannot run ip \(arguments.joined(separator: " ")): \(error)")
        }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ExampleFailure(
                "ip \(arguments.joined(separator: " ")) exited with \(process.terminationStatus): \(text)")
        }
    }

    /// The namespace file to remove if a signal ends the process, as a C string made in advance; set while the
    /// namespace exists.
    nonisolated(unsafe) private static var cleanupPath: [CChar]?

    /// Deletes the namespace from a signal handler, without allocating: `ip netns delete` is an unmount and an
    /// unlink of `/run/netns/<name>`, and so is this.
    private static func deleteOnSignal() {
        guard let path = cleanupPath else { return }
        path.withUnsafeBufferPointer { buffer in
            guard let pointer = buffer.baseAddress else { return }
            _ = umount2(pointer, Int32(MNT_DETACH))
            _ = unlink(pointer)
        }
    }
}
