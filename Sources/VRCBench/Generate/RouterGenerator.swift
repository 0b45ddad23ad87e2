/// Writes a generated cloud router document (`vrc.router/v1` JSON) of a given size, the same for every run.
///
/// The shape: one control and one public interface, four guest tiers (`web`, `app`, `db`, `batch`) on
/// 10.1.0.0/16 to 10.4.0.0/16, each with an ingress and an egress ACL; port forwards and load balancers share
/// public addresses (50 forwards to an address), each static NAT takes an address of its own; the public side is
/// 198.18.0.0/16 (benchmark space, RFC 2544). Every list is drawn from its own seeded stream, so a document with
/// 10 port forwards has the same ACLs as one with 5,000, and `extraForward` adds exactly one forward and changes
/// nothing else.
///
/// ACL lists are ordered blocks of same-action entries (about one block in five denies), as operators write them:
/// a few quarantined sources first, then services. The number of blocks does not depend on the size, only their
/// length, so the number of same-action runs is the same at every scale.
///
/// Firewall entries (the public gate, as on an isolated VR) each allow one remote prefix of 100.64.0.0/10 to the
/// ports of one port forward; without any the document has no `firewall` list and the gate is off, as on a VPC.
///
/// ```swift
/// let document = RouterGenerator.cloudRouter(size: 10_000).json()
/// ```
public struct RouterGenerator: Sendable {
    /// ACL entries over all tiers and both directions.
    public var aclEntries: Int
    /// Port forwards, 50 to a public address.
    public var portForwards: Int
    /// Static NATs, each with a public address of its own.
    public var staticNATs: Int
    /// Load balancers, on the forwards' addresses.
    public var loadBalancers: Int
    /// Firewall entries; 0 leaves the document without a `firewall` list.
    public var firewallEntries = 0
    /// Adds port forward number `portForwards` (the next one), for the minimal-update benchmarks.
    public var extraForward = false
    /// Leaves out the middle entry of the first tier's ingress ACL, for the minimal-update benchmarks; the other
    /// entries stay as they are. That entry is always one no other entry covers (tcp 3389 from a host of
    /// 100.127.0.0/16, a prefix no other entry names, in a list without 0.0.0.0/0), so leaving it out changes
    /// the compiled ruleset.
    public var dropsACLEntry = false
    /// Whether an ACL entry may name 0.0.0.0/0 (about one in twenty does); without, no entry names an address
    /// of the public side, so that no entry matches the packet benchmark's flows.
    public var allowsCatchAll = true
    /// Puts every ACL entry in the first tier's (`web`) egress list, the one its traffic to the public side
    /// walks; the other lists stay empty.
    public var singleACLList = false
    /// The seed every list's random stream derives from.
    public var seed: UInt64 = 0x5EED_2026

    /// A generator of these counts.
    public init(aclEntries: Int, portForwards: Int, staticNATs: Int, loadBalancers: Int, firewallEntries: Int = 0) {
        self.aclEntries = aclEntries
        self.portForwards = portForwards
        self.staticNATs = staticNATs
        self.loadBalancers = loadBalancers
        self.firewallEntries = firewallEntries
    }

    /// The guest tiers, on 10.1.0.0/16 (`web`, interface eth2) to 10.4.0.0/16 (`batch`, eth5).
    public static let tiers = ["web", "app", "db", "batch"]
    private static let forwardsPerAddress = 50
    private static let publicBase: UInt32 = 0xC612_0000  // 198.18.0.0

    /// The benchmark document at `scale` (1: 10,000 ACL entries, 5,000 forwards, 1,000 static NATs, 100 load
    /// balancers).
    public static func scaled(_ scale: Int) -> RouterGenerator {
        RouterGenerator(
            aclEntries: 10_000 * scale, portForwards: 5_000 * scale, staticNATs: 1_000 * scale,
            loadBalancers: 100 * scale)
    }

    /// The document at `aclScale` with only 10 port forwards, static NATs and load balancers (the same ACLs).
    public static func small(aclScale: Int = 1) -> RouterGenerator {
        RouterGenerator(aclEntries: 10_000 * aclScale, portForwards: 10, staticNATs: 10, loadBalancers: 10)
    }

