import RouterModel

/// The router's network devices as the databags describe them: each device's role and addresses, gathered from
/// `cmdline`, `ips`, `guestnetwork` and `networkacl`, in the order the router would configure them.
internal struct DeviceTable: Sendable {
    /// One device.
    struct Device: Sendable {
        var name: String
        var role: InterfaceRole
        /// Whether `networkacl` marks the device as the VPC's private gateway (a guest network without services
        /// or source NAT).
        var isPrivateGateway = false
        var addresses: [CIDR] = []
        var mac: MACAddress?
        var gateway: InternetAddress?
        /// Where the device's role was decided, for findings.
        var origin: FieldReader

        mutating func add(_ cidr: CIDR) {
            if !addresses.contains(where: { $0.address == cidr.address }) { addresses.append(cidr) }
        }
    }

    private(set) var devices: [String: Device] = [:]

    /// The devices ordered by name, `eth2` before `eth10`.
    var ordered: [Device] {
        devices.values.sorted { lhs, rhs in
            let left = Int(lhs.name.drop { !$0.isNumber }) ?? Int.max
            let right = Int(rhs.name.drop { !$0.isNumber }) ?? Int.max
            return (left, lhs.name) < (right, rhs.name)
        }
    }

    subscript(name: String) -> Device? {
        devices[name]
    }

    /// Gives `name` a role, unless an earlier source already did.
    mutating func declare(_ name: String, role: InterfaceRole, origin: FieldReader) throws(CloudStackImportError) {
        guard Self.isValidName(name) else {
            throw origin.error("\"\(name)\" is not a device name such as eth2", code: .unknownReference)
        }
        if devices[name] == nil { devices[name] = Device(name: name, role: role, origin: origin) }
    }

    /// Marks `name` as the private gateway: a guest device whatever `ips` calls it.
    mutating func markPrivateGateway(_ name: String, origin: FieldReader) throws(CloudStackImportError) {
        try declare(name, role: .guest, origin: origin)
        devices[name]?.role = .guest
        devices[name]?.isPrivateGateway = true
    }

    /// Adds an address to a declared device.
    mutating func add(_ cidr: CIDR, to name: String) {
        devices[name]?.add(cidr)
    }

    /// Sets the device's MAC address unless one is set.
    mutating func setMAC(_ mac: MACAddress, of name: String) {
        if devices[name]?.mac == nil { devices[name]?.mac = mac }
    }

    /// Sets the device's gateway unless one is set.
    mutating func setGateway(_ gateway: InternetAddress, of name: String) {
        if devices[name]?.gateway == nil { devices[name]?.gateway = gateway }
    }

    /// Linux's rules for a device name, as the model checks them: 1-15 bytes, not `.` or `..`, no `/`, `:`,
    /// white space or control characters.
    static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return (1...15).contains(bytes.count) && name != "." && name != ".."
            && !bytes.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ":") || $0 <= 0x20 })
    }
}
