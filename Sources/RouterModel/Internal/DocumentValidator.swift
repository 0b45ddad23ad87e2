/// The rules of MODEL.md that tie the parts of a document together: names unique, references resolved, every
/// address consistent with the interfaces, public addresses not claimed twice, forwarded ports not overlapping.
///
/// It runs on whatever could be read, so that these problems are reported together with the others; a check
/// that needs every interface (is this a public address?) is skipped when an interface could not be read,
/// because it would report the consequence of that problem rather than a problem of its own.
struct DocumentValidator {
    private let partial: PartialDocument
    private let interfaces: [(index: Int, interface: Interface)]
    private let interfacesComplete: Bool
    /// Where each interface address first appears.
    private var addressOwner: [InternetAddress: Int] = [:]
    private var publicAddresses: Set<InternetAddress> = []
    private var guestPrefixes: [CIDR] = []

    init(_ partial: PartialDocument) {
        self.partial = partial
        interfaces = (partial.interfaces ?? []).enumerated().compactMap { index, interface in
            interface.map { (index, $0) }
        }
        interfacesComplete = partial.interfacesExact
        for (index, interface) in interfaces {
            for cidr in interface.addresses where addressOwner[cidr.address] == nil {
                addressOwner[cidr.address] = index
            }
            if interface.role == .public { publicAddresses.formUnion(interface.addresses.map(\.address)) }
            if interface.role == .guest { guestPrefixes += interface.addresses }
        }
    }

    func validate(_ reader: inout ModelReader) {
        checkInterfaces(&reader)
        checkNetworks(&reader)
        checkFirewall(&reader)
        checkPortForwards(&reader)
        checkStaticNATs(&reader)
        checkLoadBalancers(&reader)
        checkVPN(&reader)
        checkStaticRoutes(&reader)
    }

    // MARK: - Interfaces and networks

    private func checkInterfaces(_ reader: inout ModelReader) {
        var nameOwner: [String: Int] = [:]
        var macOwner: [MACAddress: Int] = [:]
        var networkOwner: [String: Int] = [:]
        var seenAddress: [InternetAddress: Int] = [:]
        var earlierPrefixes: [(cidr: CIDR, path: JSONPath)] = []
        let networkNames = partial.networks.map { Set($0.map(\.name)) }
        for (index, interface) in interfaces {
            let path = JSONPath.root.key("interfaces").index(index)
            if let earlier = nameOwner[interface.name] {
                reader.report(
                    "\(interface.name) is already the name of \(Self.interfacePath(earlier))", atPath: path.key("name"))
            } else {
                nameOwner[interface.name] = index
            }
            if let mac = interface.mac {
                if let earlier = macOwner[mac] {
                    reader.report(
                        "\(mac) is already the MAC address of \(Self.interfacePath(earlier))", atPath: path.key("mac"))
                } else {
                    macOwner[mac] = index
                }
            }
            if interface.role == .guest, let network = interface.network {
                if let networkNames, !networkNames.contains(network) {
                    reader.report(
                        "no network named \(network.quotedForMessage) in $.networks", atPath: path.key("network"))
                } else if let earlier = networkOwner[network] {
                    reader.report(
                        "network \(network.quotedForMessage) is already on \(Self.interfacePath(earlier))",
                        atPath: path.key("network"))
                } else {
                    networkOwner[network] = index
                }
            }
            var ownPrefixes = Set<CIDR>()
            var newPrefixes: [(cidr: CIDR, path: JSONPath)] = []
            for (position, cidr) in interface.addresses.enumerated() {
                let addressPath = path.key("addresses").index(position)
                if let earlier = seenAddress[cidr.address] {
                    let owner = earlier == index ? "this interface" : Self.interfacePath(earlier)
                    reader.report("\(cidr.address) is already an address of \(owner)", atPath: addressPath)
                    continue
                }
                seenAddress[cidr.address] = index
                // Addresses of one interface commonly share a prefix; each prefix is compared once.
                guard ownPrefixes.insert(cidr.prefix).inserted else { continue }
                if let other = earlierPrefixes.first(where: { $0.cidr.overlaps(cidr) }) {
                    reader.report(
                        "prefix \(cidr.prefix) overlaps \(other.cidr.prefix) of \(other.path)", atPath: addressPath)
                }
                newPrefixes.append((cidr.prefix, addressPath))
            }
            earlierPrefixes += newPrefixes
        }
    }

    private func checkNetworks(_ reader: inout ModelReader) {
        guard let networks = partial.networks else { return }
        let named = Set(interfaces.compactMap { $0.interface.role == .guest ? $0.interface.network : nil })
        for entry in networks {
            let path = JSONPath.root.key("networks").key(entry.name)
            if interfacesComplete, !named.contains(entry.name) {
                reader.report("no guest interface names this network", atPath: path)
            }
            if let sourceNat = entry.network?.sourceNat, let problem = publicAddressProblem(sourceNat) {
                reader.report(problem, atPath: path.key("sourceNat"))
            }
        }
    }

    // MARK: - Public side

