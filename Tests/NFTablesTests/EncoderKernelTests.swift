import CNetfilter
import Foundation
import Testing

@testable import NFTables

/// The encoder's messages sent to the kernel in a test namespace, then listed with `nft`: they must list
/// exactly as `nft -f` of the same text does in another namespace, and vrc's ownership marker must be
/// invisible to nft.
@Suite("Encoder output applied to the kernel")
struct EncoderKernelTests {
    /// Sends the encoder's messages for `table` (as `EncoderMessages.build` orders them) in one batch.
    static func apply(_ table: Table, owned: Bool, in namespace: TestNamespace) throws {
        var messages = try EncoderMessages.build(table)
        if owned {
            let header = try TableEncoder.encode(table, owned: true)
            messages[0] = EncoderMessages.message(NFT_MSG_NEWTABLE, table.family.nfproto) {
                nftnl_table_nlmsg_build_payload($0, header.pointer)
            }
        }
        let socket = try NetlinkSocket(namespace: namespace.namespace)
        var batch: [UInt8] = []
        var sequence: UInt32 = 1
        func append(_ type: UInt16, flags: Int32, attributes: [UInt8], family: UInt8, resource: UInt16 = 0) {
            var header = nlmsghdr()
            header.nlmsg_len = UInt32(16 + 4 + attributes.count)
            header.nlmsg_type = type
            header.nlmsg_flags = UInt16(NLM_F_REQUEST | flags)
            header.nlmsg_seq = sequence
            sequence += 1
            batch += withUnsafeBytes(of: header, Array.init)
            var generic = nfgenmsg(nfgen_family: family, version: UInt8(NFNETLINK_V0), res_id: resource.bigEndian)
            batch += withUnsafeBytes(of: &generic, Array.init)
            batch += attributes
        }
        append(
            UInt16(NFNL_MSG_BATCH_BEGIN), flags: 0, attributes: [], family: 0, resource: UInt16(NFNL_SUBSYS_NFTABLES))
        for message in messages {
            var flags = NLM_F_CREATE | NLM_F_ACK
            if message.type == UInt16(NFT_MSG_NEWRULE.rawValue) { flags |= NLM_F_APPEND }
            append(
                UInt16(NFNL_SUBSYS_NFTABLES) << 8 | message.type, flags: flags, attributes: message.attributes,
                family: table.family.nfproto)
        }
        append(UInt16(NFNL_MSG_BATCH_END), flags: 0, attributes: [], family: 0, resource: UInt16(NFNL_SUBSYS_NFTABLES))
        try batch.withUnsafeBytes { try socket.send($0) }
        let refusals = try socket.drain().compactMap { reply -> String? in
            guard let code = reply.errorCode, code != 0 else { return nil }
            let index = Int(reply.sequence) - 2
            let label = messages.indices.contains(index) ? messages[index].label : "message \(reply.sequence)"
            return "\(label): \(String(cString: strerror(code)))"
        }
        #expect(refusals.isEmpty, "the kernel refused: \(refusals.joined(separator: "; "))")
    }

