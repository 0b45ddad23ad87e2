/// What one UDP flood through the router did: datagrams sent and received over the sending window.
///
/// ```swift
/// let rate = try UDPFlood(duration: .seconds(2)).run(through: topology)
/// print(rate.receivedPerSecond, rate.deliveredFraction)
/// ```
public struct UDPRate: Codable, Hashable, Sendable {
    /// Datagrams the sender handed to the kernel during the window.
    public var sent: Int
    /// Datagrams of the window that reached the receiver's socket.
    public var received: Int
    /// The window's length in seconds, measured.
    public var seconds: Double
    /// Datagrams the receiver's kernel dropped because its socket buffer was full (its `RcvbufErrors`): when not
    /// zero, the receiver, not the router, limited the rate.
    public var receiverBufferDrops: Int
    /// Whether a warm-up datagram reached the receiver before the window opened.
    public var warmUpReached: Bool
    /// Whether the receiver's answer reached the sender before the window (always false for a one-way flood).
    public var answerReached: Bool

    public init(
        sent: Int, received: Int, seconds: Double, receiverBufferDrops: Int, warmUpReached: Bool,
        answerReached: Bool = false
    ) {
        self.sent = sent
        self.received = received
        self.seconds = seconds
        self.receiverBufferDrops = receiverBufferDrops
        self.warmUpReached = warmUpReached
        self.answerReached = answerReached
    }

    /// Received datagrams per second: the forwarding rate.
    public var receivedPerSecond: Double { seconds > 0 ? Double(received) / seconds : 0 }
    /// Sent datagrams per second.
    public var sentPerSecond: Double { seconds > 0 ? Double(sent) / seconds : 0 }
    /// The share of sent datagrams that arrived.
    public var deliveredFraction: Double { sent > 0 ? Double(received) / Double(sent) : 0 }
}