    private func checkFirewall(_ reader: inout ModelReader) {
        guard case .present(let rules) = partial.firewall else { return }
        for (index, rule) in rules.enumerated() {
            guard let rule, let problem = publicAddressProblem(rule.publicAddress) else { continue }
            reader.report(problem, atPath: JSONPath.root.key("firewall").index(index).key("publicAddress"))
        }
    }

    private func checkPortForwards(_ reader: inout ModelReader) {
        let forwards = Self.indexed(partial.portForwards)
        var groups: [TranslationKey: [(range: PortRange, index: Int)]] = [:]
        for (index, forward) in forwards {
            let path = JSONPath.root.key("portForwards").index(index)
            if let problem = publicAddressProblem(forward.publicAddress) {
                reader.report(problem, atPath: path.key("publicAddress"))
            }
            if let problem = guestAddressProblem(forward.privateAddress) {
                reader.report(problem, atPath: path.key("privateAddress"))
            }
            if let vpn = partial.vpn.value, vpn.publicAddress == forward.publicAddress, forward.protocol == .udp,
                let port = [500, 4500].first(where: forward.publicPorts.contains)
            {
                reader.report(
                    "udp \(port) on \(forward.publicAddress) is taken by IPsec for $.vpn",
                    atPath: path.key("publicPorts"))
            }
            groups[TranslationKey(address: forward.publicAddress, protocol: forward.protocol), default: []]
                .append((forward.publicPorts, index))
        }
        // Sorting each group and sweeping keeps this linear in practice for 100,000 forwards. Each forward is
        // reported once, with the first clash found.
        var reported = Set<Int>()
        for (key, entries) in groups where entries.count > 1 {
            var widest: (range: PortRange, index: Int)?
            for entry in entries.sorted(by: { ($0.range.lower, $0.index) < ($1.range.lower, $1.index) }) {
                if let current = widest, current.range.upper >= entry.range.lower {
                    let (later, earlier) = entry.index > current.index ? (entry, current) : (current, entry)
                    if reported.insert(later.index).inserted {
                        reader.report(
                            "\(key.protocol) \(later.range) on \(key.address) overlaps \(earlier.range) of "
                                + "$.portForwards[\(earlier.index)]",
                            atPath: JSONPath.root.key("portForwards").index(later.index).key("publicPorts"))
                    }
                }
                if widest == nil || entry.range.upper > widest!.range.upper { widest = entry }
            }
        }
    }

    private func checkStaticNATs(_ reader: inout ModelReader) {
        var publicOwner: [InternetAddress: Int] = [:]
        var privateOwner: [InternetAddress: Int] = [:]
        let sharedUsers = sharedPublicAddressUsers()
        for (index, nat) in Self.indexed(partial.staticNats) {
            let path = JSONPath.root.key("staticNats").index(index)
            if let problem = publicAddressProblem(nat.publicAddress) {
                reader.report(problem, atPath: path.key("publicAddress"))
            } else if let earlier = publicOwner[nat.publicAddress] {
                reader.report(
                    "\(nat.publicAddress) is already given to $.staticNats[\(earlier)]",
                    atPath: path.key("publicAddress"))
            } else if let user = sharedUsers[nat.publicAddress] {
                reader.report(
                    "\(nat.publicAddress) is also used by \(user); a static NAT takes its address whole",
                    atPath: path.key("publicAddress"))
            }
            publicOwner[nat.publicAddress] = publicOwner[nat.publicAddress] ?? index
            if let problem = guestAddressProblem(nat.privateAddress) {
                reader.report(problem, atPath: path.key("privateAddress"))
            } else if let earlier = privateOwner[nat.privateAddress] {
                reader.report(
                    "\(nat.privateAddress) already has a static NAT, $.staticNats[\(earlier)]",
                    atPath: path.key("privateAddress"))
            }
            privateOwner[nat.privateAddress] = privateOwner[nat.privateAddress] ?? index
        }
    }

    private func checkLoadBalancers(_ reader: inout ModelReader) {
        var forwards: [TranslationKey: [(range: PortRange, index: Int)]] = [:]
        for (index, forward) in Self.indexed(partial.portForwards) {
            forwards[TranslationKey(address: forward.publicAddress, protocol: forward.protocol), default: []]
                .append((forward.publicPorts, index))
        }
        var balancerOwner: [BalancerKey: Int] = [:]
        for (index, balancer) in Self.indexed(partial.loadBalancers) {
            let path = JSONPath.root.key("loadBalancers").index(index)
            if let problem = publicAddressProblem(balancer.publicAddress) {
                reader.report(problem, atPath: path.key("publicAddress"))
            }
            let key = TranslationKey(address: balancer.publicAddress, protocol: balancer.protocol)
            let service = "\(balancer.protocol) \(balancer.port) on \(balancer.publicAddress)"
            if let earlier = balancerOwner[BalancerKey(translation: key, port: balancer.port)] {
                reader.report("\(service) is already $.loadBalancers[\(earlier)]", atPath: path.key("port"))
            } else if let forward = forwards[key]?.first(where: { $0.range.contains(balancer.port) }) {
                reader.report(
                    "\(service) is already forwarded by $.portForwards[\(forward.index)]", atPath: path.key("port"))
            } else if let vpn = partial.vpn.value, vpn.publicAddress == balancer.publicAddress,
                balancer.protocol == .udp, [500, 4500].contains(balancer.port)
            {
                reader.report("\(service) is taken by IPsec for $.vpn", atPath: path.key("port"))
            }
            balancerOwner[BalancerKey(translation: key, port: balancer.port)] =
                balancerOwner[BalancerKey(translation: key, port: balancer.port)] ?? index
            for (position, backend) in balancer.backends.enumerated() {
                guard let problem = guestAddressProblem(backend.address) else { continue }
                reader.report(problem, atPath: path.key("backends").index(position).key("address"))
            }
        }
    }

