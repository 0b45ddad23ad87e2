import Dispatch

/// Independent pieces of work spread over every core, their results kept in order.
///
/// Shared by the package's modules (`package` access): the encoder cuts a large table's sets in parallel, the
/// router compiler its interval decompositions.
package enum Parallel {
    /// `inputs.map(transform)`, with the calls run concurrently (`DispatchQueue.concurrentPerform`, which takes
    /// the next input as a core frees up, so inputs of very different cost balance themselves when the costly ones
    /// come first).
    package static func map<Input: Sendable, Output: Sendable>(
        _ inputs: [Input], _ transform: @Sendable (Input) -> Output
    ) -> [Output] {
        guard inputs.count > 1 else { return inputs.map(transform) }
        let slots = Slots<Output>(count: inputs.count)
        DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
            slots.store(transform(inputs[index]), at: index)
        }
        return slots.values()
    }

    /// One slot per input, each written once by the call that owns its index and read after all have returned.
    /// Carries a value that is not `Sendable` from the thread that made it to the one that uses it, when nothing
    /// else holds it meanwhile (libnftnl objects, which have no shared state).
    package struct Handoff<Value>: @unchecked Sendable {
        package let value: Value

        package init(_ value: Value) {
            self.value = value
        }
    }

    private final class Slots<Value>: @unchecked Sendable {
        private let base: UnsafeMutablePointer<Value?>
        private let count: Int

        init(count: Int) {
            self.count = count
            base = .allocate(capacity: count)
            base.initialize(repeating: nil, count: count)
        }

        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }

        func store(_ value: Value, at index: Int) {
            base[index] = value
        }

        func values() -> [Value] {
            (0..<count).map { base[$0]! }
        }
    }
}