    /// The router of `vrc bench` with `size` entries in a cloud router's mix: 60 % ACL entries, 20 % port
    /// forwards, 15 % firewall entries and 5 % static NATs (at least one of each).
    public static func cloudRouter(size: Int) -> RouterGenerator {
        let forwards = max(1, size / 5)
        let firewall = max(1, size * 15 / 100)
        let nats = max(1, size / 20)
        return RouterGenerator(
            aclEntries: max(1, size - forwards - firewall - nats), portForwards: forwards, staticNATs: nats,
            loadBalancers: 0, firewallEntries: firewall)
    }

    /// Entries of every kind together.
    public var entryCount: Int {
        aclEntries + portForwards + staticNATs + loadBalancers + firewallEntries
    }

    /// Addresses that forwards and balancers share; room for the extra forward is always there, so that both
    /// documents of an update list the same interface addresses.
    private var sharedAddressCount: Int {
        (portForwards + 1 + Self.forwardsPerAddress - 1) / Self.forwardsPerAddress
    }

    /// The document as `vrc.router/v1` JSON.
    public func json() -> String {
        var out = "{\n  \"schema\": \"vrc.router/v1\",\n  \"name\": \"bench-vpc\",\n"
        out += "  \"softwareVersion\": \"4.20.1\",\n"
        out += "  \"interfaces\": [\n"
        out += "    { \"name\": \"eth0\", \"role\": \"control\", \"addresses\": [\"192.0.2.10/24\"] },\n"
        var publicAddresses = [Self.publicAddress(2)]
        publicAddresses += (0..<sharedAddressCount).map(sharedAddress)
        publicAddresses += (0..<staticNATs).map(natAddress)
        out += "    { \"name\": \"eth1\", \"role\": \"public\", \"gateway\": \"198.18.0.1\", \"addresses\": ["
        out += publicAddresses.map { "\"\($0)/16\"" }.joined(separator: ", ") + "] }"
        for (index, tier) in Self.tiers.enumerated() {
            out += ",\n    { \"name\": \"eth\(index + 2)\", \"role\": \"guest\", \"network\": \"\(tier)\", "
            out += "\"addresses\": [\"10.\(index + 1).0.1/16\"] }"
        }
        out += "\n  ],\n  \"networks\": {\n"
        out += Self.tiers.indices.map(network).joined(separator: ",\n")
        out += "\n  },\n  \"portForwards\": [\n"
        let forwardCount = portForwards + (extraForward ? 1 : 0)
        out += (0..<forwardCount).map(forward).joined(separator: ",\n")
        out += "\n  ],\n  \"staticNats\": [\n"
        out += (0..<staticNATs).map(staticNAT).joined(separator: ",\n")
        out += "\n  ],\n  \"loadBalancers\": [\n"
        out += (0..<loadBalancers).map(loadBalancer).joined(separator: ",\n")
        out += "\n  ]"
        if firewallEntries > 0 {
            out += ",\n  \"firewall\": [\n"
            out += (0..<firewallEntries).map(firewallEntry).joined(separator: ",\n")
            out += "\n  ]"
        }
        out += "\n}\n"
        return out
    }

    // MARK: Networks and ACLs

    private func network(_ tier: Int) -> String {
        let services = tier == 0 ? "\"dhcp\", \"dns\", \"metadata\"" : "\"dhcp\", \"dns\""
        let sourceNat = tier == 2 ? "null" : "\"\(Self.publicAddress(2))\""
        let lists = singleACLList ? 1 : 2 * Self.tiers.count
        let perList = aclEntries / lists
        let extra = aclEntries % lists
        let ingressCount = singleACLList ? 0 : perList + (2 * tier < extra ? 1 : 0)
        let egressCount = singleACLList ? (tier == 0 ? aclEntries : 0) : perList + (2 * tier + 1 < extra ? 1 : 0)
        let ingress = aclList(tier: tier, direction: 0, count: ingressCount)
        let egress = aclList(tier: tier, direction: 1, count: egressCount)
        return """
                "\(Self.tiers[tier])": {
                  "sourceNat": \(sourceNat), "services": [\(services)],
                  "acl": {
                    "ingress": [
            \(ingress)
                    ],
                    "egress": [
            \(egress)
                    ],
                    "defaultIngress": "deny", "defaultEgress": "\(tier == 2 ? "deny" : "allow")"
                  }
                }
            """
    }

