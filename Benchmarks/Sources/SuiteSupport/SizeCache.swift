import Synchronization

/// Inputs of a suite made once per size and kept for every iteration, so that making them is not measured.
///
/// ```swift
/// let documents = SizeCache { size in Data(RouterGenerator.cloudRouter(size: size).json().utf8) }
/// let data = documents[1_000]
/// ```
public final class SizeCache<Value: Sendable>: Sendable {
    private let values = Mutex<[Int: Value]>([:])
    private let make: @Sendable (Int) -> Value

    /// Creates a cache that makes the value of a size with `make` the first time it is asked for.
    public init(_ make: @escaping @Sendable (Int) -> Value) {
        self.make = make
    }

    /// The value at `size`, made now if it is not kept yet.
    public subscript(size: Int) -> Value {
        if let value = values.withLock({ $0[size] }) { return value }
        let value = make(size)
        values.withLock { $0[size] = value }
        return value
    }
}
