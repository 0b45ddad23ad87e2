import Foundation
import NFTables
import Testing

/// The commands that change the kernel (`apply`, `diff --apply`, `import-iptables --apply`) run with
/// `VRC_FAULT_INJECTION`: killed right after sending, every reply lost, or the kernel refusing message k. After
/// each, the namespace holds the old ruleset or the new one, and the exit status says which: 0 the new one, 1 the
/// old one (a killed process says nothing; either is fine, nothing else is).
@Suite("Commands with injected faults", .kernel)
internal struct FaultInjectionCommandTests {
    /// One command moving a namespace from an old ruleset to a new one.
    struct Change: CustomTestStringConvertible, Sendable {
        var name: String
        /// The command that sets up the old ruleset (run without faults).
        var setUp: [String]
        /// The command under test.
        var change: [String]
        var testDescription: String { name }
    }

    static func model(_ name: String) -> String { Fixtures.url("models/\(name).json").path }
    static func dump(_ name: String) -> String { Fixtures.url("iptables/\(name).rules").path }

    static let changes: [Change] = [
        Change(name: "apply vr -> vpc", setUp: ["apply", model("vr")], change: ["apply", model("vpc")]),
        Change(
            name: "diff --apply vpc -> rvpc", setUp: ["apply", model("vpc")],
            change: ["diff", model("vpc"), model("rvpc"), "--apply"]),
        Change(
            name: "import-iptables --apply cloud-vr -> docker-host",
            setUp: ["import-iptables", dump("cloud-vr"), "--apply", "--skip-untranslatable"],
            change: ["import-iptables", dump("docker-host"), "--apply", "--skip-untranslatable"]),
    ]

    /// What the namespace holds, as `vrc list` prints it (vrc's tables as nft text, without the handles that change with every apply).
    static func held(_ namespace: TestNamespace) throws -> String {
        let listed = try VRCBinary.run(["list", "--netns", namespace.name])
        try #require(listed.status == 0, "\(listed.stderr)")
        return listed.stdout
    }

    @Test(
        "killed after sending, replies lost, message k refused: old or new, and the status says which",
        arguments: changes)
    func faults(_ change: Change) throws {
        let namespace = try TestNamespace()
        defer { namespace.close() }
        let setUp = change.setUp + ["--netns", namespace.name]
        let changed = change.change + ["--netns", namespace.name]
        #expect(try VRCBinary.run(setUp).status == 0)
        let old = try Self.held(namespace)
        #expect(try VRCBinary.run(changed).status == 0)
        let new = try Self.held(namespace)
        try #require(old != new, "the change changes nothing")

        var random = SeededRandom(seed: UInt64(change.name.utf8.count))
        var faults = ["kill-after-send", "lost-replies", "refuse-message:1", "refuse-message:1,lost-replies"]
        faults += (0..<8).map { _ in "refuse-message:\(Int.random(in: 2...40, using: &random))" }
        for fault in faults {
            #expect(try VRCBinary.run(setUp).status == 0)
            #expect(try Self.held(namespace) == old)
            let result = try ProcessRunner.run(
                [try VRCBinary.path()] + changed, environment: ["VRC_FAULT_INJECTION": fault])
            let holds = try Self.held(namespace)
            let context = "\(change.name) with \(fault): exit \(result.status), \(result.stderr)"
            #expect(holds == old || holds == new, "\(context): the namespace holds neither")
            switch result.status {
            case 0: #expect(holds == new, "\(context): reported applied, but the old ruleset stays")
            case 1: #expect(holds == old, "\(context): reported refused, but the new ruleset is in")
            case 128 + SIGKILL: #expect(fault == "kill-after-send", "\(context)")
            default: Issue.record("\(context): unexpected exit status")
            }
            if fault.hasSuffix("lost-replies") {
                // The refusal (if any) is lost with the replies; the generation tells whether anything changed.
                #expect(result.status == 0 || result.stderr.contains("nothing was committed"), "\(context)")
            } else if fault.hasPrefix("refuse-message") {
                #expect(result.status == 1 && result.stderr.contains("vrc-fault-injection-missing-chain"), "\(context)")
            }
        }
    }

    @Test("an unknown fault is a usage error that applies nothing")
    func unknownFault() throws {
        let namespace = try TestNamespace()
        defer { namespace.close() }
        let result = try ProcessRunner.run(
            [try VRCBinary.path(), "apply", Self.model("vr"), "--netns", namespace.name],
            environment: ["VRC_FAULT_INJECTION": "refuse-message:0"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("vrc: VRC_FAULT_INJECTION=refuse-message:0 is not"), "\(result.stderr)")
        #expect(try namespace.listRuleset().isEmpty)
    }
}
