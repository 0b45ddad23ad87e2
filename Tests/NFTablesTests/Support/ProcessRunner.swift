import Foundation

/// What a finished command left behind: its exit status and everything it printed.
internal typealias ProcessOutput = (status: Int32, stdout: String, stderr: String)

/// Runs a program to completion and collects its output, for tests.
///
/// Output and input go through temporary files rather than pipes, so that a chatty program can never
/// dead-lock against a test that has not started reading yet, and a program that exits without reading
/// its input cannot kill the test process with SIGPIPE.
internal enum ProcessRunner {
    /// A program could not be started at all.
    struct LaunchFailure: Error, CustomStringConvertible {
        var argv: [String]
        var reason: String
        var description: String { "cannot run \(argv.joined(separator: " ")): \(reason)" }
    }

    /// Runs `argv` (the first element is looked up in `PATH` unless it contains a slash).
    ///
    /// - Parameters:
    ///   - argv: The program and its arguments.
    ///   - input: Bytes for the program's standard input; it reads end-of-file after them.
    ///   - environment: Variables to set on top of this process's environment.
    static func run(_ argv: [String], input: String? = nil, environment: [String: String] = [:]) throws
        -> ProcessOutput
    {
        guard let program = argv.first else { throw LaunchFailure(argv: argv, reason: "empty command") }
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("vrc-run-\(getpid())-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        let inURL = scratch.appendingPathComponent("stdin")
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        try Data((input ?? "").utf8).write(to: inURL)
        try Data().write(to: outURL)
        try Data().write(to: errURL)

        let stdin = try FileHandle(forReadingFrom: inURL)
        let stdout = try FileHandle(forWritingTo: outURL)
        let stderr = try FileHandle(forWritingTo: errURL)
        defer {
            try? stdin.close()
            try? stdout.close()
            try? stderr.close()
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try resolve(program, argv: argv))
        process.arguments = Array(argv.dropFirst())
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        do {
            try process.run()
        } catch {
            throw LaunchFailure(argv: argv, reason: "\(error)")
        }
        process.waitUntilExit()

        let status =
            process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        let out = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
        let err = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        return (status, out, err)
    }

    /// The absolute path of `program`, searched in `PATH` and the system directories.
    private static func resolve(_ program: String, argv: [String]) throws -> String {
        if program.contains("/") { return program }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        // Root's tools (ip, nft) live in sbin, which a non-login PATH may lack.
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        for directory in directories {
            let candidate = directory + "/" + program
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw LaunchFailure(argv: argv, reason: "\(program) not found in PATH")
    }
}
