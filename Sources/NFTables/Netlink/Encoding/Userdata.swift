/// Builds an `nftnl_udata` TLV list: one byte type, one byte length, the value.
///
/// nft stores comments and set key byte orders this way in the `USERDATA` attribute of tables, chains,
/// rules, sets and elements; `nft list` reads them back to print the object as it was written.
internal struct Userdata {
    /// The encoded TLVs.
    private(set) var bytes: [UInt8] = []

    /// The `NFTNL_UDATA_*` types nft 1.0.6 writes.
    enum TableType: UInt8 { case comment = 0 }
    enum ChainType: UInt8 { case comment = 0 }
    enum RuleType: UInt8 { case comment = 0 }
    enum SetType: UInt8 {
        case keyByteOrder = 0
        case dataByteOrder = 1
        case mergeElements = 2
        case keyTypeof = 3
        case dataTypeof = 4
        case expr = 5
        case dataInterval = 6
        case comment = 7
    }
    enum SetElementType: UInt8 {
        case comment = 0
        case flags = 1
    }

    var isEmpty: Bool { bytes.isEmpty }

    /// Appends a NUL-terminated string, as `nftnl_udata_put_strz` does.
    mutating func putString(_ type: UInt8, _ text: String) {
        var value = Array(text.utf8)
        value.append(0)
        put(type, value)
    }

    /// Appends a 32-bit value in host byte order, as `nftnl_udata_put_u32` does.
    mutating func putUInt32(_ type: UInt8, _ value: UInt32) {
        withUnsafeBytes(of: value) { put(type, Array($0)) }
    }

    /// Appends raw bytes.
    mutating func put(_ type: UInt8, _ value: [UInt8]) {
        precondition(value.count <= 255, "a userdata TLV holds at most 255 bytes")
        bytes.append(type)
        bytes.append(UInt8(value.count))
        bytes.append(contentsOf: value)
    }
}