    /// `count` entries in blocks of one action; blocks are 10-60 entries at scale 1 and grow with the list.
    private func aclList(tier: Int, direction: Int, count: Int) -> String {
        var random = SplitMix64(seed: seed &+ UInt64(100 + 10 * tier + direction))
        // A stream of its own for the blocks, so that their number and actions are the same at every scale.
        var blocks = SplitMix64(seed: seed &+ UInt64(200 + 10 * tier + direction))
        let blockScale = max(1, count / 1_250)
        var entries: [String] = []
        entries.reserveCapacity(count)
        var deny = blocks.chance(0.5)  // lists often start with a few quarantined sources
        var left = 0
        for index in 0..<count {
            if left == 0 {
                left = Int(blocks.next(in: 10...60)) * blockScale
                deny = index == 0 ? deny : blocks.chance(0.2)
            }
            left -= 1
            // The first tier's ingress list holds the entry the update benchmark removes: nothing there may
            // cover it.
            let catchAll = allowsCatchAll && !(tier == 0 && direction == 0)
            var entry = aclEntry(number: 10 * (index + 1), deny: deny, catchAll: catchAll, random: &random)
            if tier == 0 && direction == 0 && index == count / 2 {
                if dropsACLEntry { continue }
                entry = "{ \"number\": \(10 * (index + 1)), \"action\": \"\(deny ? "deny" : "allow")\", "
                    + "\"protocol\": \"tcp\", \"ports\": \"3389\", \"cidrs\": [\"100.127.\(count % 256).7/32\"] }"
            }
            entries.append("          " + entry)
        }
        return entries.joined(separator: ",\n")
    }

    private static let tcpPorts = [
        22, 25, 53, 80, 110, 143, 443, 465, 587, 993, 995, 1433, 3306, 3389, 5432, 5672, 6379, 8080, 8443, 9090,
        9200, 11211, 27017,
    ]
    private static let udpPorts = [53, 123, 161, 500, 514, 1194, 4500, 5353]

    private func aclEntry(number: Int, deny: Bool, catchAll: Bool, random: inout SplitMix64) -> String {
        var fields = "\"number\": \(number), \"action\": \"\(deny ? "deny" : "allow")\""
        let roll = random.next(in: 0...99)
        switch roll {
        case 0..<70, 70..<90:
            let tcp = roll < 70
            fields += ", \"protocol\": \"\(tcp ? "tcp" : "udp")\""
            let kind = random.next(in: 0...99)
            if kind < 60 {
                let list = tcp ? Self.tcpPorts : Self.udpPorts
                fields += ", \"ports\": \"\(list[Int(random.next(in: 0...UInt64(list.count - 1)))])\""
            } else if kind < 75 {
                fields += ", \"ports\": \"\(random.next(in: 1024...65535))\""
            } else if kind < 97 {
                let low = random.next(in: 1024...64000)
                fields += ", \"ports\": \"\(low)-\(low + random.next(in: 1...1023))\""
            }  // else: every port
        case 90..<95:
            fields += ", \"protocol\": \"icmp\""
            let kind = random.next(in: 0...3)
            if kind < 2 {
                fields += ", \"icmpType\": 8, \"icmpCode\": 0"
            } else if kind == 2 {
                fields += ", \"icmpType\": 3"
            }
        case 95..<98:
            fields += ", \"protocol\": \"all\""
        default:
            fields += ", \"protocol\": \([47, 50, 132][Int(random.next(in: 0...2))])"
        }
        let cidrs = (0..<random.next(in: 1...2)).map { _ in "\"\(remoteCIDR(catchAll: catchAll, &random))\"" }
        return "{ \(fields), \"cidrs\": [\(cidrs.joined(separator: ", "))] }"
    }

    /// Remote prefixes of a private cloud: mostly /24s and hosts of 10.0.0.0/12, some /16s and /22s, rarely all.
    private func remoteCIDR(catchAll: Bool, _ random: inout SplitMix64) -> String {
        let a = random.next(in: 0...15)
        let b = random.next(in: 0...255)
        switch random.next(in: 0...99) {
        case 0..<50: return "10.\(a).\(b).0/24"
        case 50..<70: return "10.\(a).\(b).\(random.next(in: 1...254))/32"
        case 70..<85: return "10.\(a).0.0/16"
        case 85..<95: return "10.\(a).\(b & 0xFC).0/22"
        default: return catchAll ? "0.0.0.0/0" : "10.\(a).0.0/16"
        }
    }

    // MARK: Translations

    private func sharedAddress(_ index: Int) -> String {
        Self.publicAddress(256 + UInt32(index))
    }

    private func natAddress(_ index: Int) -> String {
        Self.publicAddress(32_768 + UInt32(index))
    }

    /// 10.(tier+1).x.y for host number `host` (2 to 65534) of the tier's /16.
    private static func guestAddress(tier: Int, host: Int) -> String {
        "10.\(tier + 1).\(host >> 8).\(host & 0xFF)"
    }

