import CNetfilter
import Foundation

@testable import NFTables

/// Applies rulesets in a network namespace and writes the kernel's dump replies for them, byte for byte, as
/// seeds for `FuzzNetlinkReply`.
struct NetlinkSeedWriter {
    /// The namespace to apply in; it should hold no other tables.
    var namespace: NetworkNamespace
    /// The folder the seeds are written to.
    var output: String

    /// Writes one seed per `*.json` ruleset in `folder`; returns the process exit status.
    func write(rulesetsIn folder: String) -> CInt {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        var written = 0
        for name in names {
            let path = folder + "/" + name
            do {
                let ruleset = try JSONDecoder().decode(Ruleset.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
                try ruleset.apply(to: namespace)
                let replies = try dumpReplies()
                try Data(replies).write(to: URL(fileURLWithPath: output + "/" + name.dropLast(5) + ".bin"))
                written += 1
            } catch {
                FileHandle.standardError.write(Data("netlink seeds: \(name): \(error)\n".utf8))
            }
            _ = try? Ruleset.flushOwned(in: namespace)
        }
        print("netlink seeds: \(written) of \(names.count) rulesets written to \(output)")
        return written > 0 ? 0 : 1
    }

    /// The replies to the dump requests of a read of every owned table, each message padded to 4 bytes.
    private func dumpReplies() throws(NFTablesError) -> [UInt8] {
        let socket = try NetlinkSocket(namespace: namespace)
        var replies: [UInt8] = []
        func append(_ messages: [NetlinkMessage]) {
            for message in messages {
                replies += message.bytes
                replies += [UInt8](repeating: 0, count: (4 - message.bytes.count % 4) % 4)
            }
        }
        let tableMessages = try dump(socket, NFT_MSG_GETTABLE, family: 0) { _ in }
        append(tableMessages)
        for message in tableMessages {
            guard let table = try KernelTable.parse(message), table.isOwned else { continue }
            let family = table.family.nfproto
            append(
                try dump(socket, NFT_MSG_GETCHAIN, family: family) { header in
                    let chain = nftnl_chain_alloc()
                    nftnl_chain_set_str(chain, UInt16(NFTNL_CHAIN_TABLE.rawValue), table.name)
                    nftnl_chain_nlmsg_build_payload(header, chain)
                    nftnl_chain_free(chain)
                })
            let setMessages = try dump(socket, NFT_MSG_GETSET, family: family) { header in
                let set = nftnl_set_alloc()
                nftnl_set_set_str(set, UInt16(NFTNL_SET_TABLE.rawValue), table.name)
                nftnl_set_nlmsg_build_payload(header, set)
                nftnl_set_free(set)
            }
            for setMessage in setMessages {
                let set = try KernelSet.parse(setMessage)
                guard set.table == table.name else { continue }
                append([setMessage])
                append(
                    try dump(socket, NFT_MSG_GETSETELEM, family: family) { header in
                        let filter = nftnl_set_alloc()
                        nftnl_set_set_str(filter, UInt16(NFTNL_SET_TABLE.rawValue), table.name)
                        nftnl_set_set_str(filter, UInt16(NFTNL_SET_NAME.rawValue), set.name)
                        nftnl_set_elems_nlmsg_build_payload(header, filter)
                        nftnl_set_free(filter)
                    })
            }
            append(
                try dump(socket, NFT_MSG_GETRULE, family: family) { header in
                    let rule = nftnl_rule_alloc()
                    nftnl_rule_set_str(rule, UInt16(NFTNL_RULE_TABLE.rawValue), table.name)
                    nftnl_rule_nlmsg_build_payload(header, rule)
                    nftnl_rule_free(rule)
                })
        }
        return replies
    }

    /// Sends one `NLM_F_DUMP` request built by `build` and returns the replies.
    private func dump(
        _ socket: NetlinkSocket, _ type: nf_tables_msg_types, family: UInt8,
        build: (UnsafeMutablePointer<nlmsghdr>) -> Void
    ) throws(NFTablesError) -> [NetlinkMessage] {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let length = buffer.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress,
                let header = nftnl_nlmsg_build_hdr(
                    base.assumingMemoryBound(to: CChar.self), UInt16(truncatingIfNeeded: type.rawValue),
                    UInt16(family), UInt16(NLM_F_DUMP), socket.nextSequence())
            else { return 0 }
            build(header)
            return Int(header.pointee.nlmsg_len)
        }
        guard length > 0, length <= buffer.count else { throw .system(call: "nftnl_nlmsg_build_hdr", errno: EINVAL) }
        let result = buffer.withUnsafeBytes { raw -> Result<[NetlinkMessage], NFTablesError> in
            do throws(NFTablesError) {
                return .success(try socket.dump(UnsafeRawBufferPointer(rebasing: raw[0..<length])))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
