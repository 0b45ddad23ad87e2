import FuzzDriver
import FuzzSupport
import IptablesImport
import NFTables

/// libFuzzer entry point: one input is one `ipset save` file (`vrc import-iptables --ipsets FILE`).
///
/// Each set the parser accepts is used by one rule of a small generated `iptables-save` dump
/// (`-A INPUT -m set --match-set NAME src[,src...] -j ACCEPT`), for the set's family, and the dump is imported
/// with the sets as `vrc import-iptables --ipsets FILE --skip-untranslatable` would; the converted sets thereby
/// go through the importer's own checks. Properties checked beyond "no crash":
/// - a rejected file, set or dump names its place: line and column at least 1;
/// - an import that succeeds validates and encodes into a netlink batch without an error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIpsetSave(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let save: IpsetSave
    do throws(IptablesImportError) {
        save = try IpsetSaveParser(file: "fuzz.ipsets").parse(input)
    } catch {
        requirePlace(error)
        return 0
    }
    for definition in save.sets.prefix(8) {
        let family: IptablesFamily = definition.family == "inet6" ? .ipv6 : .ipv4
        let dimensions = definition.type.split(separator: ":").last.map { $0.split(separator: ",").count } ?? 1
        let flags = Array(repeating: "src", count: max(1, dimensions)).joined(separator: ",")
        let dump =
            "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m set --match-set \(definition.name) \(flags) -j ACCEPT\nCOMMIT\n"
        let result: ImportResult
        do throws(IptablesImportError) {
            let parsed = try SaveDumpParser(file: "fuzz.rules").parse(dump)
            let importer = IptablesImporter(options: .init(family: family, skipUntranslatable: true))
            result = try importer.importDump(parsed, ipsets: save)
        } catch {
            requirePlace(error)
            continue
        }
        do throws(NFTablesError) {
            try result.ruleset.validate()
            _ = try result.transaction(for: .current).withEncodedBatch { bytes, messages in bytes.count + messages }
        } catch {
            propertyViolated("set \(definition.name) (line \(definition.line)) imported but does not encode: \(error)")
        }
        _ = result.ruleset.nftText()
        _ = result.report.summary
    }
    return 0
}

/// Stops the run when a rejection does not say where the problem is.
private func requirePlace(_ error: IptablesImportError) {
    if error.line < 1 || error.column < 1 { propertyViolated("rejection without a place: \(error)") }
}

/// The program's entry point (SwiftPM on Linux links an executable's `main` as `<module>_main`): hands the
/// command line to libFuzzer's driver.
@_cdecl("FuzzIpsetSave_main")
public func fuzzIpsetSaveMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzIpsetSave)
}
