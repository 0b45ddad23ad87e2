import Foundation
import NFTables
import Synchronization

/// A network namespace made for one test, with a unique name, deleted when the test is done.
///
/// Everything a kernel test does happens inside such a namespace, never in the one the tests started in.
/// The namespace is deleted by ``close()`` or, at the latest, when the object goes away, so a test that
/// fails or throws half-way still leaves nothing behind:
///
/// ```swift
/// @Test(.kernel) func appliesTable() throws {
///     let namespace = try TestNamespace()
///     try namespace.nft("table inet t { chain c { type filter hook input priority 0; } }")
///     #expect(try namespace.listTable(family: .inet, name: "t").contains("chain c"))
/// }
/// ```
internal final class TestNamespace: Sendable {
    /// A command run for the namespace failed.
    struct CommandFailure: Error, CustomStringConvertible {
        var argv: [String]
        var status: Int32
        var stderr: String
        var description: String {
            "\(argv.joined(separator: " ")) exited with \(status): "
                + stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// The prefix of every test namespace's name.
    static let namePrefix = "vrc-t-"

    /// The namespace's name, as `ip netns` knows it (`vrc-t-<pid>-<random>`).
    let name: String

    /// The namespace, for the library's API.
    var namespace: NetworkNamespace { .named(name) }

    /// The namespace file (`/run/netns/NAME`).
    var path: String { "/run/netns/\(name)" }

    private let closed = Mutex(false)

    /// Creates the namespace and brings its loopback device up.
    ///
    /// Fails (rather than skips) when not root: mark the test `.kernel` so that it is skipped there instead.
    init() throws {
        try KernelTestGate.check()
        Self.removeStale()
        let random = UInt32.random(in: 0...UInt32.max)
        name = Self.namePrefix + "\(getpid())-" + String(random, radix: 16)
        try Self.checked(["ip", "netns", "add", name])
        do {
            try Self.checked(["ip", "-n", name, "link", "set", "lo", "up"])
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
        let wasClosed = closed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        _ = try? ProcessRunner.run(["ip", "netns", "delete", name])
    }

    /// Runs a command inside the namespace (`ip netns exec NAME argv...`) and returns what it did.
    ///
    /// A failing command is not an error here: check `status`.
    func run(_ argv: [String], input: String? = nil, environment: [String: String] = [:]) throws -> ProcessOutput {
        try ProcessRunner.run(["ip", "netns", "exec", name] + argv, input: input, environment: environment)
    }

    /// Runs a command inside the namespace and returns its standard output; throws when it fails.
    @discardableResult
    func checkedRun(_ argv: [String], input: String? = nil) throws -> String {
        let result = try run(argv, input: input)
        guard result.status == 0 else {
            throw CommandFailure(argv: argv, status: result.status, stderr: result.stderr)
        }
        return result.stdout
    }

    /// Applies nft text (`nft -f -`) inside the namespace; throws with nft's message when nft refuses it.
    func nft(_ text: String) throws {
        try checkedRun(["nft", "-f", "-"], input: text)
    }

    /// `nft list table FAMILY NAME` inside the namespace.
    func listTable(family: TableFamily, name table: String) throws -> String {
        try listTable(family: family.rawValue, name: table)
    }

    /// `nft list table FAMILY NAME` inside the namespace, with the family spelt out (`"inet"`).
    ///
    /// nft 1.0.6 cannot name a table whose name is one of its keywords (`limits`, `maps`), quoted or not;
    /// such a table is cut out of `nft list ruleset`, which prints it exactly as `nft list table` would.
    func listTable(family: String, name table: String) throws -> String {
        let listed = try run(["nft", "list", "table", family, table])
        if listed.status == 0 { return listed.stdout }
        if let block = Self.tableBlock(in: try listRuleset(), family: family, name: table) { return block }
        throw CommandFailure(
            argv: ["nft", "list", "table", family, table], status: listed.status, stderr: listed.stderr)
    }

    /// The text of one table in a `nft list ruleset` listing, from `table FAMILY NAME {` to its closing `}`.
    static func tableBlock(in ruleset: String, family: String, name: String) -> String? {
        let lines = ruleset.split(separator: "\n", omittingEmptySubsequences: false)
        let header = "table \(family) \(name) {"
        guard let start = lines.firstIndex(where: { $0 == header }),
            let end = lines[start...].firstIndex(where: { $0 == "}" })
        else { return nil }
        return lines[start...end].joined(separator: "\n") + "\n"
    }

    /// `nft list ruleset` inside the namespace.
    func listRuleset() throws -> String {
        try checkedRun(["nft", "list", "ruleset"])
    }

    /// Whether the namespace still exists, as `ip netns` sees it.
    static func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: "/run/netns/\(name)")
    }

    /// Runs a command in the starting namespace (only `ip netns` management), throwing when it fails.
    private static func checked(_ argv: [String]) throws {
        let result = try ProcessRunner.run(argv)
        guard result.status == 0 else {
            throw CommandFailure(argv: argv, status: result.status, stderr: result.stderr)
        }
    }

    /// Deletes test namespaces left behind by test processes that died (their pid no longer runs).
    private static func removeStale() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/run/netns") else { return }
        for name in names where name.hasPrefix(namePrefix) {
            let pidText = name.dropFirst(namePrefix.count).prefix { $0 != "-" }
            guard let pid = Int32(pidText), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            _ = try? ProcessRunner.run(["ip", "netns", "delete", name])
        }
    }
}
