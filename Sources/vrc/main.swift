#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

exit(CommandRunner.run(Array(CommandLine.arguments.dropFirst())))
