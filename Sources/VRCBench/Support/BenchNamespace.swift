import Foundation

/// A network namespace made for one run and removed after it.
public struct BenchNamespace: Sendable {
    public let name: String

    public init() throws {
        name = "vrc-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try Self.run("/usr/sbin/ip", ["netns", "add", name])
    }

    public func remove() {
        _ = try? Self.run("/usr/sbin/ip", ["netns", "delete", name])
    }

    /// Runs a command to its end, its output discarded (the error output kept on failure), and returns its wall
    /// time in milliseconds (see `Spawn`).
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String]) throws -> Double {
        try Spawn.run([executable] + arguments).milliseconds
    }
}

/// A failure that ends the benchmark, with a sentence for the error output.
public struct BenchError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

public enum Statistics {
    public static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// The process's peak resident size so far (`getrusage`), children excluded.
    public static func peakResidentMiB() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}

extension Duration {
    public var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
