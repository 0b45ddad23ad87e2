#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The substrings of `VRC_FUZZ_TOLERATE` (separated by `|`): violations whose message contains one are
/// known, reported findings that fuzzing goes on past until they are fixed.
private let tolerated: [String] = {
    guard let raw = getenv("VRC_FUZZ_TOLERATE") else { return [] }
    return String(cString: raw).split(separator: "|").map(String.init).filter { !$0.isEmpty }
}()

/// Stops the run with `message` as a finding: a property a fuzz target checks does not hold for the input.
///
/// libFuzzer then keeps the input in the findings folder. A message containing one of the `|`-separated
/// substrings of the environment variable `VRC_FUZZ_TOLERATE` is let through instead, so that an open finding
/// (its reproducer kept in `Fuzz/regressions/`) does not stop the search for others:
///
/// ```swift
/// propertyViolated("accepted document compiled to an invalid ruleset: \(error)")
/// ```
public func propertyViolated(_ message: String) {
    if tolerated.contains(where: { message.contains($0) }) { return }
    fatalError(message)
}
