// An orchestration tool's use of vrc: build a router document in code, apply it in a network namespace of
// its own (checked, then committed), change one port forward, apply the minimal update under a generation
// guard, read it back, and print what each step took. Needs root; exits 0 with "skipped: needs root" without.

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

guard geteuid() == 0 else {
    print("skipped: needs root (the example creates a network namespace and changes nf_tables in it)")
    exit(0)
}

func runExample() -> Int32 {
    let namespace: ExampleNamespace
    do {
        namespace = try ExampleNamespace()
    } catch {
        FileHandle.standardError.write(Data("example: \(error)\n".utf8))
        return 1
    }
    defer { namespace.close() }
    print("namespace \(namespace.name)")
    var orchestrator = Orchestrator(namespace: namespace.namespace)
    do {
        try orchestrator.run()
    } catch {
        FileHandle.standardError.write(Data("example: failed: \(error)\n".utf8))
        return 1
    }
    print("timings:\n\(orchestrator.timings.table)")
    return 0
}

exit(runExample())
