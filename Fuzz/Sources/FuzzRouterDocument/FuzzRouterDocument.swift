import Foundation
import FuzzDriver
import FuzzSupport
import NFTables
import RouterCompiler
import RouterModel

/// libFuzzer entry point: one input is one router document (`vrc apply DOC`).
///
/// Beyond "no crash", two properties are checked on every input; a violation stops the run as a finding:
/// - a rejected document names where: every problem has a JSON path, and malformed JSON a line and column;
/// - an accepted document compiles to a ruleset that passes the model's validation and encodes into a
///   netlink batch (what `vrc apply --check` would send) without an error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRouterDocument(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    let document: RouterDocument
    do throws(RouterModelError) {
        document = try RouterDocument.decode(from: data, source: "fuzz.json")
    } catch {
        checkLocated(error)
        return 0
    }
    let ruleset = RouterCompiler().compile(document)
    do throws(NFTablesError) {
        try ruleset.validate()
    } catch {
        propertyViolated("accepted document compiled to an invalid ruleset: \(error)")
    }
    _ = ruleset.nftText()
    var transaction = Transaction(namespace: .current)
    for table in ruleset.tables { transaction.replace(table) }
    do throws(NFTablesError) {
        _ = try transaction.withEncodedBatch { bytes, messages in bytes.count + messages }
    } catch {
        propertyViolated("accepted document compiled to a ruleset that does not encode: \(error)")
    }
    return 0
}

/// Stops the run when a rejection does not say where the problem is.
private func checkLocated(_ error: RouterModelError) {
    if error.problems.isEmpty { propertyViolated("rejected with no problem listed: \(error)") }
    for problem in error.problems {
        if !problem.path.hasPrefix("$") { propertyViolated("problem without a JSON path: \(problem)") }
        if problem.message.hasPrefix("malformed JSON"), problem.line == nil || problem.column == nil {
            propertyViolated("malformed JSON without a line and column: \(problem)")
        }
    }
}

/// The program's entry point (SwiftPM on Linux links an executable's `main` as `<module>_main`): hands the
/// command line to libFuzzer's driver.
@_cdecl("FuzzRouterDocument_main")
public func fuzzRouterDocumentMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzRouterDocument)
}
