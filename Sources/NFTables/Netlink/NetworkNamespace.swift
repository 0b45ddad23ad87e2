/// The network namespace a netlink socket talks to.
///
/// vrc never moves a thread of the Swift concurrency pool between namespaces: a socket for
/// another namespace is opened on a dedicated thread that enters the namespace, opens the
/// socket, and ends. The socket stays bound to that namespace for its whole life.
public enum NetworkNamespace: Hashable, Sendable, CustomStringConvertible {
    /// The namespace of the calling process.
    case current
    /// A namespace created by `ip netns add NAME`, found at `/run/netns/NAME`.
    case named(String)
    /// A namespace file, such as `/proc/PID/ns/net`.
    case path(String)

    /// The file to open for `setns`, or `nil` for the current namespace.
    public var filePath: String? {
        switch self {
        case .current: return nil
        case .named(let name): return "/run/netns/\(name)"
        case .path(let path): return path
        }
    }

    /// How the namespace is named in messages.
    public var description: String {
        switch self {
        case .current: return "the current network namespace"
        case .named(let name): return "network namespace '\(name)'"
        case .path(let path): return "network namespace at \(path)"
        }
    }
}
