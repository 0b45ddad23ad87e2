/// The names of the table's sets and chains. Everything per network starts with `acl_`, so that no network name
/// can collide with the fixed names; the rest of a per-network name cannot end like another network's name
/// either, because its suffix has exactly one direction word, right after the network name.
internal enum Names {
    // Base chains.
    static let prerouting = "prerouting"
    static let input = "input"
    static let forward = "forward"
    static let postrouting = "postrouting"

    // Regular chains.
    static let publicGate = "public_gate"
    static let firewall = "firewall"

    /// The chain that picks one of `count` backends at random.
    static func balancerPick(_ count: Int) -> String { "lb_pick_\(count)" }
    /// The chain that translates to the backend at `index` of each balancer.
    static func balancerBackend(_ index: Int) -> String { "lb_backend_\(index)" }

    // Interface classes.
    static let publicInterfaces = "public_interfaces"
    static let guestInterfaces = "guest_interfaces"
    static let controlInterfaces = "control_interfaces"
    static let vrrpInterfaces = "vrrp_interfaces"

    // Input.
    static let guestServices = "guest_services"
    static func metadata(_ suffix: String) -> String { "metadata\(suffix)" }
    static func ipsec(_ suffix: String) -> String { "ipsec\(suffix)" }

    // Public gate.
    static func firewall(_ shape: TrafficShape, _ suffix: String) -> String { "firewall_\(shape.rawValue)\(suffix)" }
    static func ungated(_ suffix: String) -> String { "ungated\(suffix)" }

    // Forward dispatch.
    static let forwardFrom = "forward_from"
    static let forwardTo = "forward_to"
    static let forwardPaths = "forward_paths"

    // Destination and source NAT.
    static func portForwards(_ suffix: String) -> String { "port_forwards\(suffix)" }
    static func portForwardRanges(_ suffix: String) -> String { "port_forward_ranges\(suffix)" }
    static func staticNAT(_ suffix: String) -> String { "static_nat\(suffix)" }
    static func staticNATOut(_ suffix: String) -> String { "static_nat_out\(suffix)" }
    static func sourceNAT(_ suffix: String) -> String { "source_nat\(suffix)" }
    static func loadBalancers(_ suffix: String) -> String { "load_balancers\(suffix)" }
    static func balancerBackends(_ index: Int, _ suffix: String) -> String { "lb_backend_\(index)_\(suffix)" }

    // ACLs.
    /// The chain of one ACL list of a network: `acl_web_ingress`.
    static func acl(_ network: String, _ direction: ACLDirection) -> String {
        "acl_\(network)_\(direction.rawValue)"
    }

    /// The remote prefixes an ACL list names, for one family: `acl_web_egress_remotes4`.
    static func aclRemotes(_ network: String, _ direction: ACLDirection, _ suffix: String) -> String {
        "\(acl(network, direction))_remotes\(suffix)"
    }

    /// The set of one run of an ACL list, for one key shape and family: `acl_web_ingress_0_ports4`.
    static func aclRun(_ network: String, _ direction: ACLDirection, run: Int, _ shape: TrafficShape, _ suffix: String)
        -> String
    {
        "\(acl(network, direction))_\(run)_\(shape.rawValue)\(suffix)"
    }
}
