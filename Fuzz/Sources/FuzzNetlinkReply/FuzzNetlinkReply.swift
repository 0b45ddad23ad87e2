import CNetfilter
import Foundation
import FuzzDriver

@testable import NFTables

/// libFuzzer entry point: one input is the stream of netlink messages the kernel sends back when vrc reads
/// a ruleset (`vrc list`, the read-back after `vrc apply`): `NFT_MSG_NEWTABLE`, `NEWCHAIN`, `NEWSET` (each
/// followed by its `NEWSETELEM` messages) and `NEWRULE` dump replies, as `RulesetReader` receives them.
///
/// The messages are split the way the socket splits a datagram, each is parsed by the reader's own parser
/// for its type (a message the parser refuses is skipped, where the reader would stop the read), and every
/// table is assembled, its rules' expressions lifted back to statements, into the object model, which is then
/// rendered as nft text. No input may crash; refusing one is the reader's right.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNetlinkReply(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    var tables: [KernelTable] = []
    var chains: [KernelChain] = []
    var sets: [KernelSet] = []
    var rules: [KernelRule] = []
    for message in NetlinkSocket.split(bytes[...]) {
        do throws(NFTablesError) {
            switch message.type {
            case NetlinkMessage.nfTablesType(NFT_MSG_NEWTABLE):
                if let table = try KernelTable.parse(message) { tables.append(table) }
            case NetlinkMessage.nfTablesType(NFT_MSG_NEWCHAIN):
                chains.append(try KernelChain.parse(message))
            case NetlinkMessage.nfTablesType(NFT_MSG_NEWSET):
                sets.append(try KernelSet.parse(message))
            case NetlinkMessage.nfTablesType(NFT_MSG_NEWSETELEM):
                guard let last = sets.indices.last else { continue }
                try KernelSetElement.parse(message, set: sets[last].name, into: &sets[last].elements)
            case NetlinkMessage.nfTablesType(NFT_MSG_NEWRULE):
                rules.append(try KernelRule.parse(message))
            default:
                _ = (message.errorCode, message.erroredSequence)
            }
        } catch {
            _ = error.description
        }
    }
    _ = KernelDumper.hasDuplicates(sets.flatMap(\.elements))
    var problems: [ReadProblem] = []
    let ruleset = Ruleset(
        tables: tables.map { table in
            RulesetAssembly.table(
                table, chains: chains.filter { $0.table == table.name }, sets: sets.filter { $0.table == table.name },
                rules: rules.filter { $0.table == table.name }, problems: &problems)
        })
    let problemText = problems.map(\.description)
    let text = ruleset.nftText()
    if printDecoded { print(text + problemText.map { "# problem: \($0)\n" }.joined()) }
    return 0
}

/// With `VRC_FUZZ_NETLINK_PRINT` set, each input's decoded ruleset and problems are printed: for looking at
/// what a seed or a corpus entry decodes to (`FuzzNetlinkReply -runs=0 FILE`).
private let printDecoded = getenv("VRC_FUZZ_NETLINK_PRINT") != nil

/// libFuzzer's initialisation hook, used for one thing: writing seeds. With `VRC_FUZZ_NETLINK_SEEDS=DIR`,
/// `VRC_FUZZ_NETLINK_RULESETS=DIR` and `VRC_FUZZ_NETLINK_NETNS=NAME` set, every ruleset JSON file of the
/// rulesets folder is applied in that (existing, empty) network namespace, read back with the dump requests
/// `RulesetReader` sends, and the raw reply messages are written to `DIR/NAME.bin`; then the process exits.
/// Without those variables it does nothing and fuzzing starts.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzNetlinkReplyInitialize(
    _ argc: UnsafeMutablePointer<CInt>?,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> CInt {
    let environment = ProcessInfo.processInfo.environment
    guard let output = environment["VRC_FUZZ_NETLINK_SEEDS"] else { return 0 }
    guard let rulesets = environment["VRC_FUZZ_NETLINK_RULESETS"], let name = environment["VRC_FUZZ_NETLINK_NETNS"]
    else {
        FileHandle.standardError.write(Data("VRC_FUZZ_NETLINK_SEEDS needs VRC_FUZZ_NETLINK_RULESETS and _NETNS\n".utf8))
        exit(2)
    }
    exit(NetlinkSeedWriter(namespace: .named(name), output: output).write(rulesetsIn: rulesets))
}

/// The program's entry point (SwiftPM on Linux links an executable's `main` as `<module>_main`): hands the
/// command line to libFuzzer's driver.
@_cdecl("FuzzNetlinkReply_main")
public func fuzzNetlinkReplyMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzNetlinkReply)
}
