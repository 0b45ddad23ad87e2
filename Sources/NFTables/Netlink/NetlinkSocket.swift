import CNetfilter

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A `NETLINK_NETFILTER` socket bound to one network namespace.
///
/// The socket is opened on a dedicated thread that enters the target namespace with `setns`,
/// opens the socket and ends; the socket keeps that namespace for its whole life, and no
/// thread of the caller (or of the Swift concurrency pool) ever changes namespace.
internal final class NetlinkSocket {
    /// The file descriptor.
    let descriptor: Int32
    /// The port id the kernel assigned.
    let portID: UInt32
    private var sequence: UInt32
    private var sendBufferSize: Int = 0
    private var receiveBuffer: [UInt8]

    /// The size of the receive buffer: large enough for any single netlink datagram nf_tables sends.
    private static let datagramSize = 1 << 20

    /// Opens a socket in `namespace`.
    init(namespace: NetworkNamespace) throws(NFTablesError) {
        let opened: Result<Int32, NFTablesError>
        if let path = namespace.filePath {
            opened = NetlinkSocket.openOnDedicatedThread(namespacePath: path, namespace: namespace)
        } else {
            opened = NetlinkSocket.openHere()
        }
        let descriptor = try opened.get()
        var address = sockaddr_nl()
        address.nl_family = sa_family_t(AF_NETLINK)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_nl>.size))
            }
        }
        guard bound == 0 else {
            let error = errno
            close(descriptor)
            throw .system(call: "bind(AF_NETLINK)", errno: error)
        }
        var length = socklen_t(MemoryLayout<sockaddr_nl>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else {
            let error = errno
            close(descriptor)
            throw .system(call: "getsockname(AF_NETLINK)", errno: error)
        }
        self.descriptor = descriptor
        self.portID = address.nl_pid
        self.sequence = UInt32(truncatingIfNeeded: time(nil))
        self.receiveBuffer = [UInt8](repeating: 0, count: NetlinkSocket.datagramSize)
        var receiveSize: Int32 = 16 << 20
        // Error replies for a large refused batch must not overflow the receive queue.
        if setsockopt(descriptor, SOL_SOCKET, SO_RCVBUFFORCE, &receiveSize, socklen_t(MemoryLayout<Int32>.size)) != 0 {
            _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &receiveSize, socklen_t(MemoryLayout<Int32>.size))
        }
        var extendedAck: Int32 = 1
        _ = setsockopt(descriptor, SOL_NETLINK, NETLINK_EXT_ACK, &extendedAck, socklen_t(MemoryLayout<Int32>.size))
        var capAck: Int32 = 1
        _ = setsockopt(descriptor, SOL_NETLINK, NETLINK_CAP_ACK, &capAck, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit {
        close(descriptor)
    }

    /// A fresh sequence number.
    func nextSequence() -> UInt32 {
        sequence &+= 1
        return sequence
    }

    /// Sends `bytes` with a single `sendmsg`, first raising the send buffer to hold them:
    /// the kernel aborts a batch that arrives in pieces.
    func send(_ bytes: UnsafeRawBufferPointer) throws(NFTablesError) {
        if bytes.count > sendBufferSize {
            var size = Int32(clamping: bytes.count + 4096)
            if setsockopt(descriptor, SOL_SOCKET, SO_SNDBUFFORCE, &size, socklen_t(MemoryLayout<Int32>.size)) != 0 {
                guard setsockopt(descriptor, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size)) == 0
                else { throw .system(call: "setsockopt(SO_SNDBUF)", errno: errno) }
            }
            sendBufferSize = bytes.count
        }
        var address = sockaddr_nl()
        address.nl_family = sa_family_t(AF_NETLINK)
        var vector = iovec(iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress), iov_len: bytes.count)
        let sent = withUnsafeMutablePointer(to: &address) { addressPointer in
            withUnsafeMutablePointer(to: &vector) { vectorPointer in
                var message = msghdr()
                message.msg_name = UnsafeMutableRawPointer(addressPointer)
                message.msg_namelen = socklen_t(MemoryLayout<sockaddr_nl>.size)
                message.msg_iov = vectorPointer
                message.msg_iovlen = 1
                return sendmsg(descriptor, &message, 0)
            }
        }
        guard sent >= 0 else {
            let error = errno
            if error == EPERM || error == EACCES {
                throw .permissionDenied("sending to nf_tables")
            }
            throw .system(call: "sendmsg", errno: error)
        }
        guard sent == bytes.count else {
            throw .system(call: "sendmsg (sent \(sent) of \(bytes.count) bytes)", errno: EMSGSIZE)
        }
    }

    /// Every reply queued on the socket, without waiting.
    ///
    /// nf_tables processes a batch inside `sendmsg`, so when `send` returns all replies are queued.
    /// `ENOBUFS` (replies were lost because the queue overflowed) is reported as an error.
    func drain() throws(NFTablesError) -> [NetlinkMessage] {
        var messages: [NetlinkMessage] = []
        while true {
            guard let datagram = try receive(wait: false) else { return messages }
            messages.append(contentsOf: datagram)
        }
    }

    /// Sends a dump request and collects the replies up to `NLMSG_DONE`.
    func dump(_ request: UnsafeRawBufferPointer) throws(NFTablesError) -> [NetlinkMessage] {
        try send(request)
        var messages: [NetlinkMessage] = []
        while true {
            guard let datagram = try receive(wait: true) else { continue }
            for message in datagram {
                if message.type == UInt16(NLMSG_DONE) { return messages }
                if let code = message.errorCode {
                    if code == 0 { continue }
                    if code == EPERM || code == EACCES { throw .permissionDenied("reading nf_tables") }
                    throw .system(call: "netlink dump", errno: code)
                }
                messages.append(message)
            }
        }
    }

    /// Receives one datagram and splits it into messages; `nil` when nothing is queued and `wait` is false.
    func receive(wait: Bool) throws(NFTablesError) -> [NetlinkMessage]? {
        let count = receiveBuffer.withUnsafeMutableBytes { buffer in
            recv(descriptor, buffer.baseAddress, buffer.count, wait ? 0 : Int32(MSG_DONTWAIT))
        }
        if count < 0 {
            let error = errno
            if error == EAGAIN || error == EWOULDBLOCK { return nil }
            if error == EINTR { return [] }
            throw .system(call: "recv", errno: error)
        }
        return NetlinkSocket.split(receiveBuffer[0..<count])
    }

    /// Splits a datagram into its netlink messages.
    static func split(_ datagram: ArraySlice<UInt8>) -> [NetlinkMessage] {
        var messages: [NetlinkMessage] = []
        let headerSize = MemoryLayout<nlmsghdr>.size
        var offset = datagram.startIndex
        datagram.withUnsafeBytes { raw in
            var position = 0
            while position + headerSize <= raw.count {
                let length = Int(raw.loadUnaligned(fromByteOffset: position, as: UInt32.self))
                guard length >= headerSize, position + length <= raw.count else { break }
                let type = raw.loadUnaligned(fromByteOffset: position + 4, as: UInt16.self)
                let flags = raw.loadUnaligned(fromByteOffset: position + 6, as: UInt16.self)
                let sequence = raw.loadUnaligned(fromByteOffset: position + 8, as: UInt32.self)
                messages.append(
                    NetlinkMessage(
                        type: type, flags: flags, sequence: sequence,
                        bytes: Array(raw[position..<(position + length)])))
                position += (length + 3) & ~3
            }
            offset += position
        }
        return messages
    }

    private static func openHere() -> Result<Int32, NFTablesError> {
        let descriptor = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), NETLINK_NETFILTER)
        guard descriptor >= 0 else {
            let error = errno
            if error == EPERM || error == EACCES { return .failure(.permissionDenied("opening a netlink socket")) }
            return .failure(.system(call: "socket(AF_NETLINK, NETLINK_NETFILTER)", errno: error))
        }
        return .success(descriptor)
    }

    private static func openOnDedicatedThread(
        namespacePath: String,
        namespace: NetworkNamespace
    ) -> Result<Int32, NFTablesError> {
        let namespaceDescriptor = open(namespacePath, O_RDONLY | O_CLOEXEC)
        guard namespaceDescriptor >= 0 else {
            let error = errno
            if error == ENOENT { return .failure(.namespaceNotFound(namespace)) }
            if error == EACCES || error == EPERM { return .failure(.permissionDenied("opening \(namespacePath)")) }
            return .failure(.system(call: "open(\(namespacePath))", errno: error))
        }
        defer { close(namespaceDescriptor) }
        let job = NamespaceJob(namespaceDescriptor: namespaceDescriptor, namespace: namespace)
        let context = Unmanaged.passRetained(job).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(
            &thread, nil,
            { context in
                let job = Unmanaged<NamespaceJob>.fromOpaque(context!).takeUnretainedValue()
                job.run()
                return nil
            }, context)
        guard created == 0 else {
            Unmanaged<NamespaceJob>.fromOpaque(context).release()
            return .failure(.system(call: "pthread_create", errno: created))
        }
        pthread_join(thread, nil)
        let result = job.result
        Unmanaged<NamespaceJob>.fromOpaque(context).release()
        return result
    }
}

