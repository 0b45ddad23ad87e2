import CNetfilter
import Foundation
import Testing

@testable import NFTables

/// nft 1.0.6 as the oracle for the encoder: it runs `nft --debug=netlink|mnl -c -f FILE` in a throwaway network
/// namespace (`unshare -n`) and reads what nft would send to the kernel. Nothing is hard-coded: every expected
/// expression, set header and message comes from nft itself.
enum NftOracle {
    /// What nft printed for one file.
    struct Run: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Whether nft can be run in a throwaway namespace here (root, with `unshare` and `nft`).
    static var isAvailable: Bool { KernelTestGate.isRoot }

    static let skipReason: Comment = "needs root to run nft in a throwaway network namespace (unshare -n)"

    /// Runs `nft --debug=MODE -c -f` on `text` in a new network namespace.
    static func run(_ text: String, debug mode: String) throws -> Run {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vrc-encoder-\(UUID().uuidString).nft")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let output = try ProcessRunner.run(["unshare", "-n", "nft", "--debug=\(mode)", "-c", "-f", url.path])
        return Run(status: output.status, stdout: output.stdout, stderr: output.stderr)
    }

    // MARK: --debug=netlink

    /// One printed object: a first line and its indented continuation lines.
    struct Record: Equatable {
        var head: String
        var lines: [String]

        var isRule: Bool { lines.first?.hasPrefix("  [") == true }
        var isAnonymousSet: Bool { head.hasPrefix("__set%d") || head.hasPrefix("__map%d") }
    }

    /// A rule as nft printed it: its expression lines, and the anonymous sets printed just before it.
    struct PrintedRule: Equatable {
        var expressions: [String]
        /// Each anonymous set: the header line, then the elements line(s), whitespace-normalized.
        var anonymousSets: [String]
    }

