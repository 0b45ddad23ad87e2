import Foundation
import RouterModel

/// Imports a CloudStack virtual router's configuration (the JSON "databags" its management server sends) into
/// one `vrc.router/v1` document.
///
/// Give it a copy of the router's `/etc/cloudstack/` folder, single databag files, or incoming files as they
/// arrive in `/var/cache/cloud/` (merged over the databags in the order given):
///
/// ```swift
/// let result = try CloudStackImporter().importConfiguration(at: ["backup/r-10-VM/etc/cloudstack"])
/// print(result.document.kind.displayName)   // "VR"
/// for finding in result.notCarriedOver { print(finding) }
/// ```
///
/// Every router type maps onto the one model: `router` (VR and rVR), `vpcrouter` (VPC and rVPC) and `dhcpsrvr`
/// (basic zone and shared network). What the model cannot express is listed as a ``CloudStackFinding``; input
/// that is not a CloudStack configuration throws ``CloudStackImportError``.
public struct CloudStackImporter: Sendable {
    /// Creates an importer.
    public init() {}

    /// Reads `paths` (folders of databags and single files, in order) and builds the document.
    public func importConfiguration(at paths: [String]) throws(CloudStackImportError) -> CloudStackImport {
        var assembler = DocumentAssembler(bags: try DatabagSet.load(paths: paths))
        return try assembler.assemble()
    }

    /// Builds the document from files already read: `(name, contents)` in the order to merge them.
    public func importConfiguration(files: [(name: String, contents: Data)]) throws(CloudStackImportError)
        -> CloudStackImport
    {
        var bags = DatabagSet()
        for file in files { try bags.add(file: file.name, data: file.contents) }
        var assembler = DocumentAssembler(bags: bags)
        return try assembler.assemble()
    }
}
