/// The one change `vrc bench update` makes to each router.
public enum UpdateChange: String, CaseIterable, Codable, Sendable {
    /// One more port forward.
    case addPortForward = "add-port-forward"
    /// One ACL entry fewer (the middle one of the first network's ingress list).
    case removeACLEntry = "remove-acl-entry"

    /// The name in tables and pictures.
    public var title: String {
        switch self {
        case .addPortForward: "add one port forward"
        case .removeACLEntry: "remove one ACL entry"
        }
    }

    /// The change, made to a generator.
    func apply(to generator: inout RouterGenerator) {
        switch self {
        case .addPortForward: generator.extraForward = true
        case .removeACLEntry: generator.dropsACLEntry = true
        }
    }
}
