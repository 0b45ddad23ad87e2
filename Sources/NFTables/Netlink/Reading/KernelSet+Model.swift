import CNetfilter

extension KernelSet {
    /// Whether map data are intervals (`type ipv4_addr : interval ipv4_addr`), from nft's userdata.
    var dataIsInterval: Bool {
        userdata.values[Userdata.SetType.dataInterval.rawValue].map { $0.contains { $0 != 0 } } ?? false
    }

    /// Whether nft merges adjacent intervals on insertion (`auto-merge`), from its userdata.
    var autoMerge: Bool {
        userdata.values[Userdata.SetType.mergeElements.rawValue].map { $0.contains { $0 != 0 } } ?? false
    }

    /// The layout of each data part of a map; `nil` for a set or a verdict map.
    func dataLayouts() throws(LiftError) -> [ValueLayout]? {
        guard isMap, !isVerdictMap else { return nil }
        guard let dataType, let types = KernelSet.dataTypes(fromTypeID: dataType) else {
            throw "map \(name) has data type \(dataType.map(String.init) ?? "(none)"), which vrc does not model"
        }
        if dataIsInterval, types.count == 1, let type = types.first {
            let half = (dataLength ?? 2 * type.byteLength) / 2
            return [ValueLayout(type: type, length: half), ValueLayout(type: type, length: half)]
        }
        if types.count == 1, let type = types.first, let dataLength {
            return [ValueLayout(type: type, length: dataLength)]
        }
        return types.map { ValueLayout(type: $0) }
    }

    /// The layout of each key part of a named set, as the model's key types define them.
    func keyLayouts() throws(LiftError) -> [ValueLayout] {
        guard let types = KernelSet.dataTypes(fromTypeID: keyType) else {
            throw "key type \(keyType) has a part vrc does not model"
        }
        let lengths: [Int]
        if types.count == 1 {
            lengths = [keyLength]
        } else if fieldLengths.count == types.count {
            lengths = fieldLengths
        } else {
            lengths = types.map(\.byteLength)
        }
        var layouts: [ValueLayout] = []
        for (type, length) in zip(types, lengths) {
            guard length == type.byteLength else {
                throw "its \(type.rawValue) key is \(length) bytes long, where vrc's model has \(type.byteLength)"
            }
            // nft stores interval keys in network order whatever the type, so that the kernel's
            // bytewise comparison orders them.
            layouts.append(ValueLayout(type: type, length: length, bigEndian: isInterval ? true : type.isBigEndian))
        }
        let total = layouts.dropLast().reduce(0) { $0 + $1.paddedLength } + (layouts.last?.length ?? 0)
        guard total <= keyLength else {
            throw "a key of \(keyLength) bytes for \(types.map(\.rawValue).joined(separator: " . "))"
        }
        return layouts
    }

    /// The named set in the object model, with its elements.
    func modelSet() throws(LiftError) -> NFTSet {
        let keyParts = try keyLayouts()
        let known =
            NFT_SET_CONSTANT.rawValue | NFT_SET_INTERVAL.rawValue | NFT_SET_TIMEOUT.rawValue
            | NFT_SET_EVAL.rawValue | NFT_SET_MAP.rawValue | NFT_SET_CONCAT.rawValue
        guard flags & ~known == 0 else {
            throw
                "set flags 0x\(String(flags & ~known, radix: 16)) (objects or expressions) have no form in vrc's model"
        }
        guard !hasExpressions else { throw "per-element expressions have no form in vrc's model" }
        var setFlags: [SetFlag] = []
        if flags & NFT_SET_CONSTANT.rawValue != 0 { setFlags.append(.constant) }
        if flags & NFT_SET_INTERVAL.rawValue != 0 { setFlags.append(.interval) }
        if flags & NFT_SET_TIMEOUT.rawValue != 0 { setFlags.append(.timeout) }
        if flags & NFT_SET_EVAL.rawValue != 0 { setFlags.append(.dynamic) }
        let dataParts = try dataLayouts()
        var modelDataType: [DataType]?
        if isVerdictMap {
            modelDataType = [.verdict]
        } else if let dataParts {
            modelDataType = dataIsInterval ? [dataParts[0].type] : dataParts.map(\.type)
        }
        let decoding = SetElementDecoding(
            keyParts: keyParts, dataParts: dataParts, isVerdictMap: isVerdictMap, dataIsInterval: dataIsInterval,
            isInterval: isInterval)
        return NFTSet(
            name: name,
            keyType: keyParts.map(\.type),
            dataType: modelDataType,
            flags: setFlags,
            timeout: timeout,
            // nft sizes a constant set to its elements by itself, and does not list that size.
            size: flags & NFT_SET_CONSTANT.rawValue != 0 ? nil : size,
            autoMerge: autoMerge,
            comment: userdata.string(Userdata.SetType.comment.rawValue),
            elements: try decoding.decode(elements),
            handle: handle
        )
    }
}