    /// Splits `--debug=netlink` output into records.
    static func records(_ output: String) -> [Record] {
        var records: [Record] = []
        for line in output.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) {
            if (line.hasPrefix(" ") || line.hasPrefix("\t")) && !records.isEmpty {
                records[records.count - 1].lines.append(line)
            } else {
                records.append(Record(head: line, lines: []))
            }
        }
        return records
    }

    /// The rules of `--debug=netlink` output in order, each with the anonymous sets printed before it.
    static func printedRules(_ output: String) -> [PrintedRule] {
        var rules: [PrintedRule] = []
        var pending: [String] = []
        var pendingHeader: String?
        for record in records(output) {
            if record.isRule {
                rules.append(
                    PrintedRule(expressions: record.lines.map(trimmed), anonymousSets: pending))
                pending = []
            } else if record.isAnonymousSet {
                if record.lines.isEmpty && pendingHeader == nil {
                    pendingHeader = record.head
                } else {
                    pending.append(
                        normalized(([pendingHeader ?? ""] + [record.head] + record.lines).joined(separator: " ")))
                    pendingHeader = nil
                }
            }
        }
        return rules
    }

    static func trimmed(_ line: String) -> String {
        line.trimmingCharacters(in: .whitespaces)
    }

    /// Runs of whitespace made one space, for comparing libnftnl's tab-separated element lists.
    static func normalized(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }

    // MARK: --debug=mnl

    /// One netlink message of the batch: its nftables message type and its attributes as bytes.
    struct Message: Equatable {
        var type: UInt16
        var attributes: [UInt8]
        /// Which object vrc's message is for (`rule 3 of chain filter`); empty for nft's.
        var label = ""
    }

    /// The messages between BATCH_BEGIN and BATCH_END of `--debug=mnl` output.
    static func batchMessages(_ output: String) -> [Message] {
        let clean = output.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        var messages: [(type: UInt16, bytes: [UInt8])] = []
        for line in clean.split(separator: "\n").map(String.init) {
            if line.contains("| message length |") {
                messages.append((0, []))
            } else if line.contains("|  type | flags  |") {
                let fields = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                messages[messages.count - 1].type = UInt16(fields[0]) ?? 0
            } else if line.contains("|len |flags| type|") {
                let fields = line.split(separator: "|").map(String.init)
                guard fields.count >= 3, let length = UInt16(fields[0]), var type = UInt16(fields[2]) else { continue }
                if fields[1].contains("N") { type |= UInt16(NLA_F_NESTED) }
                if fields[1].contains("B") { type |= UInt16(NLA_F_NET_BYTEORDER) }
                messages[messages.count - 1].bytes += withUnsafeBytes(of: length.littleEndian, Array.init)
                messages[messages.count - 1].bytes += withUnsafeBytes(of: type.littleEndian, Array.init)
            } else if line.contains("|      data      |") || line.contains("|  extra header  |") {
                let hex = line.split(separator: "|").first?.split(separator: " ") ?? []
                let bytes = hex.compactMap { UInt8($0, radix: 16) }
                if bytes.count == 4, !messages.isEmpty {
                    messages[messages.count - 1].bytes += bytes
                }
            }
        }
        var batch: [Message] = []
        var inside = false
        for message in messages {
            let subsystem = message.type >> 8
            let command = message.type & 0xFF
            if message.type == UInt16(NFNL_MSG_BATCH_BEGIN) {
                inside = true
            } else if message.type == UInt16(NFNL_MSG_BATCH_END) {
                inside = false
            } else if inside && subsystem == UInt16(NFNL_SUBSYS_NFTABLES) && command != UInt16(NFT_MSG_GETGEN.rawValue)
            {
                // (nft asks for the generation again when the kernel refused something.)
                // The first four bytes are the nfgenmsg header.
                batch.append(Message(type: command, attributes: Array(message.bytes.dropFirst(4))))
            }
        }
        return batch
    }

    // MARK: Attribute trees

    /// A netlink attribute, with its children when nested.
    struct Attribute: Equatable {
        var type: UInt16
        var data: [UInt8]
        var children: [Attribute]?
    }

    /// Parses attributes; nested ones (`NLA_F_NESTED`) recursively, children sorted by type (stably, so that
    /// lists keep their order) because libnftnl and nft may put the same attributes in another order.
    static func attributes(_ bytes: [UInt8]) -> [Attribute] {
        var result: [Attribute] = []
        var offset = 0
        while offset + 4 <= bytes.count {
            let length = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
            let rawType = UInt16(bytes[offset + 2]) | UInt16(bytes[offset + 3]) << 8
            guard length >= 4, offset + length <= bytes.count else { break }
            let data = Array(bytes[(offset + 4)..<(offset + length)])
            let type = rawType & UInt16(0x3FFF)
            if rawType & UInt16(NLA_F_NESTED) != 0 {
                result.append(Attribute(type: type, data: [], children: attributes(data)))
            } else {
                result.append(Attribute(type: type, data: data, children: nil))
            }
            offset += (length + 3) & ~3
        }
        return stableSorted(result)
    }

    private static func stableSorted(_ list: [Attribute]) -> [Attribute] {
        list.enumerated().sorted { ($0.element.type, $0.offset) < ($1.element.type, $1.offset) }.map(\.element)
    }

    /// The tree as indented text, for readable differences.
    static func render(_ attributes: [Attribute], depth: Int = 1) -> String {
        attributes.map { attribute in
            let indent = String(repeating: "  ", count: depth)
            if let children = attribute.children {
                return "\(indent)\(attribute.type):\n" + render(children, depth: depth + 1)
            }
            let hex = attribute.data.map { String(format: "%02x", $0) }.joined()
            return "\(indent)\(attribute.type)=\(hex)\(printable(attribute.data))\n"
        }.joined()
    }

    private static func printable(_ data: [UInt8]) -> String {
        guard data.count > 1, data.last == 0, data.dropLast().allSatisfy({ (32..<127).contains($0) }) else { return "" }
        return " \"\(String(decoding: data.dropLast(), as: UTF8.self))\""
    }

    static func messageName(_ type: UInt16) -> String {
        switch UInt32(type) {
        case NFT_MSG_NEWTABLE.rawValue: return "NEWTABLE"
        case NFT_MSG_NEWCHAIN.rawValue: return "NEWCHAIN"
        case NFT_MSG_NEWRULE.rawValue: return "NEWRULE"
        case NFT_MSG_NEWSET.rawValue: return "NEWSET"
        case NFT_MSG_NEWSETELEM.rawValue: return "NEWSETELEM"
        default: return "message \(type)"
        }
    }
}

