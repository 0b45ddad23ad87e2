import Foundation
import RouterModel

/// Devices, addresses and guest networks, from `cmdline`, `guestnetwork`, `networkacl` and `ips`.
extension DocumentAssembler {
    /// The role CloudStack gives a device of the command line by the router's type.
    private func fixedRole(_ device: String) -> InterfaceRole? {
        switch (type, device) {
        case (.router, "eth0"), (.dhcpServer, "eth0"): return .guest
        case (.router, "eth1"), (.dhcpServer, "eth1"), (.vpcRouter, "eth0"): return .control
        case (.router, "eth2"): return .public
        default: return nil
        }
    }

    mutating func readDevices() throws(CloudStackImportError) {
        let acls = bags["networkacl"]
        for key in acls.sortedKeys {
            guard let member = acls.members[key] else { continue }
            let reader = FieldReader(file: member.file, path: KeyPath.root.key(key))
            if member.value.object?["private_gateway_acl"]?.flag == true {
                try devices.markPrivateGateway(key, origin: reader)
            }
        }
        let commandLineDevices = (0...31).map { "eth\($0)" }.filter { config["\($0)ip"].map { !$0.isEmpty } ?? false }
        for device in commandLineDevices {
            if let role = fixedRole(device) {
                try devices.declare(device, role: role, origin: configReader.key("\(device)ip"))
            }
        }
        let guests = bags["guestnetwork"]
        for key in guests.sortedKeys {
            guard let member = guests.members[key] else { continue }
            let entries = member.value.array ?? [member.value]
            guard entries.contains(where: { $0.object?["add"]?.flag != false }) else { continue }
            try devices.declare(key, role: .guest, origin: FieldReader(file: member.file, path: KeyPath.root.key(key)))
        }
        for key in acls.sortedKeys {
            guard let member = acls.members[key] else { continue }
            try devices.declare(key, role: .guest, origin: FieldReader(file: member.file, path: KeyPath.root.key(key)))
        }
        let ips = bags["ips"]
        for key in ips.sortedKeys {
            guard let member = ips.members[key] else { continue }
            let reader = FieldReader(file: member.file, path: KeyPath.root.key(key))
            guard let entries = member.value.array else {
                throw reader.error("must be an array of address entries", code: .unexpectedShape)
            }
            for (index, entry) in entries.enumerated() where entry.object?["add"]?.flag != false {
                let role: InterfaceRole
                switch entry.object?["nw_type"]?.text?.lowercased() ?? "public" {
                case "guest": role = .guest
                case "control": role = .control
                default: role = .public
                }
                try devices.declare(key, role: role, origin: reader.index(index))
            }
        }
        for device in commandLineDevices where devices[device] == nil {
            findings.append(
                configReader.key("\(device)ip").finding(
                    "no databag says what \(device) connects to (guest, public or control); the device is left out"))
        }

        try readGuestNetworkAddresses(guests)
        try readCommandLineAddresses(commandLineDevices)
        try readACLAddresses(acls)
        try readIPAssociations(ips)
        for device in devices.ordered where device.addresses.isEmpty {
            throw device.origin.error(
                "\(device.name) has no address in cmdline, guestnetwork, networkacl or ips", code: .unknownReference)
        }
    }

