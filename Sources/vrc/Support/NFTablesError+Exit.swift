import NFTables

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension NFTablesError {
    /// The failure `vrc` reports for this error: exit status 1 when the kernel said no (or raced us),
    /// 2 when the input, the namespace or the privileges were wrong.
    var commandFailure: CommandFailure {
        switch self {
        case .kernelRefused, .generationChanged, .malformedReply, .outcomeUnknown:
            return CommandFailure(.kernelRefused, description)
        case .namespaceNotFound, .permissionDenied, .invalidRuleset:
            return CommandFailure(.badInput, description)
        case .system(_, let errno) where errno == EPERM || errno == EACCES:
            return CommandFailure(.badInput, description)
        case .system:
            return CommandFailure(.kernelRefused, description)
        }
    }
}
