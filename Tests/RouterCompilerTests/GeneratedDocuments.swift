import RouterModel

/// Router documents made in code, with as many port forwards, static NATs, firewall entries and load balancers
/// as a test asks for.
enum GeneratedDocuments {
    /// A VR-like router: one public interface, one guest network with source NAT, and `count` of each part.
    ///
    /// Port forwards go to 198.51.100.20 (tcp 1000 on), then 198.51.100.21 after 60,000 of them, and so on.
    /// Static NAT public addresses come from 198.18.0.0/15 (added to the public interface); guest addresses from
    /// 10.1.0.0/16; load balancers alternate two and three backends, so every size has the same backend counts.
    static func router(
        name: String = "r-generated", portForwards: Int = 0, staticNats: Int = 0, firewallEntries: Int? = nil,
        loadBalancers: Int = 0, aclEntries: Int? = nil
    ) -> RouterDocument {
        let sourceNATAddress = InternetAddress("198.51.100.10")!
        let balancerAddress = InternetAddress("198.51.100.11")!
        let natAddresses = (0..<staticNats).map { natPublic($0) }
        let publicInterface = Interface(
            name: "eth1", role: .public,
            addresses: [cidr("198.51.100.10/24"), cidr("198.51.100.11/24")]
                + (0..<(portForwards + 59_999) / 60_000).map { CIDR(address: forwardAddress($0), prefixLength: 24)! }
                + natAddresses.map { CIDR(address: $0, prefixLength: 15)! },
            gateway: InternetAddress("198.51.100.1"))
        let guest = Interface(name: "eth2", role: .guest, network: "web", addresses: [cidr("10.1.0.1/16")])
        let control = Interface(name: "eth0", role: .control, addresses: [cidr("192.0.2.11/24")])

        var acl: NetworkACL?
        if let aclEntries {
            let rules = (0..<aclEntries).map { index in
                ACLRule(
                    number: index + 1, action: index % 7 == 6 ? .deny : .allow, protocol: .tcp,
                    ports: PortRange(port: 1 + index % 1000),
                    cidrs: [CIDR(address: .v4(IPv4Address(0x6440_0000 | UInt32(index) << 8)), prefixLength: 24)!])
            }
            acl = NetworkACL(ingress: rules, egress: [], defaultIngress: .deny, defaultEgress: .allow)
        }

        return RouterDocument(
            name: name, softwareVersion: "4.20.1", interfaces: [control, publicInterface, guest],
            networks: ["web": GuestNetwork(sourceNat: sourceNATAddress, services: [.dhcp, .dns], acl: acl)],
            firewall: firewallEntries.map { count in
                (0..<count).map { index in
                    FirewallRule(
                        publicAddress: sourceNATAddress, protocol: index % 2 == 0 ? .tcp : .udp,
                        ports: PortRange(port: 1 + index % 60000),
                        cidrs: [
                            CIDR(address: .v4(IPv4Address(0xCB00_7100 + UInt32(index % 4) * 64)), prefixLength: 26)!
                        ])
                }
            },
            portForwards: (0..<portForwards).map { index in
                PortForward(
                    publicAddress: forwardAddress(index / 60_000), protocol: .tcp,
                    publicPorts: PortRange(port: 1000 + index % 60_000)!,
                    privateAddress: guestAddress(index), privatePorts: PortRange(port: 80)!)
            },
            staticNats: natAddresses.enumerated().map { index, address in
                StaticNAT(publicAddress: address, privateAddress: guestAddress(50_000 + index))
            },
            loadBalancers: (0..<loadBalancers).map { index in
                LoadBalancer(
                    publicAddress: balancerAddress, protocol: .tcp, port: 1000 + index,
                    backends: (0..<(2 + index % 2)).map {
                        Backend(address: guestAddress(index * 3 + $0), port: 8443)
                    })
            })
    }

    /// The public address of the port forwards of block `block` (60,000 forwards each): 198.51.100.20 on.
    static func forwardAddress(_ block: Int) -> InternetAddress {
        .v4(IPv4Address(0xC633_6414 + UInt32(block)))
    }

    static func cidr(_ text: String) -> CIDR {
        CIDR(text)!
    }

    /// A guest address in 10.1.0.0/16, never the router's 10.1.0.1.
    static func guestAddress(_ index: Int) -> InternetAddress {
        .v4(IPv4Address(0x0A01_0000 + UInt32(index % 65_000) + 2))
    }

    /// A public address for a static NAT, in 198.18.0.0/15.
    static func natPublic(_ index: Int) -> InternetAddress {
        .v4(IPv4Address(0xC612_0000 + UInt32(index) + 1))
    }
}
