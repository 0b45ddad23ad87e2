import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Decides whether tests that need the kernel (root, network namespaces, netfilter) may run.
///
/// Without root such a test is skipped with a message, unless `VRC_REQUIRE_KERNEL_TESTS=1` is set (as
/// `.ci/run` does): then it runs anyway and fails at its first ``check()``, because a skipped kernel test
/// must not let CI pass. Mark such tests with the `.kernel` trait and start them with `try KernelTestGate.check()`
/// (``TestNamespace/init()`` does that check itself).
internal enum KernelTestGate {
    /// The error a kernel test fails with when it cannot run.
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    /// Whether this process runs as root.
    static var isRoot: Bool { geteuid() == 0 }

    /// Whether a skipped kernel test must fail the run instead (`VRC_REQUIRE_KERNEL_TESTS=1`).
    static var isRequired: Bool {
        guard let value = getenv("VRC_REQUIRE_KERNEL_TESTS") else { return false }
        return String(cString: value) == "1"
    }

    /// Whether kernel tests run at all: as root, or when they are required (and then fail if not root).
    static var shouldRun: Bool { isRoot || isRequired }

    /// Why kernel tests are skipped, for the test report.
    static let skipReason: Comment =
        "kernel test skipped: needs root (set VRC_REQUIRE_KERNEL_TESTS=1 to make this a failure)"

    /// Throws, failing the test, when the kernel cannot be used; call it first in every kernel test.
    static func check() throws(Unavailable) {
        guard isRoot else {
            throw Unavailable(
                description: "kernel test cannot run: not root, and VRC_REQUIRE_KERNEL_TESTS=1 requires it to"
            )
        }
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only where kernel tests may run; see ``KernelTestGate``.
    static var kernel: Self {
        .enabled(if: KernelTestGate.shouldRun, KernelTestGate.skipReason)
    }
}
