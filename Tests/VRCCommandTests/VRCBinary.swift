import Foundation
import NFTables

/// The built `vrc` executable, run as a user would run it.
///
/// The test bundle is built into the same folder as the package's executables (`.build/<triple>/debug/`),
/// so `vrc` is found next to the running test process; `VRC_BINARY` overrides that.
internal enum VRCBinary {
    /// The test could not find the binary.
    struct NotFound: Error, CustomStringConvertible {
        var looked: [String]
        var description: String { "vrc binary not found; looked at \(looked.joined(separator: ", ")) (set VRC_BINARY)" }
    }

    /// The path of the `vrc` executable.
    static func path() throws -> String {
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["VRC_BINARY"] {
            candidates.append(override)
        }
        let selfPath =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: selfPath).deletingLastPathComponent()
        // On platforms where the test bundle is a directory (`X.xctest/Contents/MacOS/X`), climb out of it.
        while directory.path.contains(".xctest") { directory.deleteLastPathComponent() }
        candidates.append(directory.appendingPathComponent("vrc").path)
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw NotFound(looked: candidates)
    }

    /// Runs `vrc` with `arguments` in the starting namespace (only for commands that do not touch netfilter,
    /// or that name a test namespace with `--netns`).
    static func run(_ arguments: [String], input: String? = nil) throws -> ProcessOutput {
        try ProcessRunner.run([try path()] + arguments, input: input)
    }

    /// Runs `vrc` as the unprivileged user `nobody` (uid and gid 65534, no groups).
    ///
    /// The binary is copied to a world-readable temporary folder first: the checkout may sit below a
    /// folder that `nobody` cannot enter.
    static func runUnprivileged(_ arguments: [String]) throws -> ProcessOutput {
        let folder = URL(fileURLWithPath: "/tmp").appendingPathComponent("vrc-test-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("vrc")
        try FileManager.default.copyItem(atPath: try path(), toPath: copy.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy.path)
        return try ProcessRunner.run(
            ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", copy.path] + arguments
        )
    }

    /// Writes `text` to a new temporary file ending in `name` and returns its path; the caller deletes it.
    static func temporaryFile(_ name: String, contents: String) throws -> String {
        // Not TMPDIR: the unprivileged tests need a file that `nobody` can reach.
        let url = URL(fileURLWithPath: "/tmp")
            .appendingPathComponent("vrc-test-\(getpid())-\(UUID().uuidString)-\(name)")
        try Data(contents.utf8).write(to: url)
        return url.path
    }

    /// Encodes `ruleset` in the object model's JSON coding into a temporary file and returns its path.
    static func temporaryFile(_ name: String, ruleset: Ruleset) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try temporaryFile(name, contents: String(decoding: try encoder.encode(ruleset), as: UTF8.self))
    }
}
