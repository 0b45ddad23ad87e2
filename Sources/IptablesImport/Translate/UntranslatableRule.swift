/// A rule that cannot be expressed exactly in nftables: which argument and why.
///
/// ```swift
/// do {
///     _ = try translator.translate(["-m", "u32", "--u32", "0>>22&0x3C@0>>16=80"])
/// } catch {
///     print(error)  // argument 2 (u32): match "u32" has no exact nftables equivalent
/// }
/// ```
public struct UntranslatableRule: Error, Sendable, Hashable, CustomStringConvertible {
    /// The index, in the rule's arguments, of the argument that cannot be translated.
    public var argumentIndex: Int
    /// Why, in a plain sentence (`match "u32" has no nftables equivalent`).
    public var reason: String

    /// Creates the error for the argument at `argumentIndex`.
    public init(argumentIndex: Int, reason: String) {
        self.argumentIndex = argumentIndex
        self.reason = reason
    }

    /// `argument N: reason`.
    public var description: String {
        "argument \(argumentIndex): \(reason)"
    }
}
