#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address, held as its bytes in network order.
public enum IPAddress: Hashable, Sendable, Comparable {
    /// An IPv4 address; the integer reads in network order (`0xC0000201` is 192.0.2.1).
    case v4(UInt32)
    /// An IPv6 address as 16 bytes.
    case v6([UInt8])

    /// Parses dotted IPv4 or RFC 5952 style IPv6 text; `nil` for anything else.
    public init?(_ text: String) {
        if text.contains(":") {
            var storage = in6_addr()
            guard inet_pton(AF_INET6, text, &storage) == 1 else { return nil }
            self = .v6(withUnsafeBytes(of: &storage) { Array($0) })
        } else {
            var storage = in_addr()
            guard inet_pton(AF_INET, text, &storage) == 1 else { return nil }
            self = .v4(UInt32(bigEndian: storage.s_addr))
        }
    }

    /// Creates an address from its bytes: 4 for IPv4, 16 for IPv6.
    public init?(bytes: [UInt8]) {
        switch bytes.count {
        case 4: self = .v4(bytes.reduce(0) { $0 << 8 | UInt32($1) })
        case 16: self = .v6(bytes)
        default: return nil
        }
    }

    /// The address's bytes in network order.
    public var bytes: [UInt8] {
        switch self {
        case .v4(let value): return [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
        case .v6(let bytes): return bytes
        }
    }

    /// The number of bits: 32 or 128.
    public var bitWidth: Int {
        switch self {
        case .v4: return 32
        case .v6: return 128
        }
    }

    /// Whether this is an IPv4 address.
    public var isV4: Bool {
        if case .v4 = self { return true }
        return false
    }

    /// The address with every bit after the first `length` cleared.
    public func masked(toPrefix length: Int) -> IPAddress {
        IPAddress(bytes: IPAddress.mask(prefix: length, bytes: bytes.count).enumerated().map { bytes[$0.offset] & $0.element })!
    }

    /// The last address of the prefix `self/length`.
    public func lastAddress(inPrefix length: Int) -> IPAddress {
        IPAddress(bytes: IPAddress.mask(prefix: length, bytes: bytes.count).enumerated().map { bytes[$0.offset] | ~$0.element })!
    }

    /// A network mask of `prefix` one-bits, `bytes` long.
    public static func mask(prefix: Int, bytes: Int) -> [UInt8] {
        (0..<bytes).map { index in
            let bits = max(0, min(8, prefix - index * 8))
            return bits == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF00 >> bits)
        }
    }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}

extension IPAddress: CustomStringConvertible {
    /// The address as `inet_ntop` prints it.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch self {
        case .v4(let value):
            var storage = in_addr(s_addr: value.bigEndian)
            inet_ntop(AF_INET, &storage, &buffer, socklen_t(buffer.count))
        case .v6(let bytes):
            var storage = in6_addr()
            withUnsafeMutableBytes(of: &storage) { $0.copyBytes(from: bytes) }
            inet_ntop(AF_INET6, &storage, &buffer, socklen_t(buffer.count))
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
