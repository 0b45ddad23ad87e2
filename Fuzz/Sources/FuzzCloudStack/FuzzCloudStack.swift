import CloudStackImport
import Foundation
import FuzzDriver
import FuzzSupport
import NFTables
import RouterCompiler
import RouterModel

/// libFuzzer entry point: one input is a router's databag files joined by NUL bytes, each imported as
/// `bagN.json` in order (`vrc import-cloudstack FILE...`); the importer tells merged databags (`"id"`) from
/// incoming files (`"type"`) by their contents, not their names.
///
/// An imported configuration is compiled, validated, rendered and encoded into a netlink batch. Properties
/// checked beyond "no crash":
/// - a rejection names the file, and malformed JSON its line and column;
/// - an imported document compiles to a ruleset that validates and encodes without an error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCloudStack(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = start.map { UnsafeBufferPointer(start: $0, count: count) } ?? UnsafeBufferPointer(start: nil, count: 0)
    var files: [(name: String, contents: Data)] = []
    for (index, part) in input.split(separator: 0, omittingEmptySubsequences: false).enumerated() {
        files.append((name: "bag\(index).json", contents: Data(part)))
    }
    let result: CloudStackImport
    do throws(CloudStackImportError) {
        result = try CloudStackImporter().importConfiguration(files: files)
    } catch {
        if error.file.isEmpty { propertyViolated("rejection without a file: \(error)") }
        if error.code == .malformedJSON, error.line == nil || error.column == nil {
            propertyViolated("malformed JSON without a line and column: \(error)")
        }
        return 0
    }
    _ = result.notCarriedOver.map(\.description)
    let ruleset = RouterCompiler().compile(result.document)
    do throws(NFTablesError) {
        try ruleset.validate()
        var transaction = Transaction(namespace: .current)
        for table in ruleset.tables { transaction.replace(table) }
        _ = try transaction.withEncodedBatch { bytes, messages in bytes.count + messages }
    } catch {
        propertyViolated("imported configuration compiled to a ruleset that does not validate or encode: \(error)")
    }
    _ = ruleset.nftText()
    return 0
}

/// The program's entry point (SwiftPM on Linux links an executable's `main` as `<module>_main`): hands the
/// command line to libFuzzer's driver.
@_cdecl("FuzzCloudStack_main")
public func fuzzCloudStackMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzCloudStack)
}
