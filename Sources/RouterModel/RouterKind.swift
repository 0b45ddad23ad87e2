/// Which of the six legacy virtual routers a document amounts to, derived from the parts it holds (MODEL.md's
/// table). Only for display and for choosing an upgrade procedure: the compiler never branches on it.
public enum RouterKind: String, Hashable, Sendable, CaseIterable, Codable, CustomStringConvertible {
    /// One guest network with DHCP/DNS, no public interface, no NAT.
    case basicZoneDHCPServer
    /// Several guest networks with DHCP/DNS, no public interface, no NAT. (With one network it cannot be told
    /// from a basic-zone DHCP server, and is reported as one.)
    case sharedNetworkRouter
    /// One public interface and one guest network, a `firewall` list, no ACL.
    case vr
    /// A VR with two or more instances.
    case redundantVR
    /// One public interface and guest networks that each have an ACL, no `firewall` list.
    case vpc
    /// A VPC with two or more instances.
    case redundantVPC
    /// A mix of parts that none of the legacy kinds has (for example a VPC with a `firewall` list).
    case mixed

    /// The name operators know: `basic-zone DHCP server`, `shared-network router`, `VR`, `rVR`, `VPC`, `rVPC`,
    /// or `mixed`.
    public var displayName: String {
        switch self {
        case .basicZoneDHCPServer: return "basic-zone DHCP server"
        case .sharedNetworkRouter: return "shared-network router"
        case .vr: return "VR"
        case .redundantVR: return "rVR"
        case .vpc: return "VPC"
        case .redundantVPC: return "rVPC"
        case .mixed: return "mixed"
        }
    }

    /// The display name.
    public var description: String { displayName }
}
