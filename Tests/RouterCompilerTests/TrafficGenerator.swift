import RouterModel

/// Random ACL lists, firewall lists and packets over small address and port spaces, so that prefixes and
/// ranges overlap and packets often hit them.
struct TrafficGenerator {
    var random: SeededGenerator

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    mutating func below(_ bound: Int) -> Int { Int.random(in: 0..<bound, using: &random) }
    mutating func flip() -> Bool { Bool.random(using: &random) }
    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }

    mutating func aclList(maximumCount: Int = 10) -> [ACLRule] {
        let count = 1 + below(maximumCount)
        let numbers = Array((1...(maximumCount * 20)).shuffled(using: &random).prefix(count))
        return numbers.map { number in
            let entry = self.entry()
            return ACLRule(
                number: number, action: flip() ? .allow : .deny, protocol: entry.protocol, ports: entry.ports,
                icmpType: entry.icmpType, icmpCode: entry.icmpCode, cidrs: entry.cidrs)
        }
    }

    mutating func firewallList(publicAddresses: [InternetAddress]) -> [FirewallRule] {
        (0..<below(8)).map { _ in
            let entry = self.entry()
            let family = entry.protocol.family ?? entry.cidrs[0].family
            let address = pick(publicAddresses.filter { $0.family == family })
            return FirewallRule(
                publicAddress: address, protocol: entry.protocol, ports: entry.ports, icmpType: entry.icmpType,
                icmpCode: entry.icmpCode, cidrs: entry.cidrs.filter { $0.family == family })
        }
    }

    /// What an entry matches: protocol, ports or ICMP type and code, and prefixes of the families it runs over.
    mutating func entry() -> (
        protocol: IPProtocolSpec, ports: PortRange?, icmpType: Int?, icmpCode: Int?, cidrs: [CIDR]
    ) {
        let spec = pick([IPProtocolSpec.tcp, .tcp, .udp, .udp, .icmp, .icmpv6, .all, .number(47), .number(112)])
        var ports: PortRange?
        if spec.carriesPorts && below(10) < 7 {
            if below(10) == 0 {
                ports = PortRange(lower: 1, upper: 65535)
            } else {
                let lower = 1 + below(40)
                ports = PortRange(lower: lower, upper: lower + below(12))
            }
        }
        var icmpType: Int?
        var icmpCode: Int?
        if spec.carriesICMPType {
            if flip() { icmpType = pick(spec == .icmp ? [0, 3, 8, 11] : [1, 128, 129, 135]) }
            if below(3) == 0 { icmpCode = below(3) }
        }
        let onlyFamily = spec.family ?? (flip() ? nil : pick([AddressFamily.ipv4, .ipv6]))
        let cidrs = (0..<(1 + below(3))).map { _ in cidr(onlyFamily ?? pick([.ipv4, .ipv6])) }
        return (spec, ports, icmpType, icmpCode, cidrs)
    }

    mutating func cidr(_ family: AddressFamily) -> CIDR {
        let address = self.address(family)
        let length: Int
        if family == .ipv4 {
            length = pick([0, 8, 16, 22, 23, 24, 25, 26, 28, 30, 31, 32, 32])
        } else {
            length = pick([0, 16, 64, 112, 119, 120, 121, 124, 126, 127, 128, 128])
        }
        return CIDR(address: address.masked(toPrefixLength: length), prefixLength: length)!
    }

    /// An address near the others: 10.0.0.0-10.0.3.255 (or fd00::0-fd00::3ff), now and then further away.
    mutating func address(_ family: AddressFamily) -> InternetAddress {
        let far = below(12) == 0
        if family == .ipv4 {
            let value: UInt32 =
                far ? UInt32.random(in: 0...UInt32.max, using: &random) : 0x0A00_0000 | UInt32(below(1024))
            return .v4(IPv4Address(value))
        }
        if far {
            return .v6(IPv6Address(high: UInt64.random(in: 0...UInt64.max, using: &random), low: UInt64(below(1024))))
        }
        return .v6(IPv6Address(high: 0xFD00_0000_0000_0000, low: UInt64(below(1024))))
    }

    /// A packet with a remote address (the caller puts it at the source or the destination).
    mutating func packet() -> (remote: InternetAddress, packet: TestPacket) {
        let family = pick([AddressFamily.ipv4, .ipv6])
        let remote = address(family)
        let proto = pick([UInt8(6), 6, 17, 17, 1, 58, 47, 112, 50, 132])
        var transport: [UInt8]
        switch proto {
        case 6, 17:
            let port = below(6) == 0 ? Int.random(in: 1...65535, using: &random) : 1 + below(60)
            transport = [UInt8(below(256)), UInt8(below(256)), UInt8(port >> 8), UInt8(port & 0xFF)]
        case 1, 58:
            let type = pick([0, 1, 3, 8, 11, 128, 129, 135, below(256)])
            transport = [UInt8(type), UInt8(below(4)), UInt8(below(256)), UInt8(below(256))]
        default:
            transport = (0..<below(9)).map { _ in UInt8(below(256)) }
        }
        let packet = TestPacket(
            family: family, source: remote, destination: remote, l4proto: proto, transport: transport)
        return (remote, packet)
    }
}
