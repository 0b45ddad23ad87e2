/// Why something read from the kernel has no form in the object model (or makes no sense at all).
internal struct LiftError: Error, ExpressibleByStringInterpolation, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }

    init(stringLiteral value: String) {
        description = value
    }

    init(stringInterpolation: DefaultStringInterpolation) {
        description = String(stringInterpolation: stringInterpolation)
    }
}
