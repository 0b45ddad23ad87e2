#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The Linux calls the packet benchmark needs that Swift's Glibc module does not import (they are GNU extensions
/// behind `_GNU_SOURCE`): `setns`, `sendmmsg`, `recvmmsg` and `sched_setaffinity`, looked up once in the C
/// library.
internal enum SocketCalls {
    /// `struct mmsghdr`: a message header and the byte count the kernel fills in.
    ///
    /// Laid out as C lays it out (a `msghdr`, then an `unsigned int`, padded to the header's alignment);
    /// ``check()`` verifies that before any call uses it.
    struct MultipleMessageHeader {
        var header = msghdr()
        var length: UInt32 = 0
    }

    typealias SetNamespace = @convention(c) (Int32, Int32) -> Int32
    /// `sendmmsg`; the messages are ``MultipleMessageHeader`` values (C cannot name a Swift struct).
    typealias SendMultiple = @convention(c) (Int32, UnsafeMutableRawPointer?, UInt32, Int32) -> Int32
    /// `recvmmsg`; the messages are ``MultipleMessageHeader`` values.
    typealias ReceiveMultiple =
        @convention(c) (Int32, UnsafeMutableRawPointer?, UInt32, Int32, UnsafeMutablePointer<timespec>?) -> Int32

    /// `sched_setaffinity`, with the CPU set as raw bytes.
    typealias SetAffinity = @convention(c) (Int32, Int, UnsafeRawPointer?) -> Int32

    /// `CLONE_NEWNET`, the namespace type `setns` is asked to enter.
    static let newNetworkNamespace: Int32 = 0x4000_0000
    /// `MSG_WAITFORONE`: `recvmmsg` returns once one message has arrived, with whatever else is queued.
    static let waitForOne: Int32 = 0x10000

    struct Functions: @unchecked Sendable {
        var setns: SetNamespace
        var sendmmsg: SendMultiple
        var recvmmsg: ReceiveMultiple
        var setAffinity: SetAffinity
    }

    /// The functions, or why they are not there.
    static let functions: Result<Functions, BenchError> = {
        guard let library = dlopen(nil, RTLD_NOW) else {
            return .failure(BenchError("packet benchmark: cannot open the C library with dlopen"))
        }
        func symbol<T>(_ name: String, as type: T.Type) -> T? {
            guard let address = dlsym(library, name) else { return nil }
            return unsafeBitCast(address, to: type)
        }
        guard let setns = symbol("setns", as: SetNamespace.self),
            let sendmmsg = symbol("sendmmsg", as: SendMultiple.self),
            let recvmmsg = symbol("recvmmsg", as: ReceiveMultiple.self),
            let setAffinity = symbol("sched_setaffinity", as: SetAffinity.self)
        else {
            return .failure(
                BenchError("packet benchmark: the C library lacks setns, sendmmsg, recvmmsg or sched_setaffinity"))
        }
        return .success(Functions(setns: setns, sendmmsg: sendmmsg, recvmmsg: recvmmsg, setAffinity: setAffinity))
    }()

    /// The functions, after checking that ``MultipleMessageHeader`` has C's layout.
    static func check() throws(BenchError) -> Functions {
        let headerSize = MemoryLayout<msghdr>.size
        let lengthOffset = MemoryLayout<MultipleMessageHeader>.offset(of: \.length)
        let expectedStride =
            (headerSize + 4 + MemoryLayout<msghdr>.alignment - 1) / MemoryLayout<msghdr>.alignment
            * MemoryLayout<msghdr>.alignment
        guard lengthOffset == headerSize, MemoryLayout<MultipleMessageHeader>.stride == expectedStride else {
            throw BenchError(
                "packet benchmark: struct mmsghdr layout differs from C's (length at \(lengthOffset.map(String.init) ?? "?"), "
                    + "stride \(MemoryLayout<MultipleMessageHeader>.stride))")
        }
        return try functions.get()
    }

    /// The current thread enters the network namespace at `path` (only this thread moves).
    static func enter(namespacePath path: String) throws(BenchError) {
        let functions = try check()
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw BenchError("packet benchmark: cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard functions.setns(descriptor, newNetworkNamespace) == 0 else {
            throw BenchError("packet benchmark: setns(\(path)) failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Keeps the calling thread on processor `cpu`; false when the kernel refused (no such processor, or not
    /// allowed).
    static func pin(toCPU cpu: Int) -> Bool {
        guard cpu >= 0, cpu < 1024, let functions = try? functions.get() else { return false }
        var mask = [UInt64](repeating: 0, count: 16)
        mask[cpu / 64] = 1 << UInt64(cpu % 64)
        return mask.withUnsafeBytes { functions.setAffinity(0, $0.count, $0.baseAddress) } == 0
    }

    /// An IPv4 socket address for `address` (host order) and `port`.
    static func address(_ address: UInt32, port: UInt16) -> sockaddr_in {
        var result = sockaddr_in()
        result.sin_family = sa_family_t(AF_INET)
        result.sin_port = port.bigEndian
        result.sin_addr.s_addr = address.bigEndian
        return result
    }

    /// `setsockopt` with an `Int32` or `linger` value; false when the kernel refused it.
    @discardableResult
    static func setOption<T: BitwiseCopyable>(_ socket: Int32, _ level: Int32, _ name: Int32, _ value: T) -> Bool {
        var value = value
        return setsockopt(socket, level, name, &value, socklen_t(MemoryLayout<T>.size)) == 0
    }

    /// `errno` as text, for messages.
    static var lastError: String { String(cString: strerror(errno)) }
}
