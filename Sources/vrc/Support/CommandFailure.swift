/// A problem that ends a `vrc` command: one line for standard error and the exit status that goes with it.
///
/// Every error a command can meet is turned into one of these at the top (see ``CommandRunner``), so the
/// user always sees `vrc: <what went wrong>` and never a backtrace.
internal struct CommandFailure: Error, CustomStringConvertible {
    /// The exit status of a failed command.
    enum Status: Int32 {
        /// The kernel refused the transaction (or it raced another writer); nothing was applied.
        case kernelRefused = 1
        /// The input or the usage was wrong, or the command lacks privileges: nothing was tried.
        case badInput = 2
    }

    /// The exit status.
    var status: Status
    /// What went wrong, in one line, without the `vrc: ` prefix.
    var message: String
    /// Further problems of the same input, one line each (a document with several errors).
    var moreMessages: [String] = []

    /// Creates a failure.
    init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// Bad input with several problems, each reported on its own line.
    static func badInput(lines: [String]) -> CommandFailure {
        var failure = CommandFailure(.badInput, lines.first ?? "bad input")
        failure.moreMessages = Array(lines.dropFirst())
        return failure
    }

    /// Bad input or usage (exit status 2).
    static func badInput(_ message: String) -> CommandFailure {
        CommandFailure(.badInput, message)
    }

    var description: String { message }
}