    @Test(
        "the ownership marker in the table userdata leaves nft list unchanged and silent",
        .kernel)
    func ownershipMarkerIsInvisibleToNft() throws {
        try KernelTestGate.check()
        let table = Table(family: .inet, name: "owned", comment: "made by vrc", chains: [Chain(name: "c")])
        let viaNetlink = try TestNamespace()
        defer { viaNetlink.close() }
        let viaNft = try TestNamespace()
        defer { viaNft.close() }

        try EncoderKernelTests.apply(table, owned: true, in: viaNetlink)
        try viaNft.nft("table inet owned { comment \"made by vrc\"; chain c { }; }")

        let listed = try viaNetlink.run(["nft", "list", "table", "inet", "owned"])
        #expect(listed.status == 0)
        #expect(listed.stderr.isEmpty, "nft warned: \(listed.stderr)")
        #expect(listed.stdout == (try viaNft.listTable(family: .inet, name: "owned")))
        #expect(listed.stdout.contains("comment \"made by vrc\""))
        let whole = try viaNetlink.run(["nft", "list", "ruleset"])
        #expect(whole.status == 0 && whole.stderr.isEmpty, "nft list ruleset: \(whole.stderr)")
        let json = try viaNetlink.run(["nft", "-j", "list", "ruleset"])
        #expect(json.status == 0 && json.stderr.isEmpty, "nft -j list ruleset: \(json.stderr)")

        // The marker is really there: the kernel hands back the userdata as sent.
        let sent = try TableEncoder.encode(table, owned: true)
        var length: UInt32 = 0
        let data = nftnl_table_get_data(sent.pointer, UInt16(NFTNL_TABLE_USERDATA.rawValue), &length)!
        let bytes = Array(UnsafeRawBufferPointer(start: data, count: Int(length)))
        let marker =
            [Ownership.userdataType, UInt8(Ownership.marker.utf8.count + 1)] + Array(Ownership.marker.utf8) + [0]
        #expect(bytes.suffix(marker.count) == marker[...])
    }

