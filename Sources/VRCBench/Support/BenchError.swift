/// Why a benchmark could not finish, with one sentence for the error output.
public struct BenchError: Error, CustomStringConvertible, Sendable {
    /// Whether the machine lacks something the benchmark needs, or a measurement failed on the way.
    public enum Kind: Sendable {
        /// A tool is missing or the process lacks privileges: nothing was measured.
        case unavailable
        /// A command, the kernel or a check failed during the run.
        case failed
    }

    /// Whether something was missing or a measurement failed.
    public let kind: Kind
    /// What went wrong, in one sentence.
    public let description: String

    /// A failure saying `description`; a measurement's failure unless `kind` says otherwise.
    public init(_ description: String, kind: Kind = .failed) {
        self.kind = kind
        self.description = description
    }
}
