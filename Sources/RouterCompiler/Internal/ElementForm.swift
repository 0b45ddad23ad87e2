import NFTables

/// The form in which `nft list` prints set element values, so that equal elements compare equal.
internal enum ElementForm {
    static func canonical(_ element: SetElement) -> SetElement {
        var element = element
        element.key = canonical(element.key)
        element.value = element.value.map(canonical)
        return element
    }

    static func canonical(_ value: Value) -> Value {
        switch value {
        case .integer, .address, .string, .ether:
            return value
        case .prefix(let address, let length):
            return length == address.bitWidth ? .address(address) : value
        case .range(let low, let high):
            let low = canonical(low)
            let high = canonical(high)
            if low == high { return low }
            if case .address(let first) = low, case .address(let last) = high {
                for length in 0...first.bitWidth
                where first.masked(toPrefix: length) == first && first.lastAddress(inPrefix: length) == last {
                    return .prefix(first, length)
                }
            }
            return .range(low, high)
        case .concat(let parts):
            return .concat(parts.map(canonical))
        }
    }
}
