/// IPv4 or IPv6.
public enum AddressFamily: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// IPv4, 32-bit addresses.
    case ipv4
    /// IPv6, 128-bit addresses.
    case ipv6

    /// The number of bits in an address.
    public var bitWidth: Int {
        self == .ipv4 ? 32 : 128
    }

    /// `IPv4` or `IPv6`.
    public var description: String {
        self == .ipv4 ? "IPv4" : "IPv6"
    }
}
