import CNetfilter

/// One netlink message received from the kernel, copied out of the receive buffer.
internal struct NetlinkMessage: Sendable {
    /// `nlmsg_type`: for nf_tables, `(NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_*`; or `NLMSG_ERROR`, `NLMSG_DONE`.
    var type: UInt16
    /// `nlmsg_flags`.
    var flags: UInt16
    /// `nlmsg_seq`: the sequence number of the request this answers.
    var sequence: UInt32
    /// The whole message, header included.
    var bytes: [UInt8]

    /// For `NLMSG_ERROR`: the error as a positive errno, or 0 for an acknowledgement.
    var errorCode: Int32? {
        guard type == UInt16(NLMSG_ERROR), bytes.count >= MemoryLayout<nlmsghdr>.size + 4 else { return nil }
        let raw = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: MemoryLayout<nlmsghdr>.size, as: Int32.self) }
        return -raw
    }

    /// For `NLMSG_ERROR`: the sequence number of the message that failed (from the echoed header).
    var erroredSequence: UInt32? {
        let offset = MemoryLayout<nlmsghdr>.size + 4
        guard type == UInt16(NLMSG_ERROR), bytes.count >= offset + MemoryLayout<nlmsghdr>.size else { return nil }
        return bytes.withUnsafeBytes {
            $0.loadUnaligned(fromByteOffset: offset + MemoryLayout<nlmsghdr>.offset(of: \.nlmsg_seq)!, as: UInt32.self)
        }
    }

    /// Calls `body` with a pointer to a private copy of the message, for libnftnl's parsers.
    func withHeader<R>(_ body: (UnsafeMutablePointer<nlmsghdr>) throws -> R) rethrows -> R {
        var copy = bytes
        return try copy.withUnsafeMutableBytes { raw in
            try body(raw.baseAddress!.assumingMemoryBound(to: nlmsghdr.self))
        }
    }
}
