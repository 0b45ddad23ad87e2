/// The netlink attributes (`struct nlattr` TLVs) of one nest, read with every length checked.
///
/// The reader parses the kernel's replies itself rather than with libnftnl's `nftnl_*_nlmsg_parse`:
/// libnftnl 1.2.4 calls `exit()` (`abi_breakage()`) when an attribute has an unexpected length, and vrc
/// must answer unexpected bytes with ``NFTablesError/malformedReply(_:)``, never end its process.
/// Numbers in nf_tables attributes are big-endian.
internal struct NetlinkAttributeSet {
    private let bytes: [UInt8]
    private var entries: [(type: UInt16, range: Range<Int>)] = []
    /// What the attributes belong to, for messages.
    let context: String

    /// The attributes of a whole nf_tables message, after its `nlmsghdr` and `nfgenmsg`.
    init(message: NetlinkMessage, context: String) throws(NFTablesError) {
        let count = message.bytes.count
        let declared = count < 4 ? 0 : message.bytes.withUnsafeBytes { Int($0.loadUnaligned(as: UInt32.self)) }
        let start = min(NetlinkMessage.nfTablesHeaderSize, count)
        try self.init(bytes: message.bytes, range: start..<max(start, min(declared, count)), context: context)
    }

    /// No attributes at all, as an expression without `NFTA_EXPR_DATA` has.
    init(emptyFor context: String) {
        bytes = []
        self.context = context
    }

    private init(bytes: [UInt8], range: Range<Int>, context: String) throws(NFTablesError) {
        self.bytes = bytes
        self.context = context
        var offset = range.lowerBound
        while offset + 4 <= range.upperBound {
            let length = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
            let type = (UInt16(bytes[offset + 2]) | UInt16(bytes[offset + 3]) << 8) & NetlinkAttributes.typeMask
            guard length >= 4, offset + length <= range.upperBound else {
                throw .malformedReply("\(context): attribute \(type) of length \(length) overruns its nest")
            }
            entries.append((type, (offset + 4)..<(offset + length)))
            offset += (length + 3) & ~3
        }
    }

    private func range(_ type: UInt32) -> Range<Int>? {
        entries.first { $0.type == UInt16(truncatingIfNeeded: type) }?.range
    }

    /// Whether the attribute is present.
    func has(_ type: UInt32) -> Bool { range(type) != nil }

    /// The payload bytes of an attribute.
    func bytes(_ type: UInt32) -> [UInt8]? {
        range(type).map { Array(bytes[$0]) }
    }

    /// A string attribute, up to its NUL.
    func string(_ type: UInt32) -> String? {
        range(type).map { String(decoding: bytes[$0].prefix { $0 != 0 }, as: UTF8.self) }
    }

    func uint8(_ type: UInt32) throws(NFTablesError) -> UInt8? {
        try number(type, length: 1).map { UInt8($0) }
    }

    func uint16(_ type: UInt32) throws(NFTablesError) -> UInt16? {
        try number(type, length: 2).map { UInt16($0) }
    }

    func uint32(_ type: UInt32) throws(NFTablesError) -> UInt32? {
        try number(type, length: 4).map { UInt32($0) }
    }

    func uint64(_ type: UInt32) throws(NFTablesError) -> UInt64? {
        try number(type, length: 8)
    }

    /// A big-endian number attribute of exactly `length` bytes.
    private func number(_ type: UInt32, length: Int) throws(NFTablesError) -> UInt64? {
        guard let range = range(type) else { return nil }
        guard range.count == length else {
            throw .malformedReply(
                "\(context): attribute \(type) has \(range.count) bytes where \(length) were expected")
        }
        return bytes[range].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The attributes nested in an attribute.
    func nested(_ type: UInt32) throws(NFTablesError) -> NetlinkAttributeSet? {
        guard let range = range(type) else { return nil }
        return try NetlinkAttributeSet(bytes: bytes, range: range, context: context)
    }

    /// The `NFTA_LIST_ELEM` nests inside an attribute, in order.
    func list(_ type: UInt32) throws(NFTablesError) -> [NetlinkAttributeSet] {
        guard let list = try nested(type) else { return [] }
        var result: [NetlinkAttributeSet] = []
        for entry in list.entries where entry.type == 1 {  // NFTA_LIST_ELEM
            result.append(try NetlinkAttributeSet(bytes: bytes, range: entry.range, context: context))
        }
        return result
    }

    /// The value bytes of an `nft_data` nest (`NFTA_DATA_VALUE`).
    func dataValue(_ type: UInt32) throws(NFTablesError) -> [UInt8]? {
        guard let data = try nested(type) else { return nil }
        return data.bytes(1)  // NFTA_DATA_VALUE
    }
}
