#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension NFTablesError: CustomStringConvertible {
    /// One line for people: what failed and why.
    public var description: String {
        switch self {
        case .namespaceNotFound(let namespace):
            return "\(namespace) does not exist"
        case .permissionDenied(let what):
            return "permission denied: \(what) (vrc needs root, or CAP_NET_ADMIN and CAP_SYS_ADMIN)"
        case .system(let call, let errno):
            return "\(call) failed: \(NFTablesError.describe(errno: errno))"
        case .invalidRuleset(let location, let reason):
            return "\(location): \(reason)"
        case .kernelRefused(let refusals):
            let listed = refusals.prefix(5).map(\.description).joined(separator: "; ")
            let more = refusals.count > 5 ? " (and \(refusals.count - 5) more)" : ""
            return "the kernel refused the transaction, nothing was applied: \(listed)\(more)"
        case .generationChanged(let expected):
            return "the ruleset changed since generation \(expected); nothing was applied"
        case .malformedReply(let what):
            return "malformed reply from the kernel: \(what)"
        case .outcomeUnknown(let what):
            return "the outcome of the transaction is unknown: \(what)"
        }
    }

    /// `strerror` text with the symbolic name, such as `No such file or directory (ENOENT)`.
    static func describe(errno: Int32) -> String {
        let text = String(cString: strerror(errno))
        let names: [Int32: String] = [
            EPERM: "EPERM", ENOENT: "ENOENT", EEXIST: "EEXIST", EINVAL: "EINVAL", EBUSY: "EBUSY",
            ENOMEM: "ENOMEM", ENOBUFS: "ENOBUFS", EOPNOTSUPP: "EOPNOTSUPP", ERANGE: "ERANGE",
            E2BIG: "E2BIG", ELOOP: "ELOOP", ENOSPC: "ENOSPC", EMSGSIZE: "EMSGSIZE", EACCES: "EACCES",
        ]
        return names[errno].map { "\(text) (\($0))" } ?? text
    }
}
