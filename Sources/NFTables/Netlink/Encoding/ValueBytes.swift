#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// nft's `enum byteorder`, as it stores it in set userdata (`NFTNL_UDATA_SET_KEYBYTEORDER`).
internal enum ByteOrder: UInt32 {
    /// nft's `BYTEORDER_INVALID`: single bytes of some types, and concatenations.
    case invalid = 0
    case host = 1
    case big = 2
}

/// How the values of one selector or set type are laid out in a register: nft's datatype id, length,
/// byte order, and the names it accepts for them.
internal struct ValueSpec: Hashable {
    /// nft's `TYPE_*` id.
    var typeID: UInt32
    /// Bytes in a register.
    var length: Int
    /// The byte order nft records for the type; numbers are stored big endian unless this is `.host`.
    var byteOrder: ByteOrder
    /// Symbolic names for values, when the type has them (`established`, `tcp`, `echo-request`).
    var symbols: SymbolTable = .none
    /// Whether values are flags that an implicit match tests with a mask (`ct state established`).
    var isBitmask = false
    /// Whether values are NUL-padded text (`ifname`).
    var isString = false

    /// Whether numbers are stored in the host's byte order, and so need a `byteorder` expression before
    /// comparing them as big-endian bytes (ranges, `<`, `>`, interval sets).
    var needsByteorderForRanges: Bool { byteOrder == .host && length > 1 && !isString }
}

extension ValueSpec {
    private init(
        _ type: DataType, byteOrder: ByteOrder, symbols: SymbolTable = .none, isBitmask: Bool = false,
        isString: Bool = false
    ) {
        self.init(
            typeID: type.nftTypeID, length: type.byteLength, byteOrder: byteOrder, symbols: symbols,
            isBitmask: isBitmask, isString: isString)
    }

    /// The spec of a named set's key or data part declared as `type`; the id and length are the type's own.
    init(_ type: DataType) {
        switch type {
        case .integer: self.init(type, byteOrder: .host)
        case .ipv4Addr: self.init(type, byteOrder: .big)
        case .ipv6Addr: self.init(type, byteOrder: .big)
        case .etherAddr: self.init(type, byteOrder: .big)
        case .inetProto: self.init(type, byteOrder: .invalid, symbols: .inetProto)
        case .inetService: self.init(type, byteOrder: .big, symbols: .inetService)
        case .icmpType: self.init(type, byteOrder: .big, symbols: .icmpType)
        case .icmpCode: self.init(type, byteOrder: .big, symbols: .icmpCode)
        case .icmpv6Type: self.init(type, byteOrder: .big, symbols: .icmpv6Type)
        case .icmpv6Code: self.init(type, byteOrder: .big, symbols: .icmpv6Code)
        case .mark: self.init(type, byteOrder: .host)
        case .ifname: self.init(type, byteOrder: .host, isString: true)
        case .nfProto: self.init(type, byteOrder: .invalid, symbols: .nfProto)
        case .ctState: self.init(type, byteOrder: .host, symbols: .ctState, isBitmask: true)
        case .ctStatus: self.init(type, byteOrder: .host, symbols: .ctStatus, isBitmask: true)
        case .ctDir: self.init(type, byteOrder: .invalid, symbols: .ctDir)
        case .tcpFlag: self.init(type, byteOrder: .big, symbols: .tcpFlag, isBitmask: true)
        case .pktType: self.init(type, byteOrder: .host, symbols: .pktType)
        case .dscp: self.init(type, byteOrder: .big, symbols: .dscp)
        case .verdict: self.init(type, byteOrder: .invalid)
        case .hour: self.init(type, byteOrder: .host, symbols: .hour)
        case .boolean: self.init(type, byteOrder: .invalid, symbols: .boolean)
        }
    }
}

/// Writes model values as the bytes the kernel compares.
internal enum ValueBytes {
    /// Why a value does not fit; the caller adds the location.
    struct Mismatch: Error {
        var reason: String
    }

