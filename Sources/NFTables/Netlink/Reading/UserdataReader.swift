/// Reads an `nftnl_udata` TLV list (one byte type, one byte length, the value), as nft writes it into
/// the `USERDATA` attribute of tables, chains, rules, sets and elements.
internal struct UserdataReader {
    /// The values by type; a type that occurs twice keeps its first value, as libnftnl's parser does.
    private(set) var values: [UInt8: [UInt8]] = [:]

    /// Parses `bytes`; a truncated TLV ends the list, since userdata is free-form and never worth failing a read.
    init(_ bytes: some Collection<UInt8>) {
        var iterator = Array(bytes)[...]
        while iterator.count >= 2 {
            let type = iterator[iterator.startIndex]
            let length = Int(iterator[iterator.startIndex + 1])
            let start = iterator.startIndex + 2
            guard start + length <= iterator.endIndex else { break }
            if values[type] == nil {
                values[type] = Array(iterator[start..<(start + length)])
            }
            iterator = iterator[(start + length)...]
        }
    }

    /// The value of `type` as a string, without the terminating NUL nft stores.
    func string(_ type: UInt8) -> String? {
        guard let value = values[type] else { return nil }
        return String(decoding: value.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// The value of `type` as a 32-bit integer in host order (`nftnl_udata_put_u32`).
    func uint32(_ type: UInt8) -> UInt32? {
        guard let value = values[type], value.count == 4 else { return nil }
        return value.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
    }
}
