/// Something a CloudStack configuration says that the import did not carry over as it is, named by databag, key
/// and reason.
///
/// ```text
/// forwardingrules.json: $["198.51.100.12"][0].source_cidr_list: a VPC has no public gate to narrow a port
/// forward's sources; the forward is left out
/// ```
public struct CloudStackFinding: Hashable, Sendable, CustomStringConvertible {
    /// How much the finding matters.
    public enum Severity: String, Hashable, Sendable, Codable {
        /// Router behaviour that the document does not carry: `--strict` refuses the import.
        case notCarriedOver = "not-carried-over"
        /// Information only: something outside the model's scope (VM data, DHCP host entries) or handled
        /// differently with the same effect.
        case note
    }

    /// How much it matters.
    public var severity: Severity
    /// The databag (`forwardingrules.json`) or incoming file.
    public var databag: String
    /// The JSON path of the key inside it (`$["198.51.100.12"][0].source_cidr_list`), or `$` for the whole file.
    public var key: String
    /// What was not carried over, and why.
    public var reason: String

    /// Creates a finding.
    public init(_ severity: Severity, databag: String, key: String, reason: String) {
        self.severity = severity
        self.databag = databag
        self.key = key
        self.reason = reason
    }

    /// `databag: key: reason`.
    public var description: String { "\(databag): \(key): \(reason)" }
}
