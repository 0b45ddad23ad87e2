extension RouterDocument {
    /// The guest interface that carries `network` (a key of `networks`), if any.
    public func guestInterface(forNetwork network: String) -> Interface? {
        interfaces.first { $0.role == .guest && $0.network == network }
    }

    /// The name of the guest network whose prefix holds `address`: where a port forward, static NAT or load
    /// balancer backend lives, and so whose ACL judges flows to it. Validation guarantees an answer for every
    /// such address of a decoded document (guest prefixes do not overlap).
    public func guestNetwork(containing address: InternetAddress) -> String? {
        interfaces.first { interface in
            interface.role == .guest && interface.addresses.contains { $0.contains(address) }
        }?.network
    }

    /// Every address of the `public` interfaces, in document order.
    public var publicAddresses: [InternetAddress] {
        interfaces.filter { $0.role == .public }.flatMap { $0.addresses.map(\.address) }
    }
}
