import CNetfilter

/// What a rule needs of an anonymous set: its layout, and the `typeof` userdata nft writes for its key.
internal struct AnonymousSetDescription {
    var layout: SetLayout
    /// `NFTNL_UDATA_SET_KEY_TYPEOF` contents, when nft writes one.
    var typeof: [UInt8]?
    var isMap: Bool
}

/// Lowers named sets and maps, and their elements, into libnftnl sets as `nft` 1.0.6 does.
internal enum SetEncoder {
    /// The set header and all its elements, for adding the set.
    static func encode(_ set: NFTSet, in table: Table, ids: inout SetIDAllocator) throws(NFTablesError) -> EncodedSet {
        try encode(set, in: table, id: ids.next())
    }

    /// The set header and all its elements, with the set ID given (taken from the batch's allocator beforehand).
    static func encode(_ set: NFTSet, in table: Table, id: UInt32) throws(NFTablesError) -> EncodedSet {
        let location = "table \(table.family.rawValue) \(table.name), set \(set.name)"
        let layout = try checkedLayout(set, location: location)
        let encoding = ElementEncoding(
            layout: layout,
            target: .init(family: UInt32(table.family.nfproto), table: table.name, set: set.name, id: id),
            autoMerge: set.autoMerge, leadingEnd: true)
        let (batches, count) = try run(encoding, set.elements, location: location)

        let header = NftnlSet()
        var flags = UInt32(0)
        if set.flags.contains(.constant) { flags |= UInt32(NFT_SET_CONSTANT.rawValue) }
        if layout.interval { flags |= UInt32(NFT_SET_INTERVAL.rawValue) }
        if layout.isMap { flags |= UInt32(NFT_SET_MAP.rawValue) }
        if set.flags.contains(.timeout) { flags |= UInt32(NFT_SET_TIMEOUT.rawValue) }
        if set.flags.contains(.dynamic) { flags |= UInt32(NFT_SET_EVAL.rawValue) }
        if layout.interval && layout.isConcat { flags |= UInt32(NFT_SET_CONCAT.rawValue) }

        var size: UInt32?
        if set.flags.contains(.constant) {
            size = set.elements.isEmpty ? nil : UInt32(count)
        } else {
            size = set.size
        }

        var userdata = Userdata()
        putByteOrders(layout, into: &userdata)
        if set.autoMerge && layout.interval {
            userdata.putUInt32(Userdata.SetType.mergeElements.rawValue, 1)
        }
        if layout.isConcat {
            userdata.put(Userdata.SetType.keyTypeof.rawValue, RuleLowering.typeofUserdata(exprType: 13, data: []))
        }
        if layout.dataIsConcat {
            userdata.put(Userdata.SetType.dataTypeof.rawValue, RuleLowering.typeofUserdata(exprType: 13, data: []))
        }
        if layout.isMap {
            userdata.putUInt32(Userdata.SetType.dataInterval.rawValue, layout.dataIsInterval ? 1 : 0)
        }
        if let comment = set.comment {
            try Comments.check(comment, location: location)
            userdata.putString(Userdata.SetType.comment.rawValue, comment)
        }

        fillHeader(
            header, table: table, name: set.name, id: id, flags: flags, layout: layout, size: size,
            timeout: set.timeout, userdata: userdata)
        return EncodedSet(set: header, elementBatches: batches)
    }

    /// Element add/delete messages for an existing named set (minimal updates).
    ///
    /// Intervals become start and end elements as for a new set. The end element at zero that nft puts below
    /// the lowest interval is sent only with `setIsEmpty` (nft sends it when the set holds nothing yet; pass
    /// `false` for deletions). Intervals are not merged with what the set already holds: nft does that for
    /// sets with `auto-merge` after reading the set back; replace such a set instead.
    static func elements(_ elements: [SetElement], of set: NFTSet, in table: Table, setIsEmpty: Bool = false)
        throws(NFTablesError) -> [NftnlSet]
    {
        let location = "table \(table.family.rawValue) \(table.name), set \(set.name)"
        let layout = try checkedLayout(set, location: location)
        let encoding = ElementEncoding(
            layout: layout,
            target: .init(family: UInt32(table.family.nfproto), table: table.name, set: set.name, id: nil),
            autoMerge: set.autoMerge, leadingEnd: setIsEmpty)
        return try run(encoding, elements, location: location).batches
    }

