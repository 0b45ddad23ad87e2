import CNetfilter
import Foundation
import Testing

@testable import NFTables

/// The reader's pure parts, without a kernel: lifting expressions, joining intervals, and surviving any
/// bytes a reply may hold.
@Suite("RulesetReader decoding")
struct ReaderDecodingTests {
    // MARK: Lifting

    @Test("every field of the model has one position, and a load there reads back as that field")
    func payloadPositions() {
        for field in PayloadField.allCases {
            let headers = PayloadHeader.allCases.filter { header in header.fields.contains { $0.field == field } }
            #expect(headers.count == 1, "\(field.rawValue) is in \(headers)")
            let (header, position) = PayloadHeader.position(of: field)
            guard position.isByteAligned else { continue }
            let found = header.field(offset: position.bitOffset / 8, length: position.bitLength / 8, mask: nil)
            #expect(found?.field.field == field, "\(field.rawValue)")
        }
    }

    private static let reg1: UInt32 = 1
    private static let eq = UInt32(NFT_CMP_EQ.rawValue)
    private static let neq = UInt32(NFT_CMP_NEQ.rawValue)

    private static func payload(_ base: nft_payload_bases, _ offset: UInt32, _ length: UInt32) -> KernelExpression {
        .payload(base: base.rawValue, offset: offset, length: length, destination: reg1)
    }

    private static func meta(_ key: UInt32) -> KernelExpression { .meta(key: key, destination: reg1) }

    @Test("a 1-byte load of ip saddr compared with 10 is the prefix 10.0.0.0/8")
    func shortLoadIsPrefix() throws {
        let statements = try ExpressionLifter(family: .ip, sets: [:]).lift([
            Self.payload(NFT_PAYLOAD_NETWORK_HEADER, 12, 1), .cmp(source: Self.reg1, op: Self.eq, data: [10]),
        ])
        #expect(statements == [.match(Match(.payload(.ipSaddr), .eq, .prefix(IPAddress("10.0.0.0")!, 8)))])
    }

