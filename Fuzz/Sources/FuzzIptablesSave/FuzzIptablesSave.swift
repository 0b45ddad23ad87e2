import FuzzDriver
import FuzzSupport
import IptablesImport
import NFTables

/// libFuzzer entry point: one input is one `iptables-save` dump (`vrc import-iptables DUMP`), optionally
/// followed by a NUL byte and the `ipset save` output its `-m set` rules use (`--ipsets FILE`).
///
/// The dump is parsed, imported with `--skip-untranslatable --optimize` for IPv6 when it says
/// `ip6tables` anywhere and for IPv4 otherwise, and the result rendered as nft text and encoded into the
/// netlink batch `--apply` would send. Properties checked beyond "no crash":
/// - a rejected dump names its place: the error's line and column are at least 1;
/// - an imported dump validates and encodes without an error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIptablesSave(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let separator = input.firstIndex(of: 0)
    let dumpBytes = separator.map { Array(input[..<$0]) } ?? input
    var ipsets: IpsetSave?
    if let separator {
        ipsets = try? IpsetSaveParser(file: "fuzz.ipsets").parse(Array(input[(separator + 1)...]))
    }
    let family: IptablesFamily = containsIp6tables(dumpBytes) ? .ipv6 : .ipv4
    let result: ImportResult
    do throws(IptablesImportError) {
        let dump = try SaveDumpParser(file: "fuzz.rules").parse(dumpBytes)
        let importer = IptablesImporter(options: .init(family: family, skipUntranslatable: true, optimize: true))
        result = try importer.importDump(dump, ipsets: ipsets)
    } catch {
        if error.line < 1 || error.column < 1 { propertyViolated("rejection without a place: \(error)") }
        return 0
    }
    do throws(NFTablesError) {
        try result.ruleset.validate()
    } catch {
        propertyViolated("imported dump gave an invalid ruleset: \(error)")
    }
    _ = result.ruleset.nftText()
    _ = result.report.summary
    do throws(NFTablesError) {
        _ = try result.transaction(for: .current).withEncodedBatch { bytes, messages in bytes.count + messages }
    } catch {
        propertyViolated("imported dump gave a ruleset that does not encode: \(error)")
    }
    return 0
}

/// Whether `bytes` contain `ip6tables`.
private func containsIp6tables(_ bytes: [UInt8]) -> Bool {
    let needle = Array("ip6tables".utf8)
    guard bytes.count >= needle.count else { return false }
    for offset in 0...(bytes.count - needle.count) where bytes[offset] == needle[0] {
        if bytes[offset..<(offset + needle.count)].elementsEqual(needle) { return true }
    }
    return false
}

/// The program's entry point (SwiftPM on Linux links an executable's `main` as `<module>_main`): hands the
/// command line to libFuzzer's driver.
@_cdecl("FuzzIptablesSave_main")
public func fuzzIptablesSaveMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzIptablesSave)
}
