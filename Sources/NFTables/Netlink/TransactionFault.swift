#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A test mode that makes a transaction fail at a chosen point, to show that the kernel then holds the old
/// ruleset or the new one, never anything else, and that vrc says which.
///
/// Not for production: install a fault for the transactions run inside a scope,
///
/// ```swift
/// try TransactionFault.$injected.withValue(TransactionFault(.refuseMessage(3))) {
///     try ruleset.apply(to: namespace)   // throws .kernelRefused naming the injected message
/// }
/// ```
///
/// or, for the `vrc` command, with the environment variable `VRC_FAULT_INJECTION` (see ``init(environmentValue:)``).
@_spi(FaultInjection)
public struct TransactionFault: Sendable {
    /// Where the transaction fails.
    public enum Point: Hashable, Sendable, CustomStringConvertible {
        /// The kernel refuses the batch at this message, counted from 1 after BEGIN: a message it must refuse
        /// (deleting a chain that does not exist) is put there, before the operation that would come next.
        case refuseMessage(Int)
        /// The process kills itself (SIGKILL) after the batch is sent and before any reply is read.
        case killAfterSend
        /// Every reply is lost, as when the socket's receive queue overflows (ENOBUFS) while the replies are
        /// drained; the transaction must find out by reading back whether its batch was committed.
        case lostReplies
        /// `action` runs after the batch is built and the socket opened, just before the batch is sent (to
        /// remove the namespace, or to commit another writer's change).
        case beforeSend

        public var description: String {
            switch self {
            case .refuseMessage(let index): return "refuse-message:\(index)"
            case .killAfterSend: return "kill-after-send"
            case .lostReplies: return "lost-replies"
            case .beforeSend: return "before-send"
            }
        }
    }

    /// The fault installed for the transactions of the current task or thread, if any.
    @TaskLocal public static var injected: TransactionFault?

    /// Where the transaction fails; several points combine (a refused message whose replies are lost).
    public var points: [Point]
    /// What runs at ``Point/beforeSend``.
    public var action: (@Sendable () -> Void)?

    /// Creates a fault at one or more points.
    public init(_ points: Point..., action: (@Sendable () -> Void)? = nil) {
        self.points = points
        self.action = action
    }

    /// Reads a comma-separated list of `refuse-message:K`, `kill-after-send` and `lost-replies`; `nil` when
    /// any item is none of them.
    public init?(environmentValue: String) {
        var points: [Point] = []
        for item in environmentValue.split(separator: ",") {
            switch item {
            case "kill-after-send": points.append(.killAfterSend)
            case "lost-replies": points.append(.lostReplies)
            default:
                let parts = item.split(separator: ":")
                guard parts.count == 2, parts[0] == "refuse-message", let index = Int(parts[1]), index >= 1 else {
                    return nil
                }
                points.append(.refuseMessage(index))
            }
        }
        guard !points.isEmpty else { return nil }
        self.points = points
        self.action = nil
    }

    /// Whether the fault includes `point`.
    func contains(_ point: Point) -> Bool {
        points.contains(point)
    }

    /// The message the kernel must refuse, if the fault has one.
    var refusedMessage: Int? {
        for point in points {
            if case .refuseMessage(let index) = point { return index }
        }
        return nil
    }

    /// The name of the chain the refused message deletes: no table holds it.
    static let missingChain = "vrc-fault-injection-missing-chain"

    /// Kills the process at once, as a crash or an operator's `kill -9` would.
    static func killProcess() -> Never {
        kill(getpid(), SIGKILL)
        fatalError("SIGKILL did not end the process")
    }
}