    private mutating func readGuestNetworkAddresses(_ guests: Databag) throws(CloudStackImportError) {
        for key in guests.sortedKeys {
            guard let member = guests.members[key] else { continue }
            let reader = FieldReader(file: member.file, path: KeyPath.root.key(key))
            let entries = member.value.array ?? [member.value]
            for (index, entry) in entries.enumerated() {
                let itemReader = member.value.array == nil ? reader : reader.index(index)
                guard let object = entry.object else {
                    throw itemReader.error("must be an object", code: .unexpectedShape)
                }
                if object["add"]?.flag == false { continue }
                if let device = object["device"]?.text, !device.isEmpty, device != key {
                    throw itemReader.key("device").error(
                        "names \(device) but the entry is filed under \(key)", code: .unknownReference)
                }
                if let ip = object["router_guest_ip"], !ip.isEmpty {
                    let address = try itemReader.key("router_guest_ip").address(ip)
                    let lengthValue = object["cidr"].flatMap { $0.isEmpty ? nil : $0 } ?? object["router_guest_netmask"]
                    guard let lengthValue else {
                        throw itemReader.error("gives router_guest_ip but neither cidr nor router_guest_netmask")
                    }
                    let lengthKey = object["cidr"].map { !$0.isEmpty } == true ? "cidr" : "router_guest_netmask"
                    let length = try prefixLength(lengthValue, family: address.family, itemReader.key(lengthKey))
                    try add(address, length, to: key, itemReader.key("router_guest_ip"))
                }
                if let ip = object["router_guest_ip6"], !ip.isEmpty {
                    let address = try itemReader.key("router_guest_ip6").address(ip)
                    let lengthValue = object["router_guest_ip6_cidr"] ?? object["cidr6"]
                    guard let lengthValue else {
                        throw itemReader.error("gives router_guest_ip6 but not router_guest_ip6_cidr")
                    }
                    let length = try prefixLength(
                        lengthValue, family: address.family, itemReader.key("router_guest_ip6_cidr"))
                    try add(address, length, to: key, itemReader.key("router_guest_ip6"))
                }
                if let mac = object["mac_address"] {
                    try setMAC(mac, of: key, itemReader.key("mac_address"))
                }
            }
        }
    }

    private mutating func readCommandLineAddresses(_ names: [String]) throws(CloudStackImportError) {
        for device in names where devices[device] != nil {
            let ipReader = configReader.key("\(device)ip")
            guard let ip = config["\(device)ip"] else { continue }
            let address = try ipReader.address(ip)
            guard let mask = config["\(device)mask"] else {
                throw configReader.key("\(device)mask").error("is missing for \(device)ip")
            }
            let length = try configReader.key("\(device)mask").prefixLength(mask, family: address.family)
            // A redundant router's guest gateway is the VRRP address the instances share; it comes first, as
            // guests use it.
            if redundant, devices[device]?.role == .guest, fixedRole(device) == .guest,
                let gatewayValue = config["guestgw"], !gatewayValue.isEmpty
            {
                let gateway = try configReader.key("guestgw").address(gatewayValue)
                try add(gateway, length, to: device, configReader.key("guestgw"))
            }
            try add(address, length, to: device, ipReader)
            if let ip6 = config["\(device)ip6"], !ip6.isEmpty {
                let address6 = try configReader.key("\(device)ip6").address(ip6)
                let prefix = config["\(device)ip6prelen"] ?? .string("64")
                let length6 = try configReader.key("\(device)ip6prelen").prefixLength(prefix, family: address6.family)
                try add(address6, length6, to: device, configReader.key("\(device)ip6"))
            }
        }
        if type == .router, devices["eth2"]?.role == .public, let gateway = config["gateway"], !gateway.isEmpty {
            devices.setGateway(try configReader.key("gateway").address(gateway), of: "eth2")
        }
    }

    private mutating func readACLAddresses(_ acls: Databag) throws(CloudStackImportError) {
        for key in acls.sortedKeys {
            guard let member = acls.members[key], let object = member.value.object else { continue }
            let reader = FieldReader(file: member.file, path: KeyPath.root.key(key))
            if let ip = object["nic_ip"], !ip.isEmpty {
                let address = try reader.key("nic_ip").address(ip)
                guard let mask = object["nic_netmask"] else {
                    throw reader.key("nic_netmask").error("is missing for nic_ip")
                }
                let length = try prefixLength(mask, family: address.family, reader.key("nic_netmask"))
                try add(address, length, to: key, reader.key("nic_ip"))
            }
            if let mac = object["mac_address"] { try setMAC(mac, of: key, reader.key("mac_address")) }
        }
    }

