extension RouterDocument {
    /// The legacy kind the document amounts to.
    ///
    /// - no public interface, no NAT, no `firewall`, no ACL, one instance, every network offering `dhcp` or
    ///   `dns`: a basic-zone DHCP server with one guest network, a shared-network router with several;
    /// - one public interface, one guest network, a `firewall` list (even `[]`) and no ACL, or an ACL that only
    ///   filters outbound traffic (no ingress rules, ingress allowed by default: a VR's egress rules): a VR;
    /// - one public interface, no `firewall` list, and an ACL on every guest network: a VPC;
    /// - VR and VPC with `redundancy.instances` >= 2: rVR and rVPC;
    /// - anything else: `mixed`.
    public var kind: RouterKind {
        let publicCount = interfaces.filter { $0.role == .public }.count
        let aclCount = networks.values.filter { $0.acl != nil }.count
        let inboundACLCount = networks.values.filter { $0.acl.map(Self.filtersInbound) ?? false }.count
        let redundant = redundancy?.isRedundant ?? false
        switch publicCount {
        case 0:
            let hasNAT =
                networks.values.contains { $0.sourceNat != nil } || !portForwards.isEmpty
                || !staticNats.isEmpty || !loadBalancers.isEmpty
            let offersDHCPOrDNS = networks.values.allSatisfy { !$0.services.isDisjoint(with: [.dhcp, .dns]) }
            guard !hasNAT, firewall == nil, aclCount == 0, !redundant, vpn == nil, offersDHCPOrDNS else {
                return .mixed
            }
            switch networks.count {
            case 0: return .mixed
            case 1: return .basicZoneDHCPServer
            default: return .sharedNetworkRouter
            }
        case 1:
            if networks.count == 1, firewall != nil, inboundACLCount == 0 {
                return redundant ? .redundantVR : .vr
            }
            if !networks.isEmpty, firewall == nil, aclCount == networks.count {
                return redundant ? .redundantVPC : .vpc
            }
            return .mixed
        default:
            return .mixed
        }
    }

    /// Whether an ACL decides anything about flows into its network; an ACL with no ingress rules that allows
    /// ingress by default is how a VR's egress rules are written.
    private static func filtersInbound(_ acl: NetworkACL) -> Bool {
        !acl.ingress.isEmpty || acl.defaultIngress == .deny
    }
}
