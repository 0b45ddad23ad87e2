/// The checks every `vrc` failure must pass: exactly one `vrc: ` line on standard error, and no crash.
internal enum FailureShape {
    /// Words that only a crash or a Swift runtime trap would print.
    static let crashMarkers = ["Fatal error", "Stack dump", "backtrace", "Backtrace", "Illegal instruction", "SIGSEGV"]

    /// The problems with `stderr` as a failure report, empty when it is well-formed.
    static func problems(in stderr: String) -> [String] {
        var problems: [String] = []
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count != 2 || lines.last != "" {
            problems.append("expected exactly one line on stderr, got \(lines.count - 1): \(stderr.debugDescription)")
        }
        if !stderr.hasPrefix("vrc: ") {
            problems.append("stderr does not start with 'vrc: ': \(stderr.debugDescription)")
        }
        for marker in crashMarkers where stderr.contains(marker) {
            problems.append("stderr contains '\(marker)': \(stderr.debugDescription)")
        }
        return problems
    }
}