    /// An anonymous constant set or map made for a rule.
    static func encodeAnonymous(
        _ description: AnonymousSetDescription, elements: [SetElement], table: Table, ids: inout SetIDAllocator,
        location: String
    ) throws(NFTablesError) -> EncodedSet {
        let layout = description.layout
        guard layout.keyLength <= 64 else {
            throw .invalidRuleset(location: location, reason: "the key is longer than 64 bytes")
        }
        let name = description.isMap ? "__map%d" : "__set%d"
        let id = ids.next()
        // Anonymous sets merge their intervals; anonymous maps refuse overlaps.
        let encoding = ElementEncoding(
            layout: layout,
            target: .init(family: UInt32(table.family.nfproto), table: table.name, set: name, id: id),
            autoMerge: !description.isMap, leadingEnd: true)
        let (batches, count) = try run(encoding, elements, location: location)

        var flags = UInt32(NFT_SET_ANONYMOUS.rawValue | NFT_SET_CONSTANT.rawValue)
        if layout.interval { flags |= UInt32(NFT_SET_INTERVAL.rawValue) }
        if layout.isMap { flags |= UInt32(NFT_SET_MAP.rawValue) }
        if layout.interval && layout.isConcat { flags |= UInt32(NFT_SET_CONCAT.rawValue) }

        var userdata = Userdata()
        putByteOrders(layout, into: &userdata)
        if layout.interval && !description.isMap {
            userdata.putUInt32(Userdata.SetType.mergeElements.rawValue, 1)
        }
        if let typeof = description.typeof {
            userdata.put(Userdata.SetType.keyTypeof.rawValue, typeof)
        }
        if case .verdict = layout.data {
            userdata.put(Userdata.SetType.dataTypeof.rawValue, RuleLowering.typeofUserdata(exprType: 1, data: []))
        }
        if layout.isMap {
            userdata.putUInt32(Userdata.SetType.dataInterval.rawValue, layout.dataIsInterval ? 1 : 0)
        }

        let header = NftnlSet()
        fillHeader(
            header, table: table, name: name, id: id, flags: flags, layout: layout, size: UInt32(count), timeout: nil,
            userdata: userdata)
        return EncodedSet(set: header, elementBatches: batches)
    }

    // MARK: Helpers

    private static func checkedLayout(_ set: NFTSet, location: String) throws(NFTablesError) -> SetLayout {
        guard !set.keyType.isEmpty else { throw .invalidRuleset(location: location, reason: "a set needs a key type") }
        guard !set.keyType.contains(.verdict) else {
            throw .invalidRuleset(location: location, reason: "verdict is only a data type of maps")
        }
        if let data = set.dataType {
            guard !data.isEmpty else { throw .invalidRuleset(location: location, reason: "a map needs a data type") }
            guard data == [.verdict] || !data.contains(.verdict) else {
                throw .invalidRuleset(location: location, reason: "a verdict cannot be part of concatenated data")
            }
        }
        let layout = SetLayout(set)
        guard layout.keyLength <= 64 else {
            throw .invalidRuleset(location: location, reason: "the key is longer than 64 bytes")
        }
        if layout.interval && !layout.isConcat && layout.key[0].length > 16 {
            throw .invalidRuleset(location: location, reason: "this key type cannot hold intervals")
        }
        return layout
    }

    private static func run(_ encoding: ElementEncoding, _ elements: [SetElement], location: String)
        throws(NFTablesError) -> (batches: [NftnlSet], count: Int)
    {
        for element in elements {
            if let comment = element.comment {
                try Comments.check(comment, location: location)
            }
        }
        do {
            return try encoding.encode(elements)
        } catch {
            throw .invalidRuleset(location: location, reason: error.reason)
        }
    }

    private static func putByteOrders(_ layout: SetLayout, into userdata: inout Userdata) {
        userdata.putUInt32(Userdata.SetType.keyByteOrder.rawValue, layout.keyByteOrder.rawValue)
        if layout.isMap {
            userdata.putUInt32(Userdata.SetType.dataByteOrder.rawValue, layout.dataByteOrder.rawValue)
        }
    }

    private static func fillHeader(
        _ header: NftnlSet, table: Table, name: String, id: UInt32, flags: UInt32, layout: SetLayout, size: UInt32?,
        timeout: UInt64?, userdata: Userdata
    ) {
        let pointer = header.pointer
        nftnl_set_set_u32(pointer, UInt16(NFTNL_SET_FAMILY.rawValue), UInt32(table.family.nfproto))
        nftnl_set_set_str(pointer, UInt16(NFTNL_SET_TABLE.rawValue), table.name)
        nftnl_set_set_str(pointer, UInt16(NFTNL_SET_NAME.rawValue), name)
        nftnl_set_set_u32(pointer, UInt16(NFTNL_SET_ID.rawValue), id)
        nftnl_set_set_u32(pointer, UInt16(NFTNL_SET_FLAGS.rawValue), flags)
        nftnl_set_set_u32(pointer, UInt16(NFTNL_SET_KEY_TYPE.rawValue), layout.keyType)
        nftnl_set_set_u32(pointer, UInt16(NFTNL_SET_KEY_LEN.rawValue), UInt32(layout.keyLength))
        if layout.isMap {
            nftnl_set_set_u32(pointer, UInt16(NFTNL_SET_DATA_TYPE.rawValue), layout.dataType)
            nftnl_set_set_u32(pointer, UInt16(NFTNL_SET_DATA_LEN.rawValue), UInt32(layout.dataLength))
        }
        if let timeout {
            nftnl_set_set_u64(pointer, UInt16(NFTNL_SET_TIMEOUT.rawValue), timeout)
        }
        if let size {
            nftnl_set_set_u32(pointer, UInt16(NFTNL_SET_DESC_SIZE.rawValue), size)
        }
        if layout.interval && layout.isConcat {
            let fieldLengths = layout.key.map { UInt8($0.length) }
            fieldLengths.withUnsafeBytes { buffer in
                _ = nftnl_set_set_data(
                    pointer, UInt16(NFTNL_SET_DESC_CONCAT.rawValue), buffer.baseAddress, UInt32(buffer.count))
            }
        }
        userdata.bytes.withUnsafeBytes { buffer in
            _ = nftnl_set_set_data(
                pointer, UInt16(NFTNL_SET_USERDATA.rawValue), buffer.baseAddress, UInt32(buffer.count))
        }
    }
}