    private func checkVPN(_ reader: inout ModelReader) {
        guard let vpn = partial.vpn.value, let problem = publicAddressProblem(vpn.publicAddress) else { return }
        reader.report(problem, atPath: JSONPath.root.key("vpn").key("publicAddress"))
    }

    // MARK: - Routes

    private func checkStaticRoutes(_ reader: inout ModelReader) {
        var destinationOwner: [CIDR: Int] = [:]
        let prefixes = interfaces.flatMap { $0.interface.addresses }
        for (index, route) in Self.indexed(partial.staticRoutes) {
            let path = JSONPath.root.key("staticRoutes").index(index)
            if let earlier = destinationOwner[route.destination] {
                reader.report(
                    "\(route.destination) already has a route, $.staticRoutes[\(earlier)]",
                    atPath: path.key("destination"))
            } else {
                destinationOwner[route.destination] = index
            }
            guard interfacesComplete else { continue }
            if let owner = addressOwner[route.via], let interface = partial.interfaces?[owner] {
                reader.report("\(route.via) is the router's own address on \(interface.name)", atPath: path.key("via"))
            } else if !prefixes.contains(where: { $0.contains(route.via) }) {
                reader.report(
                    "\(route.via) is not in the prefix of any interface, so the router cannot reach it",
                    atPath: path.key("via"))
            }
        }
    }

    // MARK: - Helpers

    /// Why `address` cannot be used as a public address, or `nil` when it is an address of a public interface
    /// (or when that cannot be known because an interface could not be read).
    private func publicAddressProblem(_ address: InternetAddress) -> String? {
        guard interfacesComplete, !publicAddresses.contains(address) else { return nil }
        if let owner = addressOwner[address], let interface = partial.interfaces?[owner] {
            return
                "\(address) is an address of \(interface.role) interface \(interface.name), not of a public interface"
        }
        return "\(address) is not an address of a public interface"
    }

    /// Why `address` cannot be a guest host, or `nil` when it lies in a guest network's prefix and is neither
    /// the router's own address nor an IPv4 network or broadcast address.
    private func guestAddressProblem(_ address: InternetAddress) -> String? {
        guard interfacesComplete else { return nil }
        if let owner = addressOwner[address], let interface = partial.interfaces?[owner] {
            return "\(address) is the router's own address on \(interface.name)"
        }
        guard let prefix = guestPrefixes.first(where: { $0.contains(address) }) else {
            return "\(address) is not in the prefix of any guest network"
        }
        if address.family == .ipv4, prefix.prefixLength <= 30 {
            if address == prefix.network { return "\(address) is the network address of \(prefix.prefix)" }
            if address == prefix.lastAddress { return "\(address) is the broadcast address of \(prefix.prefix)" }
        }
        return nil
    }

    /// Who uses each public address in the group that may share it (source NAT, port forwards, load balancers,
    /// VPN), named by path; the first user found wins.
    private func sharedPublicAddressUsers() -> [InternetAddress: String] {
        var users: [InternetAddress: String] = [:]
        for entry in partial.networks ?? [] {
            guard let address = entry.network?.sourceNat, users[address] == nil else { continue }
            users[address] = "the source NAT of \(JSONPath.root.key("networks").key(entry.name))"
        }
        for (index, forward) in Self.indexed(partial.portForwards) where users[forward.publicAddress] == nil {
            users[forward.publicAddress] = "$.portForwards[\(index)]"
        }
        for (index, balancer) in Self.indexed(partial.loadBalancers) where users[balancer.publicAddress] == nil {
            users[balancer.publicAddress] = "$.loadBalancers[\(index)]"
        }
        if let vpn = partial.vpn.value, users[vpn.publicAddress] == nil {
            users[vpn.publicAddress] = "$.vpn"
        }
        return users
    }

    private static func indexed<T>(_ items: [T?]?) -> [(index: Int, item: T)] {
        (items ?? []).enumerated().compactMap { index, item in item.map { (index, $0) } }
    }

    private static func interfacePath(_ index: Int) -> String {
        JSONPath.root.key("interfaces").index(index).description
    }

    private struct TranslationKey: Hashable {
        var address: InternetAddress
        var `protocol`: TransportProtocol
    }

    private struct BalancerKey: Hashable {
        var translation: TranslationKey
        var port: Int
    }
}