    private mutating func readIPAssociations(_ ips: Databag) throws(CloudStackImportError) {
        for key in ips.sortedKeys {
            guard let member = ips.members[key], let entries = member.value.array else { continue }
            let reader = FieldReader(file: member.file, path: KeyPath.root.key(key))
            for (index, entry) in entries.enumerated() {
                let itemReader = reader.index(index)
                guard let object = entry.object else {
                    throw itemReader.error("must be an address object", code: .unexpectedShape)
                }
                // CloudStack is removing the address: the router takes it off the device.
                if object["add"]?.flag == false { continue }
                guard let ip = object["public_ip"] else {
                    throw itemReader.key("public_ip").error("is missing", code: .unexpectedShape)
                }
                let address = try itemReader.key("public_ip").address(ip)
                let length: Int
                if let size = object["size"], !size.isEmpty {
                    length = try prefixLength(size, family: address.family, itemReader.key("size"))
                } else if let mask = object["netmask"], !mask.isEmpty {
                    length = try prefixLength(mask, family: address.family, itemReader.key("netmask"))
                } else if let cidr = object["cidr"]?.text, let parsed = CIDR(cidr) {
                    length = parsed.prefixLength
                } else {
                    throw itemReader.error("gives no prefix length (size, netmask or cidr)")
                }
                try add(address, length, to: key, itemReader.key("public_ip"))
                if let mac = object["vif_mac_address"] { try setMAC(mac, of: key, itemReader.key("vif_mac_address")) }
                guard devices[key]?.role == .public else { continue }
                if let gateway = object["gateway"], !gateway.isEmpty {
                    devices.setGateway(try itemReader.key("gateway").address(gateway), of: key)
                }
                if object["source_nat"]?.flag == true {
                    if let existing = sourceNat, existing != address {
                        findings.append(
                            itemReader.key("source_nat").finding(
                                "\(existing) is already the source NAT address; guests leave as it, not \(address)"))
                    } else {
                        sourceNat = address
                    }
                }
            }
        }
    }

    private func prefixLength(
        _ value: JSONValue, family: AddressFamily, _ reader: FieldReader
    ) throws(CloudStackImportError) -> Int {
        // guestnetwork's `cidr` is a prefix length in most versions and `net/len` in some.
        if let text = value.text, let cidr = CIDR(text), cidr.family == family { return cidr.prefixLength }
        return try reader.prefixLength(value, family: family)
    }

    private mutating func add(
        _ address: InternetAddress, _ length: Int, to device: String, _ reader: FieldReader
    ) throws(CloudStackImportError) {
        guard let cidr = CIDR(address: address, prefixLength: length) else {
            throw reader.error("\(length) is not a prefix length for \(address)")
        }
        devices.add(cidr, to: device)
    }

    private mutating func setMAC(_ value: JSONValue, of device: String, _ reader: FieldReader)
        throws(CloudStackImportError)
    {
        guard !value.isEmpty else { return }
        guard let text = value.text, let mac = MACAddress(text) else {
            throw reader.error("\(value.shown) is not a MAC address")
        }
        devices.setMAC(mac, of: device)
    }

    /// One network per guest device, named after the device (`eth2`), with the services, source NAT and ACL
    /// CloudStack gives it.
    mutating func guestNetworks() throws(CloudStackImportError) -> [String: GuestNetwork] {
        var networks: [String: GuestNetwork] = [:]
        for device in devices.ordered where device.role == .guest {
            var network = GuestNetwork()
            if !device.isPrivateGateway {
                network.services = [.dhcp, .dns, .metadata]
                if type != .dhcpServer,
                    let sourceNat, device.addresses.contains(where: { $0.family == sourceNat.family })
                {
                    network.sourceNat = sourceNat
                }
            }
            if type == .vpcRouter {
                network.acl = try networkACL(device.name)
            }
            networks[device.name] = network
        }
        return networks
    }
}