    @Test("a masked ip daddr is a prefix or a masked match; an IPv6 mask that is no prefix is refused")
    func maskedAddress() throws {
        let lifter = ExpressionLifter(family: .ip, sets: [:])
        let load = Self.payload(NFT_PAYLOAD_NETWORK_HEADER, 16, 4)
        let prefix = try lifter.lift([
            load, .bitwise(source: 1, destination: 1, length: 4, mask: [255, 240, 0, 0], xor: [0, 0, 0, 0]),
            .cmp(source: 1, op: Self.neq, data: [10, 16, 0, 0]),
        ])
        #expect(prefix == [.match(Match(.payload(.ipDaddr), .neq, .prefix(IPAddress("10.16.0.0")!, 12)))])
        let masked = try lifter.lift([
            load, .bitwise(source: 1, destination: 1, length: 4, mask: [255, 0, 255, 0], xor: [0, 0, 0, 0]),
            .cmp(source: 1, op: Self.eq, data: [10, 0, 2, 0]),
        ])
        #expect(masked == [.match(Match(.payload(.ipDaddr), .eq, .address(IPAddress("10.0.2.0")!), mask: 0xFF00_FF00))])
        let mask6: [UInt8] = [UInt8](repeating: 0, count: 14) + [255, 255]
        #expect(throws: LiftError.self) {
            try ExpressionLifter(family: .ip6, sets: [:]).lift([
                Self.payload(NFT_PAYLOAD_NETWORK_HEADER, 8, 16),
                .bitwise(source: 1, destination: 1, length: 16, mask: mask6, xor: [UInt8](repeating: 0, count: 16)),
                .cmp(source: 1, op: Self.eq, data: [UInt8](repeating: 0, count: 15) + [1]),
            ])
        }
    }

    @Test("inet: the nfproto and l4proto dependencies of icmp go, and a merged load splits into type and code")
    func icmpDependenciesAndMerge() throws {
        let statements = try ExpressionLifter(family: .inet, sets: [:]).lift([
            Self.meta(KernelKeys.Meta.nfproto), .cmp(source: 1, op: Self.eq, data: [2]),
            Self.meta(KernelKeys.Meta.l4proto), .cmp(source: 1, op: Self.eq, data: [1]),
            Self.payload(NFT_PAYLOAD_TRANSPORT_HEADER, 0, 2), .cmp(source: 1, op: Self.eq, data: [8, 0]),
            .immediateVerdict(code: Int32(NF_ACCEPT), chain: nil),
        ])
        #expect(
            statements == [
                .match(Match(.payload(.icmpType), .eq, .integer(8))),
                .match(Match(.payload(.icmpCode), .eq, .integer(0))),
                .verdict(.accept),
            ])
    }

    @Test("inet: ip protocol stays when it stands on its own nfproto dependency; l4proto alone stays")
    func dependenciesThatStay() throws {
        let lifter = ExpressionLifter(family: .inet, sets: [:])
        let statements = try lifter.lift([
            Self.meta(KernelKeys.Meta.nfproto), .cmp(source: 1, op: Self.eq, data: [2]),
            Self.payload(NFT_PAYLOAD_NETWORK_HEADER, 9, 1), .cmp(source: 1, op: Self.eq, data: [6]),
            Self.payload(NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2), .cmp(source: 1, op: Self.eq, data: [0, 22]),
        ])
        #expect(
            statements == [
                .match(Match(.payload(.ipProtocol), .eq, .integer(6))),
                .match(Match(.payload(.tcpDport), .eq, .integer(22))),
            ])
        let alone = try lifter.lift([Self.meta(KernelKeys.Meta.l4proto), .cmp(source: 1, op: Self.eq, data: [17])])
        #expect(alone == [.match(Match(.meta(.l4proto), .eq, .integer(17)))])
    }

    @Test("flag tests: & m != 0 is == m, & m == 0 is != m, a whole-value compare keeps a full mask")
    func flagTests() throws {
        let lifter = ExpressionLifter(family: .ip, sets: [:])
        let state = KernelExpression.ct(key: KernelKeys.Ct.state, direction: nil, destination: 1)
        let mask = KernelExpression.bitwise(
            source: 1, destination: 1, length: 4, mask: [6, 0, 0, 0], xor: [0, 0, 0, 0])
        #expect(
            try lifter.lift([state, mask, .cmp(source: 1, op: Self.neq, data: [0, 0, 0, 0])])
                == [.match(Match(.ct(.state), .eq, .integer(6)))])
        #expect(
            try lifter.lift([state, mask, .cmp(source: 1, op: Self.eq, data: [0, 0, 0, 0])])
                == [.match(Match(.ct(.state), .neq, .integer(6)))])
        #expect(
            try lifter.lift([state, .cmp(source: 1, op: Self.neq, data: [2, 0, 0, 0])])
                == [.match(Match(.ct(.state), .neq, .integer(2), mask: 0xFFFF_FFFF))])
    }

    @Test("NAT registers from immediates become an address range and a port")
    func natFromImmediates() throws {
        let statements = try ExpressionLifter(family: .ip, sets: [:]).lift([
            .immediateData(destination: 1, data: [192, 0, 2, 10]),
            .immediateData(destination: 2, data: [192, 0, 2, 20]),
            .immediateData(destination: 3, data: [0x1F, 0x90]),
            .nat(.init(type: 1, family: 2, addressMin: 1, addressMax: 2, protoMin: 3, protoMax: nil, flags: 0x1A)),
        ])
        let range = Value.range(.address(IPAddress("192.0.2.10")!), .address(IPAddress("192.0.2.20")!))
        // 0x1A: addresses and ports given (implied), persistent, fully random.
        #expect(
            statements == [
                .nat(NAT(.dnat, to: .address(range, port: .integer(8080)), flags: [.fullyRandom, .persistent]))
            ])
    }

    @Test("what the model cannot express is refused with a reason, never lifted wrongly")
    func refusals() {
        let lifter = ExpressionLifter(family: .inet, sets: [:])
        let cases: [([KernelExpression], String)] = [
            ([.unsupported(name: "quota", reason: "expression \"quota\" has no statement in vrc's model")], "quota"),
            ([.cmp(source: 1, op: Self.eq, data: [1])], "register 1"),
            (
                [Self.payload(NFT_PAYLOAD_NETWORK_HEADER, 12, 4), .cmp(source: 1, op: Self.eq, data: [1, 2, 3, 4])],
                "network"
            ),
            (
                [
                    Self.payload(NFT_PAYLOAD_TRANSPORT_HEADER, 0, 2),
                    .lookup(source: 1, destination: nil, set: "nope", inverted: false),
                ], "nope"
            ),
            ([Self.meta(KernelKeys.Meta.iiftype), .cmp(source: 1, op: Self.eq, data: [1, 0])], "iiftype"),
            ([Self.meta(26)], "meta iifkind"),
        ]
        for (expressions, fragment) in cases {
            do {
                let statements = try lifter.lift(expressions)
                Issue.record("lifted \(expressions) to \(statements)")
            } catch {
                #expect(error.description.contains(fragment), "\(error.description)")
            }
        }
    }

    // MARK: Intervals

    private static func element(_ key: [UInt8], end: Bool = false) -> KernelSetElement {
        KernelSetElement(key: key, keyEnd: nil, flags: end ? NFT_SET_ELEM_INTERVAL_END.rawValue : 0)
    }

    @Test("interval elements in any order join into values, prefixes and ranges")
    func joinsIntervals() throws {
        let decoding = SetElementDecoding(
            keyParts: [ValueLayout(type: .ipv4Addr)], dataParts: nil, isVerdictMap: false, isInterval: true)
        let elements = [
            Self.element([192, 0, 2, 2], end: true),  // closes 192.0.2.1
            Self.element([10, 0, 0, 0]),
            Self.element([0, 0, 0, 0], end: true),  // nft's marker below the first interval
            Self.element([11, 0, 0, 0], end: true),  // closes 10.0.0.0/8
            Self.element([192, 0, 2, 1]),
            Self.element([198, 51, 100, 10]),
            Self.element([198, 51, 100, 21], end: true),
            Self.element([198, 51, 100, 21]),  // adjacent interval, not merged
            Self.element([198, 51, 100, 31], end: true),
            Self.element([255, 255, 255, 0]),  // open to the top of the key space
        ]
        let keys = try decoding.decode(elements).map(\.key)
        func address(_ text: String) -> IPAddress { IPAddress(text)! }
        #expect(
            keys == [
                .prefix(address("10.0.0.0"), 8),
                .address(address("192.0.2.1")),
                .range(.address(address("198.51.100.10")), .address(address("198.51.100.20"))),
                .range(.address(address("198.51.100.21")), .address(address("198.51.100.30"))),
                .prefix(address("255.255.255.0"), 24),
            ])
    }

    @Test("an interface name interval is its wildcard; ports never read as prefixes")
    func wildcardsAndPorts() throws {
        let name = ValueLayout(type: .ifname)
        let decoding = SetElementDecoding(keyParts: [name], dataParts: nil, isVerdictMap: false, isInterval: true)
        let low = Array("ppp".utf8) + [UInt8](repeating: 0, count: 13)
        let high = Array("ppp".utf8) + [UInt8](repeating: 0xFF, count: 13)
        #expect(try decoding.interval(name, from: low[...], to: high[...]) == .string("ppp*"))
        let port = ValueLayout(type: .inetService)
        #expect(
            try decoding.interval(port, from: [4, 0][...], to: [7, 255][...]) == .range(.integer(1024), .integer(2047)))
    }

    @Test("hash set elements come back sorted by value, host-order marks included")
    func sortsElements() throws {
        let decoding = SetElementDecoding(
            keyParts: [ValueLayout(type: .mark)], dataParts: nil, isVerdictMap: false, isInterval: false)
        let marks: [UInt32] = [0x100, 0x2, 0x1_0000, 0x1]
        let elements = marks.map { mark in
            KernelSetElement(key: withUnsafeBytes(of: mark.littleEndian) { Array($0) }, keyEnd: nil, flags: 0)
        }
        #expect(try decoding.decode(elements).map(\.key) == [1, 2, 0x100, 0x1_0000].map { .integer($0) })
    }

    // MARK: Malformed replies

    /// An nf_tables message of `type` with `payload` after the `nfgenmsg`.
    private static func message(_ type: nf_tables_msg_types, family: UInt8 = 2, payload: [UInt8]) -> NetlinkMessage {
        let length = UInt32(20 + payload.count)
        var bytes = withUnsafeBytes(of: length.littleEndian) { Array($0) }
        bytes += withUnsafeBytes(of: NetlinkMessage.nfTablesType(type).littleEndian) { Array($0) }
        bytes += [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, family, 0, 0, 0]
        bytes += payload
        return NetlinkMessage(type: NetlinkMessage.nfTablesType(type), flags: 0, sequence: 1, bytes: bytes)
    }

    /// Runs every parser on `message`: each must return or throw `malformedReply`, nothing else.
    private static func parseAll(_ message: NetlinkMessage) -> [String] {
        var failures: [String] = []
        func check(_ name: String, _ body: () throws(NFTablesError) -> Void) {
            do throws(NFTablesError) {
                try body()
            } catch {
                if case .malformedReply = error { return }
                failures.append("\(name): \(error)")
            }
        }
        check("table") { () throws(NFTablesError) in _ = try KernelTable.parse(message) }
        check("chain") { () throws(NFTablesError) in _ = try KernelChain.parse(message) }
        check("set") { () throws(NFTablesError) in _ = try KernelSet.parse(message) }
        check("rule") { () throws(NFTablesError) in
            let rule = try KernelRule.parse(message)
            _ = try? ExpressionLifter(family: .inet, sets: [:]).lift(rule.expressions)
        }
        check("elements") { () throws(NFTablesError) in
            var elements: [KernelSetElement] = []
            try KernelSetElement.parse(message, set: "s", into: &elements)
        }
        return failures
    }

    /// A real rule message, as libnftnl builds it: `ip saddr 10.0.0.0/8 counter accept` with a comment.
    private static func ruleMessage() -> NetlinkMessage {
        let rule = nftnl_rule_alloc()!
        defer { nftnl_rule_free(rule) }
        nftnl_rule_set_str(rule, UInt16(NFTNL_RULE_TABLE.rawValue), "t")
        nftnl_rule_set_str(rule, UInt16(NFTNL_RULE_CHAIN.rawValue), "c")
        nftnl_rule_set_u64(rule, UInt16(NFTNL_RULE_HANDLE.rawValue), 7)
        let payload = nftnl_expr_alloc("payload")!
        nftnl_expr_set_u32(payload, UInt16(NFTNL_EXPR_PAYLOAD_BASE), NFT_PAYLOAD_NETWORK_HEADER.rawValue)
        nftnl_expr_set_u32(payload, UInt16(NFTNL_EXPR_PAYLOAD_OFFSET), 12)
        nftnl_expr_set_u32(payload, UInt16(NFTNL_EXPR_PAYLOAD_LEN), 1)
        nftnl_expr_set_u32(payload, UInt16(NFTNL_EXPR_PAYLOAD_DREG), 1)
        nftnl_rule_add_expr(rule, payload)
        let cmp = nftnl_expr_alloc("cmp")!
        nftnl_expr_set_u32(cmp, UInt16(NFTNL_EXPR_CMP_SREG), 1)
        nftnl_expr_set_u32(cmp, UInt16(NFTNL_EXPR_CMP_OP), NFT_CMP_EQ.rawValue)
        var ten: UInt8 = 10
        nftnl_expr_set(cmp, UInt16(NFTNL_EXPR_CMP_DATA), &ten, 1)
        nftnl_rule_add_expr(rule, cmp)
        nftnl_rule_add_expr(rule, nftnl_expr_alloc("counter")!)
        let verdict = nftnl_expr_alloc("immediate")!
        nftnl_expr_set_u32(verdict, UInt16(NFTNL_EXPR_IMM_DREG), 0)
        nftnl_expr_set_u32(verdict, UInt16(NFTNL_EXPR_IMM_VERDICT), UInt32(NF_ACCEPT))
        nftnl_rule_add_expr(rule, verdict)
        let comment: [UInt8] = [0, 4] + Array("ssh".utf8) + [0]
        comment.withUnsafeBytes {
            _ = nftnl_rule_set_data(rule, UInt16(NFTNL_RULE_USERDATA.rawValue), $0.baseAddress, UInt32($0.count))
        }
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = buffer.withUnsafeMutableBufferPointer { pointer -> Int in
            let header = nftnl_nlmsg_build_hdr(pointer.baseAddress, UInt16(NFT_MSG_NEWRULE.rawValue), 2, 0, 1)!
            nftnl_rule_nlmsg_build_payload(header, rule)
            return Int(header.pointee.nlmsg_len)
        }
        let bytes = buffer.prefix(length).map { UInt8(bitPattern: $0) }
        return NetlinkMessage(type: NetlinkMessage.nfTablesType(NFT_MSG_NEWRULE), flags: 0, sequence: 1, bytes: bytes)
    }

    @Test("a rule libnftnl built parses and lifts")
    func parsesBuiltRule() throws {
        let rule = try KernelRule.parse(Self.ruleMessage())
        #expect(rule.table == "t" && rule.chain == "c" && rule.handle == 7 && rule.comment == "ssh")
        let statements = try ExpressionLifter(family: .ip, sets: [:]).lift(rule.expressions)
        #expect(
            statements == [
                .match(Match(.payload(.ipSaddr), .eq, .prefix(IPAddress("10.0.0.0")!, 8))), .counter(Counter()),
                .verdict(.accept),
            ])
    }

    @Test("every truncation and bit flip of a real message is parsed or refused, never a crash")
    func survivesDamagedMessages() {
        let original = Self.ruleMessage()
        var failures: [String] = []
        for cut in stride(from: 0, to: original.bytes.count, by: 1) {
            var damaged = original
            damaged.bytes = Array(original.bytes.prefix(cut))
            if cut >= 4 {
                // Keep the declared length honest too, so the parsers see the cut attributes themselves.
                let length = UInt32(cut).littleEndian
                withUnsafeBytes(of: length) { damaged.bytes.replaceSubrange(0..<4, with: $0) }
            }
            failures += Self.parseAll(damaged)
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            var damaged = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 20..<damaged.bytes.count, using: &generator)
                damaged.bytes[index] ^= UInt8(1) << UInt8.random(in: 0...7, using: &generator)
            }
            failures += Self.parseAll(damaged)
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    @Test("random bytes after a valid header are parsed or refused, never a crash")
    func survivesRandomBytes() {
        var generator = SystemRandomNumberGenerator()
        var failures: [String] = []
        let types = [NFT_MSG_NEWTABLE, NFT_MSG_NEWCHAIN, NFT_MSG_NEWSET, NFT_MSG_NEWRULE, NFT_MSG_NEWSETELEM]
        for _ in 0..<3000 {
            let payload = (0..<Int.random(in: 0...96, using: &generator)).map { _ in
                // Small numbers make plausible attribute headers more often than uniform bytes would.
                Bool.random(using: &generator)
                    ? UInt8.random(in: 0...12, using: &generator) : UInt8.random(in: 0...255, using: &generator)
            }
            for type in types {
                failures += Self.parseAll(Self.message(type, payload: payload))
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
        // A message that claims more bytes than it has, or is of the wrong kind, is refused outright.
        var short = Self.message(NFT_MSG_NEWTABLE, payload: [])
        short.bytes[0] = 200
        #expect(throws: NFTablesError.self) { try KernelTable.parse(short) }
        #expect(throws: NFTablesError.self) { try KernelTable.parse(Self.message(NFT_MSG_NEWRULE, payload: [])) }
    }
}
