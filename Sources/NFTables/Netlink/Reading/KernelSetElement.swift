import CNetfilter

/// One element of a set as the kernel dumps it: raw key bytes (and closing key of a concatenated
/// interval), flags, data or verdict, userdata.
internal struct KernelSetElement {
    var key: [UInt8]
    var keyEnd: [UInt8]?
    var flags: UInt32
    var data: [UInt8]?
    var verdict: Int32?
    var chain: String?
    var userdata: [UInt8]?

    /// Whether this element closes the interval opened by the element before it.
    var isIntervalEnd: Bool { flags & NFT_SET_ELEM_INTERVAL_END.rawValue != 0 }


    /// Appends the elements of one `NFT_MSG_NEWSETELEM` dump message to `elements`.
    ///
    /// The attributes are walked here rather than through libnftnl: its parser allocates one object
    /// per element, which dominates the time for sets of a million elements.
    static func parse(_ message: NetlinkMessage, set: String, into elements: inout [KernelSetElement])
        throws(NFTablesError)
    {
        try message.check(NFT_MSG_NEWSETELEM, what: "elements of set \(set)")
        try message.withAttributes { (attributes) throws(NFTablesError) in
            try NetlinkAttributes.forEach(in: attributes, context: "elements of set \(set)") {
                (type, payload) throws(NFTablesError) in
                guard type == UInt16(NFTA_SET_ELEM_LIST_ELEMENTS.rawValue) else { return }
                try NetlinkAttributes.forEach(in: payload, context: "elements of set \(set)") {
                    (type, element) throws(NFTablesError) in
                    guard type == UInt16(NFTA_LIST_ELEM.rawValue) else { return }
                    elements.append(try parseElement(element, set: set))
                }
            }
        }
    }

    private static func parseElement(_ payload: UnsafeRawBufferPointer, set: String) throws(NFTablesError)
        -> KernelSetElement
    {
        let context = "element of set \(set)"
        var element = KernelSetElement(key: [], keyEnd: nil, flags: 0)
        var hasKey = false
        try NetlinkAttributes.forEach(in: payload, context: context) { (type, value) throws(NFTablesError) in
            switch Int32(type) {
            case Int32(NFTA_SET_ELEM_KEY.rawValue):
                element.key = try dataValue(value, context: context)
                hasKey = true
            case Int32(NFTA_SET_ELEM_KEY_END.rawValue):
                element.keyEnd = try dataValue(value, context: context)
            case Int32(NFTA_SET_ELEM_FLAGS.rawValue):
                element.flags = try NetlinkAttributes.bigEndianUInt32(value, context: context)
            case Int32(NFTA_SET_ELEM_USERDATA.rawValue):
                element.userdata = Array(value)
            case Int32(NFTA_SET_ELEM_DATA.rawValue):
                try NetlinkAttributes.forEach(in: value, context: context) { (type, data) throws(NFTablesError) in
                    if type == UInt16(NFTA_DATA_VALUE.rawValue) {
                        element.data = Array(data)
                    } else if type == UInt16(NFTA_DATA_VERDICT.rawValue) {
                        try NetlinkAttributes.forEach(in: data, context: context) {
                            (type, field) throws(NFTablesError) in
                            if type == UInt16(NFTA_VERDICT_CODE.rawValue) {
                                element.verdict = Int32(
                                    bitPattern: try NetlinkAttributes.bigEndianUInt32(field, context: context))
                            } else if type == UInt16(NFTA_VERDICT_CHAIN.rawValue) {
                                element.chain = NetlinkAttributes.string(field)
                            }
                        }
                    }
                }
            default:
                break
            }
        }
        guard hasKey else { throw .malformedReply("\(context): an element has no key") }
        return element
    }

    /// The bytes of an `nft_data` nest holding a `NFTA_DATA_VALUE`.
    private static func dataValue(_ nest: UnsafeRawBufferPointer, context: String) throws(NFTablesError) -> [UInt8] {
        var result: [UInt8]?
        try NetlinkAttributes.forEach(in: nest, context: context) { (type, value) throws(NFTablesError) in
            if type == UInt16(NFTA_DATA_VALUE.rawValue) { result = Array(value) }
        }
        guard let result else { throw .malformedReply("\(context): a key without a value") }
        return result
    }
}
