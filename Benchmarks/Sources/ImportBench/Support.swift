import Foundation

/// A network namespace made for one run and removed after it.
struct BenchNamespace {
    let name: String

    init() throws {
        name = "vrc-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try Self.run("/usr/sbin/ip", ["netns", "add", name])
    }

    func remove() {
        _ = try? Self.run("/usr/sbin/ip", ["netns", "delete", name])
    }

    /// Runs a command to its end, its output discarded (the error output kept on failure), and returns its wall
    /// time in milliseconds.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        let start = ContinuousClock.now
        try process.run()
        let errorText = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let elapsed = (ContinuousClock.now - start).milliseconds
        guard process.terminationStatus == 0 else {
            let text = String(decoding: errorText.prefix(2000), as: UTF8.self)
            throw BenchError("\(executable) \(arguments.prefix(4).joined(separator: " ")) failed: \(text)")
        }
        return elapsed
    }
}

/// A failure that ends the benchmark, with a sentence for the error output.
struct BenchError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

enum Statistics {
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// The process's peak resident size so far (`getrusage`), children excluded.
    static func peakResidentMiB() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}

extension Duration {
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