/// Builds the messages vrc's encoder produces for a table, in the order nft sends them for `nft -f`:
/// the table, its chains, its sets (each with its elements), then each chain's rules, anonymous sets first.
enum EncoderMessages {
    static func build(_ table: Table) throws -> [NftOracle.Message] {
        var messages: [NftOracle.Message] = []
        let family = table.family.nfproto
        let encodedTable = try TableEncoder.encode(table, owned: false)
        messages.append(message(NFT_MSG_NEWTABLE, family) { nftnl_table_nlmsg_build_payload($0, encodedTable.pointer) })
        for chain in table.chains {
            let encoded = try ChainEncoder.encode(chain, in: table)
            var header = message(NFT_MSG_NEWCHAIN, family) { nftnl_chain_nlmsg_build_payload($0, encoded.pointer) }
            header.label = "chain \(chain.name)"
            messages.append(header)
        }
        var ids = SetIDAllocator()
        var encoder = RuleEncoder(table: table)
        for set in table.sets {
            let encoded = try SetEncoder.encode(set, in: table, ids: &ids)
            encoder.namedSetIDs[set.name] = encoded.id
            messages += setMessages(encoded, family: family).map { message in
                var labeled = message
                labeled.label = "set \(set.name)"
                return labeled
            }
        }
        for chain in table.chains {
            for (index, rule) in chain.rules.enumerated() {
                let encoded = try encoder.encode(rule, chain: chain.name, index: index + 1, ids: &ids)
                let label = "rule \(index + 1) of chain \(chain.name)"
                for anonymous in encoded.anonymousSets {
                    messages += setMessages(anonymous, family: family).map { message in
                        var labeled = message
                        labeled.label = "anonymous set of \(label)"
                        return labeled
                    }
                }
                var ruleMessage = message(NFT_MSG_NEWRULE, family) {
                    nftnl_rule_nlmsg_build_payload($0, encoded.rule.pointer)
                }
                ruleMessage.label = label
                messages.append(ruleMessage)
            }
        }
        return messages
    }

    static func setMessages(_ encoded: EncodedSet, family: UInt8) -> [NftOracle.Message] {
        var messages = [message(NFT_MSG_NEWSET, family) { nftnl_set_nlmsg_build_payload($0, encoded.set.pointer) }]
        for batch in encoded.elementBatches {
            messages.append(
                message(NFT_MSG_NEWSETELEM, family) { nftnl_set_elems_nlmsg_build_payload($0, batch.pointer) })
        }
        return messages
    }

    /// One message built by libnftnl, as the oracle reads nft's: type and attributes.
    static func message(
        _ type: nf_tables_msg_types, _ family: UInt8, _ payload: (UnsafeMutablePointer<nlmsghdr>) -> Void
    ) -> NftOracle.Message {
        let bytes = messageBytes(type, family, payload)
        return NftOracle.Message(type: UInt16(type.rawValue), attributes: Array(bytes.dropFirst(16 + 4)))
    }

