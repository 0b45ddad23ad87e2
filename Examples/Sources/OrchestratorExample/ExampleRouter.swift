import RouterModel

/// The router the example applies: an isolated network's virtual router (a "VR") built in code, as an
/// orchestration tool builds it from its own database rather than from a file.
///
/// - `eth0`, guest: the network `tenant`, 10.1.1.0/24, with DHCP, DNS and metadata;
/// - `eth1`, control: 192.0.2.11/24, reachable by ssh on 3922 only;
/// - `eth2`, public: 198.51.100.20-21/24, gateway 198.51.100.1.
///
/// Guests leave as 198.51.100.20 (source NAT). The public gate lets web traffic in from anywhere and ssh from
/// 203.0.113.0/24 only, and two port forwards send that traffic to guests.
enum ExampleRouter {
    /// The public address of the source NAT and of both port forwards.
    static let publicAddress = "198.51.100.20"

    /// The document, before any change.
    static func document() throws(ExampleFailure) -> RouterDocument {
        RouterDocument(
            name: "r-example-vr",
            softwareVersion: "4.20.1",
            interfaces: [
                Interface(
                    name: "eth0", role: .guest, network: "tenant", mac: try mac("02:00:3a:00:00:01"),
                    addresses: [try cidr("10.1.1.1/24")]),
                Interface(name: "eth1", role: .control, addresses: [try cidr("192.0.2.11/24")]),
                Interface(
                    name: "eth2", role: .public, mac: try mac("1e:00:c3:00:00:0a"),
                    addresses: [try cidr("198.51.100.20/24"), try cidr("198.51.100.21/24")],
                    gateway: try address("198.51.100.1")),
            ],
            networks: [
                "tenant": GuestNetwork(
                    sourceNat: try address(publicAddress), services: [.dhcp, .dns, .metadata])
            ],
            firewall: [
                FirewallRule(
                    publicAddress: try address(publicAddress), protocol: .tcp, ports: try ports("8080"),
                    cidrs: [try cidr("0.0.0.0/0")]),
                FirewallRule(
                    publicAddress: try address(publicAddress), protocol: .tcp, ports: try ports("2222"),
                    cidrs: [try cidr("203.0.113.0/24")]),
                FirewallRule(
                    publicAddress: try address(publicAddress), protocol: .icmp, icmpType: 8,
                    cidrs: [try cidr("0.0.0.0/0")]),
            ],
            portForwards: [
                PortForward(
                    publicAddress: try address(publicAddress), protocol: .tcp, publicPorts: try ports("8080"),
                    privateAddress: try address("10.1.1.20"), privatePorts: try ports("80")),
                PortForward(
                    publicAddress: try address(publicAddress), protocol: .tcp, publicPorts: try ports("2222"),
                    privateAddress: try address("10.1.1.21"), privatePorts: try ports("22")),
            ]
        )
    }

    /// The same router after the operator moved the web server behind the first forward from port 80 to 8000.
    static func edited(_ document: RouterDocument) throws(ExampleFailure) -> RouterDocument {
        var edited = document
        guard let index = edited.portForwards.firstIndex(where: { $0.publicPorts == PortRange(port: 8080) }) else {
            throw ExampleFailure("the document has no port forward of public port 8080")
        }
        edited.portForwards[index].privatePorts = try ports("8000")
        return edited
    }

    private static func address(_ text: String) throws(ExampleFailure) -> InternetAddress {
        guard let value = InternetAddress(text) else { throw ExampleFailure("\(text) is not an address") }
        return value
    }

    private static func cidr(_ text: String) throws(ExampleFailure) -> CIDR {
        guard let value = CIDR(text) else { throw ExampleFailure("\(text) is not a prefix") }
        return value
    }

    private static func ports(_ text: String) throws(ExampleFailure) -> PortRange {
        guard let value = PortRange(text) else { throw ExampleFailure("\(text) is not a port range") }
        return value
    }

    private static func mac(_ text: String) throws(ExampleFailure) -> MACAddress {
        guard let value = MACAddress(text) else { throw ExampleFailure("\(text) is not a MAC address") }
        return value
    }
}
