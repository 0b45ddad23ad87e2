/// One line of the packet benchmark: a form of the router's rules at one ACL size, over all runs.
public struct PacketRow: Codable, Hashable, Sendable {
    /// How the rules were loaded.
    public var form: PacketForm
    /// ACL entries in the router document (none of them matches the test traffic).
    public var entries: Int
    /// Rules the form put into the kernel (nftables or iptables rules).
    public var rules: Int
    /// Set and map elements the form put into the kernel.
    public var setElements: Int
    /// How long loading the form took, in milliseconds (for scale only; `vrc bench apply` measures that).
    public var loadMilliseconds: Double
    /// Datagrams received per second, one value per run: the forwarding rate.
    public var receivedPerSecond: Sample
    /// Datagrams of an answered (established) flow received per second, one value per run; empty when not
    /// measured.
    public var establishedPerSecond: Sample
    /// Datagrams sent per second, one value per run.
    public var sentPerSecond: Sample
    /// Received rate over the empty ruleset's received rate of the same run, one value per run; empty when the
    /// empty ruleset was not measured.
    public var ratioToEmpty: Sample
    /// The median TCP connect time of each run, in microseconds.
    public var connectMedianMicroseconds: Sample
    /// The 99th percentile TCP connect time of each run, in microseconds.
    public var connectP99Microseconds: Sample
    /// Connections that were not established, over all runs.
    public var connectFailures: Int
    /// Datagrams the receiver's socket buffer dropped, over all runs (not zero: the receiver limited the rate).
    public var receiverBufferDrops: Int

    public init(form: PacketForm, entries: Int, rules: Int, setElements: Int, loadMilliseconds: Double) {
        self.form = form
        self.entries = entries
        self.rules = rules
        self.setElements = setElements
        self.loadMilliseconds = loadMilliseconds
        receivedPerSecond = Sample()
        sentPerSecond = Sample()
        establishedPerSecond = Sample()
        ratioToEmpty = Sample()
        connectMedianMicroseconds = Sample()
        connectP99Microseconds = Sample()
        connectFailures = 0
        receiverBufferDrops = 0
    }
}
