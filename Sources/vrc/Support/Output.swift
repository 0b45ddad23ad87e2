#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where `vrc` writes: results to standard output, problems to standard error.
///
/// Writes go straight to the file descriptors (no stdio buffering), so that output and error lines appear
/// in the order they were produced.
internal enum Output {
    /// Writes `text` and a newline to standard output.
    static func line(_ text: String) {
        emit(text.hasSuffix("\n") ? text : text + "\n", to: STDOUT_FILENO)
    }

    /// Writes `text` as it is to standard output (for rendered rulesets, which end in a newline already).
    static func raw(_ text: String) {
        emit(text, to: STDOUT_FILENO)
    }

    /// Writes one `vrc: ` line to standard error; line breaks inside the message are folded so that one
    /// problem stays one line.
    static func problem(_ message: String) {
        let folded =
            message
            .split(whereSeparator: \.isNewline)
            .map { trimmed($0) }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
        emit("vrc: \(folded)\n", to: STDERR_FILENO)
    }

    private static func trimmed(_ text: Substring) -> Substring {
        var result = text
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }

    /// Writes all of `text`, however many `write` calls it takes; a closed pipe just ends the output.
    private static func emit(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
