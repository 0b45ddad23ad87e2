#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Checks, before anything talks to the kernel, that `vrc` may change netfilter at all.
///
/// Without the check the first thing to fail would be a `setns` or a netlink `sendmsg` deep inside the
/// library, with a less helpful message.
internal enum Privileges {
    private static let capNetAdmin = 12
    private static let capSysAdmin = 21

    /// Throws a usage failure unless the process is root or holds the capabilities the command needs.
    ///
    /// - Parameters:
    ///   - command: The command's name, for the message.
    ///   - entersNamespace: Whether the command enters another network namespace (needs CAP_SYS_ADMIN too).
    static func requireKernelAccess(for command: String, entersNamespace: Bool) throws(CommandFailure) {
        if geteuid() == 0 { return }
        let effective = effectiveCapabilities()
        let needed = [capNetAdmin] + (entersNamespace ? [capSysAdmin] : [])
        if let effective, needed.allSatisfy({ effective & (1 << UInt64($0)) != 0 }) { return }
        throw .badInput(
            "'vrc \(command)' needs root (it talks to netfilter over netlink"
                + (entersNamespace ? " and enters a network namespace" : "") + "); you are uid \(geteuid())"
        )
    }

    /// The effective capability set from `/proc/self/status`, or `nil` when it cannot be read.
    private static func effectiveCapabilities() -> UInt64? {
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 512)
        while fgets(&buffer, Int32(buffer.count), file) != nil {
            let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if line.hasPrefix("CapEff:") {
                let hex = line.dropFirst("CapEff:".count).filter { !$0.isWhitespace }
                return UInt64(hex, radix: 16)
            }
        }
        return nil
    }
}
