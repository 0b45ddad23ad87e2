import NFTables
import Testing

@testable import vrc

/// The exit status promised for each library error: 1 when the kernel said no, 2 when the input, the
/// namespace or the privileges were wrong.
@Suite("vrc exit status of library errors")
internal struct ExitStatusTests {
    @Test(
        "each NFTablesError maps to its exit status and one line",
        arguments: [
            (NFTablesError.kernelRefused([KernelRefusal(errno: 2, object: "set inet t s")]), Int32(1)),
            (.generationChanged(expected: 7), 1),
            (.malformedReply("short message"), 1),
            (.system(call: "sendmsg", errno: 105), 1),
            (.system(call: "setns", errno: 1), 2),
            (.namespaceNotFound(.named("missing")), 2),
            (.permissionDenied("setns"), 2),
            (.invalidRuleset(location: "table inet t, chain c, rule 2", reason: "jump to a missing chain"), 2),
        ] as [(NFTablesError, Int32)]
    )
    func mapping(error: NFTablesError, status: Int32) {
        let failure = error.commandFailure
        #expect(failure.status.rawValue == status)
        #expect(!failure.message.isEmpty)
        #expect(!failure.message.contains("\n"))
        #expect(failure.message == error.description)
    }
}
