/// The router types CloudStack's `cmdline` names, each of which the import maps onto the one router model.
public enum CloudStackRouterType: String, Hashable, Sendable, CaseIterable, Codable {
    /// An isolated network's virtual router (VR, or rVR when redundant): guest on eth0, control on eth1, public
    /// on eth2.
    case router
    /// A VPC's router (VPC or rVPC): control on eth0; public devices and tiers from `ips.json`,
    /// `guestnetwork.json` and `networkacl.json`.
    case vpcRouter = "vpcrouter"
    /// A basic zone's or shared network's DHCP server: guest on eth0, control on eth1, no NAT.
    case dhcpServer = "dhcpsrvr"
}
