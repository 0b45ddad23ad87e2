import ArgumentParser
import NFTables

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The `--netns` option shared by the commands that talk to the kernel.
internal struct NamespaceOptions: ParsableArguments {
    @Option(
        name: .customLong("netns"),
        help: ArgumentHelp(
            "The network namespace: a name from 'ip netns' or a path such as /proc/PID/ns/net.",
            discussion: "Without it, vrc works in its own (current) network namespace.",
            valueName: "name-or-path"
        )
    )
    var netns: String?

    func validate() throws {
        if let netns, netns.isEmpty {
            throw ValidationError("--netns needs a namespace name or path, not an empty string")
        }
    }

    /// The namespace the option names; a value with a slash is a path, anything else an `ip netns` name.
    var namespace: NetworkNamespace {
        guard let netns else { return .current }
        return netns.contains("/") ? .path(netns) : .named(netns)
    }

    /// The namespace, after checking that it exists, so that a typo is reported as such before any kernel work.
    func existingNamespace() throws(CommandFailure) -> NetworkNamespace {
        let namespace = self.namespace
        if let path = namespace.filePath {
            var info = stat()
            if stat(path, &info) != 0 {
                let hint = netns?.contains("/") == true ? "" : " (see 'ip netns list')"
                throw .badInput("\(namespace) does not exist: no file \(path)\(hint)")
            }
        }
        return namespace
    }
}
