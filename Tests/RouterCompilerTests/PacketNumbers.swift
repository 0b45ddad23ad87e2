import RouterModel

/// Addresses as numbers, as the compiler's key spans hold them.
enum PacketNumbers {
    static func coordinate(_ address: InternetAddress) -> UInt128 {
        address.bytes.reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
    }
}
