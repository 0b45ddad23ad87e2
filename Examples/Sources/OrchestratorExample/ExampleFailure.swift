/// Why the example stopped: the step that failed and what the library or the kernel said.
struct ExampleFailure: Error, CustomStringConvertible {
    /// One line saying what failed.
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
