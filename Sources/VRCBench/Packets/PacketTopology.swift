/// Three network namespaces in a line, made for one packet measurement: a sender, a router and a receiver.
///
/// ```
///  sender 10.1.0.10/16 ── eth2 10.1.0.1/16 [router] eth1 198.18.0.2/16 ── receiver 198.18.0.100/16
/// ```
///
/// The router's interfaces carry the names of the benchmark document's `web` guest tier (eth2) and public
/// interface (eth1), so that its rules apply to the flow from sender to receiver; the router forwards IPv4
/// (`net.ipv4.ip_forward=1`). The sender routes everything through the router; the receiver routes the sender's
/// network back through it, so that flows the router does not translate are answered too. Nothing links the
/// namespaces to the one the benchmark started in.
///
/// ```swift
/// let topology = try PacketTopology()
/// defer { topology.remove() }
/// try ruleset.apply(to: .named(topology.router.name))
/// ```
public struct PacketTopology: Sendable {
    /// Where the test traffic starts.
    public let sender: BenchNamespace
    /// The namespace whose forwarding is measured.
    public let router: BenchNamespace
    /// Where the test traffic ends.
    public let receiver: BenchNamespace

    /// The sender's address, 10.1.0.10 (host order).
    public static let senderAddress: UInt32 = 0x0A01_000A
    /// The receiver's address, 198.18.0.100 (host order).
    public static let receiverAddress: UInt32 = 0xC612_0064

    /// Makes the namespaces and links them; on failure whatever was made is removed again.
    ///
    /// - Parameter forwarding: Whether the router forwards IPv4 (without, nothing reaches the receiver).
    public init(forwarding: Bool = true) throws(BenchError) {
        var made: [BenchNamespace] = []
        do throws(BenchError) {
            let sender = try BenchNamespace()
            made.append(sender)
            let router = try BenchNamespace()
            made.append(router)
            let receiver = try BenchNamespace()
            made.append(receiver)
            self.sender = sender
            self.router = router
            self.receiver = receiver
            try link(forwarding: forwarding)
        } catch {
            for namespace in made { namespace.remove() }
            throw error
        }
    }

    /// Deletes the three namespaces (and with them the links and every rule loaded into the router).
    public func remove() {
        for namespace in [sender, router, receiver] { namespace.remove() }
    }

    static let sysctl = "/usr/sbin/sysctl"

    private func link(forwarding: Bool) throws(BenchError) {
        let ip = BenchNamespace.ip
        for namespace in [sender, router, receiver] {
            try Spawn.run([ip, "-n", namespace.name, "link", "set", "lo", "up"])
        }
        // Each pair is made inside the router and its peer sent straight to the other namespace.
        try Spawn.run([
            ip, "-n", router.name, "link", "add", "eth2", "type", "veth", "peer", "name", "eth0", "netns", sender.name,
        ])
        try Spawn.run([
            ip, "-n", router.name, "link", "add", "eth1", "type", "veth", "peer", "name", "eth0", "netns",
            receiver.name,
        ])
        try Spawn.run([ip, "-n", router.name, "address", "add", "10.1.0.1/16", "dev", "eth2"])
        try Spawn.run([ip, "-n", router.name, "address", "add", "198.18.0.2/16", "dev", "eth1"])
        try Spawn.run([ip, "-n", sender.name, "address", "add", "10.1.0.10/16", "dev", "eth0"])
        try Spawn.run([ip, "-n", receiver.name, "address", "add", "198.18.0.100/16", "dev", "eth0"])
        for (namespace, device) in [(router, "eth2"), (router, "eth1"), (sender, "eth0"), (receiver, "eth0")] {
            try Spawn.run([ip, "-n", namespace.name, "link", "set", device, "up"])
        }
        try Spawn.run([ip, "-n", sender.name, "route", "add", "default", "via", "10.1.0.1"])
        try Spawn.run([ip, "-n", receiver.name, "route", "add", "10.1.0.0/16", "via", "198.18.0.2"])
        try Spawn.run(
            router.command([Self.sysctl, "-q", "-w", "net.ipv4.ip_forward=\(forwarding ? 1 : 0)"]))
    }
}
