import RouterModel

/// The result of importing one CloudStack router: the document, the router type it came from, and what the
/// databags say that the document does not carry.
public struct CloudStackImport: Sendable {
    /// The `vrc.router/v1` document; it passed `RouterDocument.validate()`.
    public var document: RouterDocument
    /// The `cmdline` `type`.
    public var routerType: CloudStackRouterType
    /// Whether `cmdline` says `redundant_router`.
    public var redundant: Bool
    /// Everything not carried over as it is, in the order found.
    public var findings: [CloudStackFinding]

    /// Creates a result.
    public init(
        document: RouterDocument, routerType: CloudStackRouterType, redundant: Bool, findings: [CloudStackFinding]
    ) {
        self.document = document
        self.routerType = routerType
        self.redundant = redundant
        self.findings = findings
    }

    /// The findings that change what the router does: `--strict` refuses the import when there is one.
    public var notCarriedOver: [CloudStackFinding] {
        findings.filter { $0.severity == .notCarriedOver }
    }

    /// The router kind a CloudStack router of this type and redundancy is (MODEL.md's table).
    public var expectedKind: RouterKind {
        switch (routerType, redundant) {
        case (.router, false): return .vr
        case (.router, true): return .redundantVR
        case (.vpcRouter, false): return .vpc
        case (.vpcRouter, true): return .redundantVPC
        case (.dhcpServer, _):
            return document.networks.count > 1 ? .sharedNetworkRouter : .basicZoneDHCPServer
        }
    }
}
