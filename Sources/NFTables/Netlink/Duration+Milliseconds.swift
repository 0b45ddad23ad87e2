extension Duration {
    /// The duration in milliseconds, with fractions: how ``TransactionReport``'s times are usually printed.
    ///
    /// ```swift
    /// let report = try ruleset.apply(to: .named("router"))
    /// print(report.kernelTime.milliseconds)  // 12.345
    /// ```
    public var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