    private static func publicAddress(_ host: UInt32) -> String {
        let value = publicBase | host
        return "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }

    /// Forward `index`: on shared address `index / 50`, its own 64-port slot from 1024; mostly single ports
    /// (to a well-known port or the same one), some ranges of 2-16 ports.
    private func forward(_ index: Int) -> String {
        var random = SplitMix64(seed: seed &+ 0xF0F0_0000 &+ UInt64(index))
        let slot = index % Self.forwardsPerAddress
        let publicLow = 1_024 + 64 * slot
        let tcp = random.chance(0.8)
        var publicPorts = "\(publicLow)"
        var privatePorts: String
        if random.chance(0.2) {
            let width = Int(random.next(in: 2...16))
            publicPorts = "\(publicLow)-\(publicLow + width - 1)"
            let privateLow = random.chance(0.5) ? publicLow : 10_000 + Int(random.next(in: 0...1000))
            privatePorts = "\(privateLow)-\(privateLow + width - 1)"
        } else if random.chance(0.15) {
            privatePorts = publicPorts
        } else {
            let list = tcp ? Self.tcpPorts : Self.udpPorts
            privatePorts = "\(list[Int(random.next(in: 0...UInt64(list.count - 1)))])"
        }
        let tier = index % Self.tiers.count
        let host = 2 + (index * 7_919) % 60_000
        return "    { \"publicAddress\": \"\(sharedAddress(index / Self.forwardsPerAddress))\", "
            + "\"protocol\": \"\(tcp ? "tcp" : "udp")\", \"publicPorts\": \"\(publicPorts)\", "
            + "\"privateAddress\": \"\(Self.guestAddress(tier: tier, host: host))\", "
            + "\"privatePorts\": \"\(privatePorts)\" }"
    }

    /// Firewall entry `index`: one remote prefix of 100.64.0.0/10 (a /24, sometimes a host) to the public ports of
    /// forward `index` (modulo the forwards).
    private func firewallEntry(_ index: Int) -> String {
        var random = SplitMix64(seed: seed &+ 0xF1F1_0000 &+ UInt64(index))
        let target = portForwards > 0 ? index % portForwards : 0
        let slot = target % Self.forwardsPerAddress
        let low = 1_024 + 64 * slot
        let ports = random.chance(0.8) ? "\(low)" : "\(low)-\(low + 15)"
        let b = 64 + random.next(in: 0...63)
        let c = random.next(in: 0...255)
        let cidr = random.chance(0.8) ? "100.\(b).\(c).0/24" : "100.\(b).\(c).\(random.next(in: 1...254))/32"
        return "    { \"publicAddress\": \"\(sharedAddress(target / Self.forwardsPerAddress))\", "
            + "\"protocol\": \"\(random.chance(0.8) ? "tcp" : "udp")\", \"ports\": \"\(ports)\", "
            + "\"cidrs\": [\"\(cidr)\"] }"
    }

    private func staticNAT(_ index: Int) -> String {
        let tier = index % Self.tiers.count
        let host = 62_000 + index / Self.tiers.count
        return "    { \"publicAddress\": \"\(natAddress(index))\", "
            + "\"privateAddress\": \"\(Self.guestAddress(tier: tier, host: host))\" }"
    }

    /// Balancer `index`: round-robin over the shared addresses, on ports below the forwards' (443, 80, ...).
    private func loadBalancer(_ index: Int) -> String {
        var random = SplitMix64(seed: seed &+ 0x1B1B_0000 &+ UInt64(index))
        let round = index / sharedAddressCount
        let port = round < 6 ? [443, 80, 25, 143, 993, 995][round] : 200 + round
        let udp = index % 5 == 4
        let tier = index % Self.tiers.count
        let backendCount = Int(random.next(in: 2...4))
        let backendPort = random.chance(0.5) ? port : 8_000 + port % 1000
        let backends = (0..<backendCount).map { backend in
            let host = 20_000 + 4 * index + backend
            return "{ \"address\": \"\(Self.guestAddress(tier: tier, host: host))\", \"port\": \(backendPort) }"
        }
        return "    { \"publicAddress\": \"\(sharedAddress(index % sharedAddressCount))\", "
            + "\"protocol\": \"\(udp ? "udp" : "tcp")\", \"port\": \(port), "
            + "\"backends\": [\(backends.joined(separator: ", "))] }"
    }
}
