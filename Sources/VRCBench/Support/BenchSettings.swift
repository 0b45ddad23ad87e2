import Foundation

/// What the command benchmarks (`vrc bench apply` and `update`) share: the sizes, the runs, the vrc executable
/// they time, where their files go and whom to tell of each step.
public struct BenchSettings: Sendable {
    /// The sizes to measure, in rule-equivalents.
    public var sizes: [Int]
    /// Measurements of each method at each size.
    public var runs: Int
    /// The vrc executable the vrc rows run.
    public var vrc: String
    /// Where the generated files go.
    public var directory = FileManager.default.temporaryDirectory
    /// Told of each step, for a progress line.
    public var progress: @Sendable (String) -> Void = { _ in }

    /// `sizes`, `runs` times each, timing `vrc` as the vrc command.
    public init(sizes: [Int], runs: Int, vrc: String) {
        self.sizes = sizes
        self.runs = runs
        self.vrc = vrc
    }

    /// Every run, and in each every one of `count` methods, in alternating order: each run starts with another
    /// method, so that none always follows the same one. `body` gets the run and the method's index.
    func alternating(_ count: Int, _ body: (_ run: Int, _ index: Int) throws(BenchError) -> Void) throws(BenchError) {
        for run in 0..<runs {
            for offset in 0..<count {
                try body(run, (offset + run) % count)
            }
        }
    }
}