/// The work of the thread that enters a namespace: `setns`, then `socket`.
private final class NamespaceJob {
    let namespaceDescriptor: Int32
    let namespace: NetworkNamespace
    var result: Result<Int32, NFTablesError> = .failure(.system(call: "setns", errno: EINVAL))

    init(namespaceDescriptor: Int32, namespace: NetworkNamespace) {
        self.namespaceDescriptor = namespaceDescriptor
        self.namespace = namespace
    }

    func run() {
        // The thread must not share its filesystem information for setns(CLONE_NEWNET) to be allowed; the
        // network namespace is per thread, so only this thread moves, and it ends right after.
        guard vrc_enter_network_namespace(namespaceDescriptor) == 0 else {
            let error = errno
            if error == EPERM {
                result = .failure(.permissionDenied("entering \(namespace)"))
            } else if error == EINVAL {
                result = .failure(.system(call: "setns(\(namespace)): not a network namespace", errno: error))
            } else {
                result = .failure(.system(call: "setns(\(namespace))", errno: error))
            }
            return
        }
        let descriptor = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), NETLINK_NETFILTER)
        if descriptor < 0 {
            result = .failure(.system(call: "socket(AF_NETLINK, NETLINK_NETFILTER)", errno: errno))
        } else {
            result = .success(descriptor)
        }
    }
}
