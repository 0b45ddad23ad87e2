import CNetfilter

extension NetlinkMessage {
    /// The size of `nlmsghdr` plus `nfgenmsg`, the least an nf_tables message has.
    static let nfTablesHeaderSize = MemoryLayout<nlmsghdr>.size + MemoryLayout<nfgenmsg>.size

    /// The nf_tables message type (`NFT_MSG_*`) for `type`, in the nf_tables subsystem.
    static func nfTablesType(_ message: nf_tables_msg_types) -> UInt16 {
        UInt16(NFNL_SUBSYS_NFTABLES) << 8 | UInt16(truncatingIfNeeded: message.rawValue)
    }

    /// Checks the type and the lengths of the message before anything reads it.
    func check(_ kind: nf_tables_msg_types, what: @autoclosure () -> String) throws(NFTablesError) {
        guard type == NetlinkMessage.nfTablesType(kind) else {
            throw .malformedReply("\(what()): unexpected message type 0x\(String(type, radix: 16))")
        }
        guard bytes.count >= NetlinkMessage.nfTablesHeaderSize else {
            throw .malformedReply("\(what()): message of \(bytes.count) bytes is too short")
        }
        let declared = bytes.withUnsafeBytes { Int($0.loadUnaligned(as: UInt32.self)) }
        guard declared >= NetlinkMessage.nfTablesHeaderSize, declared <= bytes.count else {
            throw .malformedReply("\(what()): message declares \(declared) bytes but has \(bytes.count)")
        }
    }

    /// The address family of the message, from its `nfgenmsg`.
    var nfgenFamily: UInt8 {
        bytes.count > MemoryLayout<nlmsghdr>.size ? bytes[MemoryLayout<nlmsghdr>.size] : 0
    }

    /// Calls `body` with the attributes after the `nfgenmsg` header, up to the message's declared length;
    /// call ``check(_:what:)`` first.
    func withAttributes<R>(_ body: (UnsafeRawBufferPointer) throws(NFTablesError) -> R) throws(NFTablesError) -> R {
        let result = bytes.withUnsafeBytes { raw -> Result<R, NFTablesError> in
            let declared = raw.count < 4 ? 0 : min(raw.count, Int(raw.loadUnaligned(as: UInt32.self)))
            let start = min(declared, NetlinkMessage.nfTablesHeaderSize)
            do throws(NFTablesError) {
                return .success(try body(UnsafeRawBufferPointer(rebasing: raw[start..<declared])))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