    /// The whole message, header included.
    static func messageBytes(
        _ type: nf_tables_msg_types, _ family: UInt8, _ payload: (UnsafeMutablePointer<nlmsghdr>) -> Void
    ) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        let length = buffer.withUnsafeMutableBytes { raw -> Int in
            let header = nftnl_nlmsg_build_hdr(
                raw.baseAddress!.assumingMemoryBound(to: CChar.self), UInt16(type.rawValue), UInt16(family), 0, 0)!
            payload(header)
            return Int(header.pointee.nlmsg_len)
        }
        return Array(buffer.prefix(length))
    }

    /// `nftnl_rule_snprintf`'s expression lines for a rule, and its userdata line when it has one.
    static func expressionLines(_ rule: NftnlRule) -> [String] {
        printed { nftnl_rule_snprintf($0, $1, rule.pointer, UInt32(NFTNL_OUTPUT_DEFAULT.rawValue), 0) }
            .split(separator: "\n").map(String.init).filter { $0.hasPrefix("  ") }.map(NftOracle.trimmed)
    }

    /// An anonymous set as nft prints it under `--debug=netlink`: header, then the element message(s).
    static func setText(_ encoded: EncodedSet) -> String {
        var parts = [
            printed { nftnl_set_snprintf($0, $1, encoded.set.pointer, UInt32(NFTNL_OUTPUT_DEFAULT.rawValue), 0) }
        ]
        for batch in encoded.elementBatches {
            parts.append(
                printed { nftnl_set_snprintf($0, $1, batch.pointer, UInt32(NFTNL_OUTPUT_DEFAULT.rawValue), 0) })
        }
        return NftOracle.normalized(parts.joined(separator: " "))
    }

    private static func printed(_ body: (UnsafeMutablePointer<CChar>, Int) -> Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 1 << 16)
        _ = buffer.withUnsafeMutableBufferPointer { body($0.baseAddress!, $0.count) }
        return String(cString: buffer)
    }
}

@Suite("Encoder oracle plumbing")
struct EncoderOracleTests {
    @Test("nft's --debug=mnl batch parses into the messages nft sends", .enabled(if: NftOracle.isAvailable))
    func parsesMnlDump() throws {
        let run = try NftOracle.run("table ip t { chain c { tcp dport 22 accept; }; }", debug: "mnl")
        let messages = NftOracle.batchMessages(run.stdout + run.stderr)
        #expect(messages.map { NftOracle.messageName($0.type) } == ["NEWTABLE", "NEWCHAIN", "NEWRULE"], "\(run)")
        let rule = NftOracle.attributes(messages.last?.attributes ?? [])
        // NFTA_RULE_TABLE, NFTA_RULE_CHAIN and the expression list.
        #expect(rule.map(\.type) == [1, 2, 4])
        #expect(rule.last?.children?.count == 5)  // meta, cmp, payload, cmp, immediate
    }

    @Test(
        "nft's --debug=netlink output splits into rules with their anonymous sets", .enabled(if: NftOracle.isAvailable))
    func parsesNetlinkDump() throws {
        let run = try NftOracle.run(
            "table ip t { chain c { tcp dport { 22, 80 } accept; ip ttl 1 drop; }; }", debug: "netlink")
        let rules = NftOracle.printedRules(run.stdout)
        #expect(rules.count == 2)
        #expect(rules.first?.anonymousSets.count == 1)
        #expect(rules.first?.expressions.contains { $0.hasPrefix("[ lookup reg 1 set __set%d") } == true)
        #expect(rules.last?.anonymousSets.isEmpty == true)
    }

    @Test("the attribute parser reads back what libnftnl builds")
    func attributeRoundTrip() throws {
        let table = Table(family: .inet, name: "t", comment: "hello")
        let messages = try EncoderMessages.build(table)
        let attributes = NftOracle.attributes(messages[0].attributes)
        // NFTA_TABLE_NAME "t", NFTA_TABLE_FLAGS 0, NFTA_TABLE_USERDATA with the comment TLV.
        #expect(attributes.map(\.type) == [1, 2, 6])
        #expect(attributes[0].data == Array("t\0".utf8))
        #expect(attributes[2].data == [0, 6] + Array("hello\0".utf8))
    }
}
