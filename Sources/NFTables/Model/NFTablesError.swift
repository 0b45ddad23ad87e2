/// Everything that can go wrong between a ruleset and the kernel.
///
/// Each case says what failed, on which object, and what the kernel or the input said.
public enum NFTablesError: Error, Hashable, Sendable {
    /// The namespace does not exist (no file at its path).
    case namespaceNotFound(NetworkNamespace)
    /// The caller lacks the privilege (CAP_NET_ADMIN, or CAP_SYS_ADMIN to enter a namespace).
    case permissionDenied(String)
    /// A system call failed.
    case system(call: String, errno: Int32)
    /// The ruleset cannot be encoded; `location` names the object (`table inet vrc, chain input, rule 3`).
    case invalidRuleset(location: String, reason: String)
    /// The kernel refused the batch; nothing of it was applied. One entry per error reply.
    case kernelRefused([KernelRefusal])
    /// The ruleset changed after the batch was built (the generation guard); nothing was applied.
    case generationChanged(expected: UInt32)
    /// A reply from the kernel could not be understood.
    case malformedReply(String)
    /// The kernel's replies to a batch were lost and reading back could not tell whether it was committed
    /// (another writer committed at the same time); read the tables back to see what they hold.
    case outcomeUnknown(String)
}

/// One error reply of the kernel, mapped back to the object whose message caused it.
public struct KernelRefusal: Hashable, Sendable, CustomStringConvertible {
    /// The error number the kernel returned (`ENOENT`, `EINVAL`, ...).
    public var errno: Int32
    /// The object the refused message created or changed, as `nft` would name it:
    /// `rule 4711 of chain inet vrc forward`, `set inet vrc allowed`, `table inet vrc`.
    public var object: String
    /// The source of the object, when it came from an imported file (`dump.txt:42`).
    public var source: String?

    /// Creates a refusal.
    public init(errno: Int32, object: String, source: String? = nil) {
        self.errno = errno
        self.object = object
        self.source = source
    }

    /// `object: strerror(errno)`, with the source in front when there is one.
    public var description: String {
        let reason = NFTablesError.describe(errno: errno)
        return (source.map { "\($0): " } ?? "") + "\(object): \(reason)"
    }
}
