import Foundation
import NFTables
import RouterCompiler
import RouterModel
import Testing

/// The ACL property test on a sample, in the kernel with real packets: random ordered lists compiled and applied in
/// a namespace, real TCP, UDP, ICMP and raw-protocol packets sent from the list's remote addresses, and the kernel's
/// decision (did the packet come back from the ACL chain?) held against the ordered list's.
///
/// The packets go over loopback: each remote address is put on `lo`, and a probe chain on the output hook sends
/// every packet to the local address through the compiled `acl_net_ingress` chain, then counts those that return.
/// A dropped packet ends there, so the counter moves exactly when the kernel's ACL allows the packet.
@Suite("ACL compilation in the kernel, on a sample", .kernel)
struct ACLKernelSampleTests {
    @Test("8 random ACL lists x 25 real packets decide as the ordered lists")
    func sampleDecidesAsOrdered() throws {
        var generator = TrafficGenerator(seed: 0xAC1_4E6E)
        var mismatches: [String] = []
        var decisions = (allow: 0, deny: 0)
        for _ in 0..<8 {
            let rules = generator.aclList()
            let defaultAction: ACLAction = generator.flip() ? .allow : .deny
            var table = ACLPropertyTests.compile(rules, defaultAction: defaultAction)
            table.chains.append(Self.probeChain)
            let namespace = try TestNamespace()
            defer { namespace.close() }
            try namespace.checkedRun(["ip", "address", "add", "10.9.0.5/32", "dev", "lo"])
            try namespace.checkedRun(["ip", "address", "add", "fd09::5/128", "dev", "lo", "nodad"])
            try Ruleset(tables: [table]).apply(to: namespace.namespace)

            var sent = 0
            while sent < 25 {
                let (remote, packet) = generator.packet()
                guard Self.isLocallyUsable(remote) else { continue }
                sent += 1
                var probe = packet
                probe.source = remote
                probe.destination = remote.family == .ipv4 ? ACLPropertyTests.local4 : ACLPropertyTests.local6
                let expected = ACLPropertyTests.decide(rules, defaultAction, remote: remote, packet: probe)
                let before = try Self.returned(in: namespace)
                try Self.send(probe, from: namespace)
                let actual: ACLAction = try Self.returned(in: namespace) > before ? .allow : .deny
                if expected == .allow { decisions.allow += 1 } else { decisions.deny += 1 }
                if actual != expected {
                    mismatches.append(
                        "\(probe): list says \(expected), kernel says \(actual); default \(defaultAction), rules "
                            + "\(rules.map(ACLPropertyTests.describe))")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5).joined(separator: "\n"))")
        #expect(decisions.allow > 10 && decisions.deny > 10, "allow \(decisions.allow), deny \(decisions.deny)")
    }

    /// Sends packets to the local addresses through the ACL, and counts those it lets back.
    static let probeChain: Chain = {
        let local4 = NFTables.IPAddress("10.9.0.5")!
        let local6 = NFTables.IPAddress("fd09::5")!
        return Chain(
            name: "probe", hook: BaseChain(type: .filter, hook: .output, priority: 0, policy: .accept),
            rules: [
                Rule([.match(Match(.payload(.ipDaddr), .eq, .address(local4))), .verdict(.jump("acl_net_ingress"))]),
                Rule([.match(Match(.payload(.ip6Daddr), .eq, .address(local6))), .verdict(.jump("acl_net_ingress"))]),
                Rule([.match(Match(.payload(.ipDaddr), .eq, .address(local4))), .counter()]),
                Rule([.match(Match(.payload(.ip6Daddr), .eq, .address(local6))), .counter()]),
            ])
    }()

    /// Remote addresses the test can put on `lo` and send from: the generator's near addresses.
    static func isLocallyUsable(_ address: InternetAddress) -> Bool {
        switch address {
        case .v4: return address.description.hasPrefix("10.")
        case .v6: return address.description.hasPrefix("fd00:")
        }
    }

    /// The packets the ACL let through so far: the probe chain's counters, read back from the kernel.
    static func returned(in namespace: TestNamespace) throws -> UInt64 {
        let ruleset = try RulesetReader(namespace: namespace.namespace).read(.owned)
        let probe = try #require(ruleset.tables.first?.chain(named: "probe"))
        return probe.rules.flatMap(\.statements).reduce(0) { total, statement in
            if case .counter(let counter) = statement { return total + counter.packets }
            return total
        }
    }

    /// Puts the remote address on `lo` and sends one real packet of the probe's protocol from it.
    static func send(_ packet: TestPacket, from namespace: TestNamespace) throws {
        let length = packet.family == .ipv4 ? "32" : "128"
        _ = try namespace.run(
            ["ip", "address", "add", "\(packet.source)/\(length)", "dev", "lo"] + (packet.family == .ipv6 ? ["nodad"] : []))
        let result = try namespace.run(
            [
                "python3", "-c", sender, packet.family == .ipv4 ? "4" : "6", "\(packet.source)",
                "\(packet.destination)", "\(packet.l4proto)", packet.transport.map { String($0) }.joined(separator: ","),
            ])
        guard result.status == 0 else {
            throw TestNamespace.CommandFailure(argv: ["python3 sender"], status: result.status, stderr: result.stderr)
        }
    }

    /// One packet (a drop in the output hook shows as EPERM to the sender, which is ignored): a TCP SYN or UDP datagram to the probe's port, or a raw packet of any other protocol carrying
    /// the probe's transport bytes (ICMPv4 with its checksum; the kernel fills in ICMPv6's).
    static let sender = """
        import socket, sys, time
        family = socket.AF_INET if sys.argv[1] == "4" else socket.AF_INET6
        source, destination, proto = sys.argv[2], sys.argv[3], int(sys.argv[4])
        transport = bytes(int(b) for b in sys.argv[5].split(",") if b != "")
        if proto in (6, 17) and len(transport) >= 4:
            sport, dport = transport[0] << 8 | transport[1], transport[2] << 8 | transport[3]
            s = socket.socket(family, socket.SOCK_STREAM if proto == 6 else socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind((source, sport))
            except OSError:
                s.bind((source, 0))
            try:
                if proto == 6:
                    s.setblocking(False)
                    s.connect_ex((destination, dport))
                    time.sleep(0.05)
                else:
                    s.sendto(b"probe", (destination, dport))
            except PermissionError:
                pass  # the output hook dropped it: that is the outcome under test

        else:
            payload = transport
            if proto == 1 and family == socket.AF_INET:
                data = bytearray(transport[:2].ljust(2, b"\\0") + b"\\0\\0" + transport[4:].ljust(4, b"\\0"))
                total = sum((data[i] << 8) + (data[i + 1] if i + 1 < len(data) else 0) for i in range(0, len(data), 2))
                while total >> 16:
                    total = (total & 0xFFFF) + (total >> 16)
                checksum = ~total & 0xFFFF
                data[2], data[3] = checksum >> 8, checksum & 0xFF
                payload = bytes(data)
            s = socket.socket(family, socket.SOCK_RAW, proto)
            s.bind((source, 0))
            try:
                s.sendto(payload, (destination, 0))
            except PermissionError:
                pass  # dropped by the output hook
        """
}