    @Test("every fixture rule lists as nft -f of its text does", .kernel, arguments: [TableFamily.inet, .ip, .ip6])
    func rulesListAsNftDoes(_ family: TableFamily) throws {
        try KernelTestGate.check()
        let (table, text) = EncoderFixtures.table(family, cases: EncoderFixtures.all)
        let viaNetlink = try TestNamespace()
        defer { viaNetlink.close() }
        let viaNft = try TestNamespace()
        defer { viaNft.close() }

        try viaNft.nft(text)
        try EncoderKernelTests.apply(table, owned: false, in: viaNetlink)
        #expect(
            try viaNetlink.listTable(family: family, name: "t") == (try viaNft.listTable(family: family, name: "t")))
    }

    /// An element update on an existing set: the model's elements, and the nft command that does the same.
    struct ElementUpdate: Sendable, CustomTestStringConvertible {
        var set: NFTSet
        var declaration: String
        var elements: [SetElement]
        var elementsText: String
        var delete = false
        /// Elements nft adds first, so that the update meets a set that is not empty.
        var preload: String?

        var testDescription: String { "\(delete ? "delete" : "add") element ip t \(set.name) { \(elementsText) }" }
    }

    static let updates: [ElementUpdate] = {
        let v = { (text: String) in Value(parsing: text) }
        let plain = NFTSet(name: "plain", keyType: [.ipv4Addr])
        let intervals = NFTSet(name: "nets", keyType: [.ipv4Addr], flags: [.interval])
        let verdicts = NFTSet(name: "dispatch", keyType: [.inetService], dataType: [.verdict])
        let pairs = NFTSet(name: "pairs", keyType: [.ipv4Addr, .inetService], flags: [.interval])
        let marks = NFTSet(name: "marks", keyType: [.mark], flags: [.interval])
        return [
            ElementUpdate(
                set: plain, declaration: "type ipv4_addr;",
                elements: [SetElement(key: v("10.0.0.2"), comment: "two"), SetElement(key: v("10.0.0.3"))],
                elementsText: "10.0.0.2 comment \"two\", 10.0.0.3"),
            ElementUpdate(
                set: plain, declaration: "type ipv4_addr;", elements: [SetElement(key: v("10.0.0.2"))],
                elementsText: "10.0.0.2", delete: true),
            ElementUpdate(
                set: intervals, declaration: "type ipv4_addr; flags interval;",
                elements: [
                    SetElement(key: v("20.0.0.0/8")), SetElement(key: v("30.0.0.1")),
                    SetElement(key: .range(v("200.0.0.0"), v("255.255.255.255"))),
                ],
                elementsText: "20.0.0.0/8, 30.0.0.1, 200.0.0.0-255.255.255.255"),
            ElementUpdate(
                set: intervals, declaration: "type ipv4_addr; flags interval;",
                elements: [SetElement(key: v("5.0.0.0/8")), SetElement(key: v("20.0.0.0/8"))],
                elementsText: "5.0.0.0/8, 20.0.0.0/8", preload: "10.0.0.0/8"),
            ElementUpdate(
                set: intervals, declaration: "type ipv4_addr; flags interval;",
                elements: [SetElement(key: v("20.0.0.0/8"))], elementsText: "20.0.0.0/8", delete: true),
            ElementUpdate(
                set: verdicts, declaration: "type inet_service : verdict;",
                elements: [
                    SetElement(key: .integer(22), verdict: .accept),
                    SetElement(key: .integer(23), verdict: .jump("other")),
                ],
                elementsText: "22 : accept, 23 : jump other"),
            ElementUpdate(
                set: pairs, declaration: "type ipv4_addr . inet_service; flags interval;",
                elements: [SetElement(key: .concat([v("11.0.0.0/8"), .range(.integer(80), .integer(90))]))],
                elementsText: "11.0.0.0/8 . 80-90"),
            ElementUpdate(
                set: marks, declaration: "type mark; flags interval;",
                elements: [SetElement(key: .range(.integer(1), .integer(5)))], elementsText: "0x1-0x5"),
        ]
    }()

    @Test("element updates of an existing set equal nft's add and delete element", .kernel, arguments: updates)
    func elementUpdatesMatchNft(_ update: ElementUpdate) throws {
        try KernelTestGate.check()
        let namespace = try TestNamespace()
        defer { namespace.close() }
        let set = update.set
        try namespace.nft(
            "table ip t { \(set.isMap ? "map" : "set") \(set.name) { \(update.declaration) }; chain other { }; }")
        if let preload = update.preload ?? (update.delete ? update.elementsText : nil) {
            try namespace.checkedRun(["nft", "add", "element", "ip", "t", set.name, "{ \(preload) }"])
        }
        let command = update.delete ? "delete" : "add"
        let run = try namespace.run(
            ["nft", "--debug=mnl", command, "element", "ip", "t", set.name, "{ \(update.elementsText) }"])
        #expect(run.status == 0, "\(run.stderr)")
        let expected = NftOracle.batchMessages(run.stdout + run.stderr)

        let table = Table(family: .ip, name: "t", sets: [set])
        let setIsEmpty = !update.delete && update.preload == nil
        let batches = try SetEncoder.elements(update.elements, of: set, in: table, setIsEmpty: setIsEmpty)
        let type = update.delete ? NFT_MSG_DELSETELEM : NFT_MSG_NEWSETELEM
        let actual = batches.map { batch in
            EncoderMessages.message(type, TableFamily.ip.nfproto) {
                nftnl_set_elems_nlmsg_build_payload($0, batch.pointer)
            }
        }
        #expect(actual.map(\.type) == expected.map(\.type))
        for (mine, theirs) in zip(actual, expected) {
            // nft names the existing set and adds an ID of its own (NFTA_SET_ELEM_LIST_SET_ID), which the kernel
            // does not use when the name resolves; vrc sends the name only.
            let setID = UInt16(NFTA_SET_ELEM_LIST_SET_ID.rawValue)
            #expect(
                NftOracle.render(NftOracle.attributes(mine.attributes))
                    == NftOracle.render(NftOracle.attributes(theirs.attributes).filter { $0.type != setID }))
        }
    }

    @Test("every fixture set lists as nft -f of its text does", .kernel)
    func setsListAsNftDoes() throws {
        try KernelTestGate.check()
        let (table, text) = EncoderSetTests.table(EncoderSetTests.ipSets)
        let viaNetlink = try TestNamespace()
        defer { viaNetlink.close() }
        let viaNft = try TestNamespace()
        defer { viaNft.close() }

        try viaNft.nft(text)
        try EncoderKernelTests.apply(table, owned: false, in: viaNetlink)
        #expect(try viaNetlink.listTable(family: .ip, name: "t") == (try viaNft.listTable(family: .ip, name: "t")))
    }
}
