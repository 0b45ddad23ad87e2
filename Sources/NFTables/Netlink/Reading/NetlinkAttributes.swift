/// Walks the netlink attributes (`struct nlattr` TLVs) of a buffer, checking every length.
///
/// Used for the element dumps, where a million elements make libnftnl's allocation per element the
/// bottleneck; everything else goes through libnftnl's parsers.
internal enum NetlinkAttributes {
    /// The type bits of `nla_type`, without `NLA_F_NESTED` and `NLA_F_NET_BYTEORDER`.
    static let typeMask: UInt16 = 0x3FFF

    /// Calls `body` with the type and payload of each attribute in `buffer`.
    ///
    /// Throws ``NFTablesError/malformedReply(_:)`` when an attribute's length runs past the buffer.
    static func forEach(
        in buffer: UnsafeRawBufferPointer,
        context: @autoclosure () -> String,
        _ body: (UInt16, UnsafeRawBufferPointer) throws(NFTablesError) -> Void
    ) throws(NFTablesError) {
        var offset = 0
        while offset + 4 <= buffer.count {
            let length = Int(buffer.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
            let type = buffer.loadUnaligned(fromByteOffset: offset + 2, as: UInt16.self) & typeMask
            guard length >= 4, offset + length <= buffer.count else {
                throw .malformedReply("\(context()): attribute \(type) of length \(length) overruns its message")
            }
            try body(type, UnsafeRawBufferPointer(rebasing: buffer[(offset + 4)..<(offset + length)]))
            offset += (length + 3) & ~3
        }
    }

    /// A big-endian 32-bit attribute value.
    static func bigEndianUInt32(_ payload: UnsafeRawBufferPointer, context: @autoclosure () -> String)
        throws(NFTablesError) -> UInt32
    {
        guard payload.count >= 4 else { throw .malformedReply("\(context()): a 32-bit attribute is too short") }
        return UInt32(bigEndian: payload.loadUnaligned(as: UInt32.self))
    }

    /// A NUL-terminated string attribute value.
    static func string(_ payload: UnsafeRawBufferPointer) -> String {
        String(decoding: payload.prefix { $0 != 0 }, as: UTF8.self)
    }
}
