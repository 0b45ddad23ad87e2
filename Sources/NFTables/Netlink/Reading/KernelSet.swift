import CNetfilter

/// A set (named or anonymous) as the kernel describes it in a `NFT_MSG_NEWSET` dump message, with the
/// elements dumped for it.
internal struct KernelSet {
    var table: String
    var name: String
    var handle: UInt64?
    var flags: UInt32
    var keyType: UInt32
    var keyLength: Int
    var dataType: UInt32?
    var dataLength: Int?
    var objectType: UInt32?
    var timeout: UInt64?
    var size: UInt32?
    /// The length of each part of a concatenated key (`NFTA_SET_DESC_CONCAT`), when the kernel has it.
    var fieldLengths: [Int]
    var userdata: UserdataReader
    /// Whether the set carries expressions for its elements (`NFTA_SET_EXPR`).
    var hasExpressions: Bool
    var elements: [KernelSetElement] = []

    var isAnonymous: Bool { flags & NFT_SET_ANONYMOUS.rawValue != 0 }
    var isInterval: Bool { flags & NFT_SET_INTERVAL.rawValue != 0 }
    var isMap: Bool { flags & NFT_SET_MAP.rawValue != 0 }

    /// `NFT_DATA_VERDICT`: the data type of a verdict map as the kernel and nft store it.
    static let verdictDataType: UInt32 = 0xFFFF_FF00

    var isVerdictMap: Bool {
        isMap && (dataType == KernelSet.verdictDataType || dataType == DataType.verdict.nftTypeID)
    }


    static func parse(_ message: NetlinkMessage) throws(NFTablesError) -> KernelSet {
        try message.check(NFT_MSG_NEWSET, what: "set")
        let attributes = try NetlinkAttributeSet(message: message, context: "set")
        guard let table = attributes.string(NFTA_SET_TABLE.rawValue),
            let name = attributes.string(NFTA_SET_NAME.rawValue)
        else { throw .malformedReply("set: the message has no table or name") }
        let context = "set \(name)"
        guard let keyLength = try attributes.uint32(NFTA_SET_KEY_LEN.rawValue) else {
            throw .malformedReply("\(context): the message has no key length")
        }
        let description = try attributes.nested(NFTA_SET_DESC.rawValue)
        var fieldLengths: [Int] = []
        for field in try description?.list(NFTA_SET_DESC_CONCAT.rawValue) ?? [] {
            guard let length = try field.uint32(NFTA_SET_FIELD_LEN.rawValue) else {
                throw .malformedReply("\(context): a concatenation field without a length")
            }
            fieldLengths.append(Int(length))
        }
        return KernelSet(
            table: table,
            name: name,
            handle: try attributes.uint64(NFTA_SET_HANDLE.rawValue),
            flags: try attributes.uint32(NFTA_SET_FLAGS.rawValue) ?? 0,
            keyType: try attributes.uint32(NFTA_SET_KEY_TYPE.rawValue) ?? 0,
            keyLength: Int(keyLength),
            dataType: try attributes.uint32(NFTA_SET_DATA_TYPE.rawValue),
            dataLength: try attributes.uint32(NFTA_SET_DATA_LEN.rawValue).map(Int.init),
            objectType: try attributes.uint32(NFTA_SET_OBJ_TYPE.rawValue),
            timeout: try attributes.uint64(NFTA_SET_TIMEOUT.rawValue),
            size: try description?.uint32(NFTA_SET_DESC_SIZE.rawValue),
            fieldLengths: fieldLengths,
            userdata: UserdataReader(attributes.bytes(NFTA_SET_USERDATA.rawValue) ?? []),
            hasExpressions: attributes.has(NFTA_SET_EXPR.rawValue) || attributes.has(NFTA_SET_EXPRESSIONS.rawValue)
        )
    }

    /// The key types, one per part of a concatenation, from the key type id (6 bits per part, the first
    /// part in the highest bits); `nil` when a part is a type vrc does not model.
    static func dataTypes(fromTypeID typeID: UInt32) -> [DataType]? {
        guard typeID != 0 else { return nil }
        var parts: [DataType] = []
        var remaining = typeID
        while remaining != 0 {
            guard let type = DataType(nftTypeID: remaining & 0x3F) else { return nil }
            parts.insert(type, at: 0)
            remaining >>= 6
        }
        return parts
    }
}
