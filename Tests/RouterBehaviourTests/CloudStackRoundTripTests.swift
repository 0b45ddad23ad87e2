import CloudStackImport
import Foundation
import NFTables
import RouterCompiler
import RouterModel
import Testing

/// Each CloudStack fixture imported and compiled, applied in a fresh namespace and read back from the kernel: the
/// table holds exactly the compiled ruleset, and importing and compiling again gives the same document bytes and the
/// same ruleset.
@Suite("CloudStack fixtures round-trip through the kernel")
struct CloudStackRoundTripTests {
    @Test(
        "import, compile, apply, read back: the kernel holds the compiled ruleset; a second import is identical",
        .kernel, arguments: CloudStackBehaviourTests.fixtures)
    func roundTrip(_ fixture: String) throws {
        let folder = CloudStackFlowRunner.folder(fixture)
        let first = try CloudStackImporter().importConfiguration(at: [folder])
        let ruleset = RouterCompiler(tableName: "vrc").compile(first.document)

        let namespace = try TestNamespace()
        defer { namespace.close() }
        try ruleset.apply(to: namespace.namespace)
        let readBack = try RulesetReader(namespace: namespace.namespace).read(.owned)
        #expect(readBack.readBackCanonical == ruleset.readBackCanonical, "\(fixture): the kernel's table differs")

        // Planned from what the kernel holds to what the document compiles to, nothing is left to do.
        let plan = RouterCompiler.plan(from: readBack, to: ruleset)
        #expect(plan.isEmpty, "\(fixture): \(plan)")
        // The printed document reads back as the same document, and compiles to the same ruleset.
        let reread = try RouterDocument.decode(from: first.document.encoded(), source: fixture)
        #expect(RouterCompiler(tableName: "vrc").compile(reread) == ruleset, "\(fixture): the re-read document differs")

        let second = try CloudStackImporter().importConfiguration(at: [folder])
        #expect(second.document.encoded() == first.document.encoded(), "\(fixture): the document bytes differ")
        #expect(RouterCompiler(tableName: "vrc").compile(second.document) == ruleset, "\(fixture): the ruleset differs")
    }
}