    /// The value's bytes for `spec` (one point: not a prefix, range or concatenation).
    static func bytes(_ value: Value, _ spec: ValueSpec) throws(Mismatch) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: spec.length)
        var failure: Mismatch?
        bytes.withUnsafeMutableBytes { buffer in
            do throws(Mismatch) {
                try write(value, spec, to: buffer.baseAddress!)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Writes the value's `spec.length` bytes at `destination`.
    static func write(_ value: Value, _ spec: ValueSpec, to destination: UnsafeMutableRawPointer) throws(Mismatch) {
        switch value {
        case .integer(let number):
            try writeInteger(number, spec, to: destination)
        case .address(let address):
            switch address {
            case .v4(let raw) where spec.length == 4:
                destination.storeBytes(of: raw.bigEndian, as: UInt32.self)
            case .v6(let bytes) where spec.length == 16 && bytes.count == 16:
                bytes.withUnsafeBytes { destination.copyMemory(from: $0.baseAddress!, byteCount: 16) }
            default:
                throw Mismatch(reason: "\(address) is not a value of this type (\(spec.length) bytes)")
            }
        case .ether(let bytes):
            guard spec.length == 6, bytes.count == 6 else {
                throw Mismatch(reason: "an Ethernet address is not a value of this type")
            }
            bytes.withUnsafeBytes { destination.copyMemory(from: $0.baseAddress!, byteCount: 6) }
        case .string(let text):
            if spec.isString {
                let utf8 = Array(text.utf8)
                guard utf8.count < spec.length else {
                    throw Mismatch(reason: "'\(text)' is longer than \(spec.length - 1) bytes")
                }
                destination.initializeMemory(as: UInt8.self, repeating: 0, count: spec.length)
                utf8.withUnsafeBytes { destination.copyMemory(from: $0.baseAddress!, byteCount: utf8.count) }
            } else if let number = spec.symbols.value(of: text, bitmask: spec.isBitmask) {
                try writeInteger(number, spec, to: destination)
            } else {
                throw Mismatch(reason: "'\(text)' is not a value of this type")
            }
        case .prefix, .range, .concat:
            throw Mismatch(reason: "expected a single value")
        }
    }

    /// Writes an integer in the spec's byte order.
    static func writeInteger(_ number: UInt64, _ spec: ValueSpec, to destination: UnsafeMutableRawPointer)
        throws(Mismatch)
    {
        let length = spec.length
        guard length <= 8 else { throw Mismatch(reason: "a number is not a value of this type") }
        if length < 8 && number >> (UInt64(length) * 8) != 0 {
            throw Mismatch(reason: "\(number) does not fit in \(length * 8) bits")
        }
        let bytes = destination.assumingMemoryBound(to: UInt8.self)
        for index in 0..<length {
            let shift = spec.byteOrder == .host && isLittleEndianHost ? index : length - 1 - index
            bytes[index] = UInt8(truncatingIfNeeded: number >> (UInt64(shift) * 8))
        }
    }

    /// The integer in big-endian order, whatever the spec says (for ranges after `byteorder`).
    static func bigEndianBytes(_ value: Value, _ spec: ValueSpec) throws(Mismatch) -> [UInt8] {
        var network = spec
        if network.byteOrder == .host { network.byteOrder = .big }
        return try bytes(value, network)
    }

    static var isLittleEndianHost: Bool {
        #if _endian(little)
            return true
        #else
            return false
        #endif
    }

    /// The bytes of `number` in host order, `length` of them.
    static func hostBytes(_ number: UInt64, length: Int) -> [UInt8] {
        (0..<length).map { index in
            let shift = isLittleEndianHost ? index : length - 1 - index
            return UInt8(truncatingIfNeeded: number >> (UInt64(shift) * 8))
        }
    }

    /// The bytes of `number` big endian, `length` of them.
    static func networkBytes(_ number: UInt64, length: Int) -> [UInt8] {
        (0..<length).map { UInt8(truncatingIfNeeded: number >> (UInt64(length - 1 - $0) * 8)) }
    }
}

/// The names nft accepts for the values of a type.
internal enum SymbolTable: Hashable {
    case none, inetProto, inetService, icmpType, icmpCode, icmpv6Type, icmpv6Code, nfProto, ctState, ctStatus
    case ctDir, tcpFlag, pktType, dscp, icmpxCode
    /// `HH:MM[:SS]`, seconds since midnight.
    case hour
    /// `exists` and `missing`.
    case boolean

    /// The number for `text`; for flag types also `a,b` and `a|b` lists.
    func value(of text: String, bitmask: Bool) -> UInt64? {
        if let number = UInt64(text) { return number }
        if text.hasPrefix("0x"), let number = UInt64(text.dropFirst(2), radix: 16) { return number }
        if bitmask && (text.contains(",") || text.contains("|")) {
            var combined: UInt64 = 0
            for part in text.split(whereSeparator: { $0 == "," || $0 == "|" }) {
                let name = part.trimmingCharacters(in: " ")
                guard let bit = value(of: name, bitmask: false) else { return nil }
                combined |= bit
            }
            return combined
        }
        if self == .inetService {
            return SymbolTable.serviceNumber(text)
        }
        if self == .hour {
            return NFTSymbols.secondsOfDay(text)
        }
        return names[text]
    }

    private var names: [String: UInt64] {
        switch self {
        case .none, .inetService, .hour: return [:]
        case .boolean: return ["missing": 0, "exists": 1]
        case .inetProto:
            return [
                "icmp": 1, "igmp": 2, "tcp": 6, "udp": 17, "gre": 47, "esp": 50, "ah": 51, "icmpv6": 58,
                "ipv6-icmp": 58, "sctp": 132, "udplite": 136,
            ]
        case .icmpType:
            return [
                "echo-reply": 0, "destination-unreachable": 3, "source-quench": 4, "redirect": 5,
                "echo-request": 8, "router-advertisement": 9, "router-solicitation": 10, "time-exceeded": 11,
                "parameter-problem": 12, "timestamp-request": 13, "timestamp-reply": 14, "info-request": 15,
                "info-reply": 16, "address-mask-request": 17, "address-mask-reply": 18,
            ]
        case .icmpCode:
            return [
                "net-unreachable": 0, "host-unreachable": 1, "prot-unreachable": 2, "port-unreachable": 3,
                "frag-needed": 4, "net-prohibited": 9, "host-prohibited": 10, "admin-prohibited": 13,
            ]
        case .icmpv6Type:
            return [
                "destination-unreachable": 1, "packet-too-big": 2, "time-exceeded": 3, "parameter-problem": 4,
                "echo-request": 128, "echo-reply": 129, "mld-listener-query": 130, "mld-listener-report": 131,
                "mld-listener-done": 132, "mld-listener-reduction": 132, "nd-router-solicit": 133,
                "nd-router-advert": 134, "nd-neighbor-solicit": 135, "nd-neighbor-advert": 136, "nd-redirect": 137,
                "router-renumbering": 138, "ind-neighbor-solicit": 141, "ind-neighbor-advert": 142,
                "mld2-listener-report": 143,
            ]
        case .icmpv6Code:
            return [
                "no-route": 0, "admin-prohibited": 1, "addr-unreachable": 3, "port-unreachable": 4,
                "policy-fail": 5, "reject-route": 6,
            ]
        case .icmpxCode:
            return ["no-route": 0, "port-unreachable": 1, "host-unreachable": 2, "admin-prohibited": 3]
        case .nfProto: return ["ipv4": 2, "ipv6": 10]
        case .ctState: return ["invalid": 1, "established": 2, "related": 4, "new": 8, "untracked": 64]
        case .ctStatus:
            return [
                "expected": 1, "seen-reply": 2, "assured": 4, "confirmed": 8, "snat": 16, "dnat": 32, "dying": 512,
            ]
        case .ctDir: return ["original": 0, "reply": 1]
        case .tcpFlag:
            return ["fin": 1, "syn": 2, "rst": 4, "psh": 8, "ack": 16, "urg": 32, "ecn": 64, "cwr": 128]
        case .pktType: return ["host": 0, "unicast": 0, "broadcast": 1, "multicast": 2, "other": 3]
        case .dscp:
            return [
                "cs0": 0, "cs1": 8, "cs2": 16, "cs3": 24, "cs4": 32, "cs5": 40, "cs6": 48, "cs7": 56, "df": 0,
                "be": 0, "lephb": 1, "af11": 10, "af12": 12, "af13": 14, "af21": 18, "af22": 20, "af23": 22,
                "af31": 26, "af32": 28, "af33": 30, "af41": 34, "af42": 36, "af43": 38, "va": 44, "ef": 46,
            ]
        }
    }

    private static func serviceNumber(_ name: String) -> UInt64? {
        guard let entry = getservbyname(name, "tcp") ?? getservbyname(name, "udp") else { return nil }
        return UInt64(UInt16(bigEndian: UInt16(truncatingIfNeeded: entry.pointee.s_port)))
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(self.drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
