/// Why a CloudStack configuration could not be imported at all: a file that cannot be read or is not JSON, a
/// databag of the wrong shape, a value that is not what its key needs, or a document the model rejects.
///
/// ```text
/// vr/ips.json:14:7: malformed JSON: expected ',' or '}' after an object member
/// vr/ips.json: $.eth2[1].public_ip: "198.51.100" is not an IPv4 or IPv6 address
/// ```
///
/// Behaviour the model cannot express is not an error: it is a ``CloudStackFinding`` of the import.
public struct CloudStackImportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Code: String, Hashable, Sendable {
        /// A file or folder that cannot be read.
        case unreadable
        /// A file that is not well-formed JSON.
        case malformedJSON
        /// A databag or incoming file whose top level is not what CloudStack writes.
        case unexpectedShape
        /// No `cmdline.json` (or incoming `cmdline`) among the inputs: without it the router's type is unknown.
        case missingCommandLine
        /// A `cmdline` `type` that is none of `router`, `vpcrouter`, `dhcpsrvr`.
        case unsupportedRouterType
        /// A value that is not what its key needs (an address, a port range, a prefix length, ...).
        case invalidValue
        /// A reference to a device (`ethN`) or address the configuration does not define.
        case unknownReference
        /// The imported document breaks a rule of the router model.
        case invalidDocument
    }

    /// What kind of failure this is.
    public var code: Code
    /// The file, as given (`vr/ips.json`), or the folder.
    public var file: String
    /// The JSON path of the value at fault (`$.eth2[1].public_ip`), when there is one.
    public var key: String?
    /// The line and column in `file`, for malformed JSON.
    public var line: Int?
    /// The column in `file`, from 1.
    public var column: Int?
    /// What is wrong and why.
    public var message: String

    /// Creates an error.
    public init(
        _ code: Code, file: String, key: String? = nil, line: Int? = nil, column: Int? = nil, message: String
    ) {
        self.code = code
        self.file = file
        self.key = key
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file[:line:column]: [key: ]message`.
    public var description: String {
        var location = file
        if let line, let column { location += ":\(line):\(column)" }
        if let key { location += ": \(key)" }
        return "\(location): \(message)"
    }
}
