/// Which list of a network's ACL: traffic into the network, or out of it.
internal enum ACLDirection: String, CaseIterable {
    case ingress
    case egress
}
