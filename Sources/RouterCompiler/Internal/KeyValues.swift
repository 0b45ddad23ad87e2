import NFTables
import RouterModel

/// Conversions from the router model's addresses and ranges to set-key spans and `NFTables` values.
internal enum KeyValues {
    /// An address as a number: IPv4 in the low 32 bits.
    static func coordinate(_ address: InternetAddress) -> UInt128 {
        switch address {
        case .v4(let v4): return UInt128(v4.value)
        case .v6(let v6): return UInt128(v6.high) << 64 | UInt128(v6.low)
        }
    }

    /// The addresses of a prefix.
    static func span(_ cidr: CIDR) -> Span {
        Span(coordinate(cidr.network), coordinate(cidr.lastAddress))
    }

    /// The span of one address.
    static func span(_ address: InternetAddress) -> Span {
        Span(point: coordinate(address))
    }

    /// The `NFTables` address of a number in `family`.
    static func address(_ coordinate: UInt128, family: AddressFamily) -> IPAddress {
        switch family {
        case .ipv4:
            return .v4(UInt32(truncatingIfNeeded: coordinate))
        case .ipv6:
            return .v6((0..<16).map { UInt8(truncatingIfNeeded: coordinate >> UInt128(8 * (15 - $0))) })
        }
    }

    /// The `NFTables` address of a model address.
    static func address(_ address: InternetAddress) -> IPAddress {
        self.address(coordinate(address), family: address.family)
    }

    /// A model address as a value.
    static func value(_ address: InternetAddress) -> Value {
        .address(self.address(address))
    }

    /// A model prefix as a value: the address alone when the prefix holds one address.
    static func value(_ cidr: CIDR) -> Value {
        addressValue(span(cidr), family: cidr.family)
    }

    /// A span of addresses in its shortest form: one address, a prefix, or a range.
    static func addressValue(_ span: Span, family: AddressFamily) -> Value {
        let low = address(span.lower, family: family)
        if span.lower == span.upper { return .address(low) }
        let size = span.upper - span.lower
        // A prefix: the span's size is a power of two and its start is aligned to it.
        if size & (size &+ 1) == 0, span.lower & size == 0 {
            let hostBits = size == .max ? 128 : (size + 1).trailingZeroBitCount
            return .prefix(low, family.bitWidth - hostBits)
        }
        return .range(.address(low), .address(address(span.upper, family: family)))
    }

    /// A span of integers: one number or a range.
    static func integerValue(_ span: Span) -> Value {
        let low = UInt64(truncatingIfNeeded: span.lower)
        if span.lower == span.upper { return .integer(low) }
        return .range(.integer(low), .integer(UInt64(truncatingIfNeeded: span.upper)))
    }
}
