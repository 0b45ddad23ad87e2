/// Least squares for `t = a·n + b·n²`; with one point, `b = 0`.
internal enum QuadraticFit {
    static func fit(_ points: [(n: Double, t: Double)]) -> (a: Double, b: Double) {
        guard points.count >= 2 else {
            guard let point = points.first, point.n > 0 else { return (0, 0) }
            return (point.t / point.n, 0)
        }
        // Normal equations of the two-parameter model without a constant term.
        var s2 = 0.0, s3 = 0.0, s4 = 0.0, t1 = 0.0, t2 = 0.0
        for (n, t) in points {
            s2 += n * n
            s3 += n * n * n
            s4 += n * n * n * n
            t1 += n * t
            t2 += n * n * t
        }
        let determinant = s2 * s4 - s3 * s3
        guard determinant != 0 else { return (t1 / s2, 0) }
        let a = (t1 * s4 - t2 * s3) / determinant
        let b = (s2 * t2 - s3 * t1) / determinant
        return b < 0 ? (t1 / s2, 0) : (a, b)
    }
}
