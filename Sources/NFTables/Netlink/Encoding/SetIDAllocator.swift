/// Hands out the IDs that let messages of one batch refer to sets created earlier in the same batch.
internal struct SetIDAllocator {
    private var last: UInt32

    /// Starts after `start`; the first ID handed out is `start + 1`.
    init(start: UInt32 = 0) {
        last = start
    }

    /// The next unused ID.
    mutating func next() -> UInt32 {
        last &+= 1
        return last
    }
}
