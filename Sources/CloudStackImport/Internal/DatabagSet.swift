import Foundation
import RouterModel

/// The databags of one router, read from folders of merged databags (a copy of `/etc/cloudstack/`) and from
/// single files: merged databags (`"id"`) or incoming files as they arrive in `/var/cache/cloud/` (`"type"`),
/// merged in the order given the way the router's `merge.py` does.
internal struct DatabagSet: Sendable {
    /// The databags by kind.
    private(set) var databags: [String: Databag] = [:]
    /// Files and incoming types that were read but are not part of the router model.
    private(set) var findings: [CloudStackFinding] = []

    /// The databag of `kind`, or an empty one.
    subscript(kind: String) -> Databag {
        databags[kind] ?? Databag(kind: kind)
    }

    /// Whether a databag of `kind` was read.
    func contains(_ kind: String) -> Bool {
        databags[kind] != nil
    }

    /// Reads every path: a folder contributes its `*.json` files by name, a file itself.
    static func load(paths: [String]) throws(CloudStackImportError) -> DatabagSet {
        var set = DatabagSet()
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw CloudStackImportError(.unreadable, file: path, message: "no such file or folder")
            }
            if isFolder.boolValue {
                let names: [String]
                do {
                    names = try FileManager.default.contentsOfDirectory(atPath: path)
                } catch {
                    throw CloudStackImportError(.unreadable, file: path, message: "cannot list the folder")
                }
                let files = names.filter { $0.hasSuffix(".json") }.sorted()
                if files.isEmpty {
                    throw CloudStackImportError(
                        .unreadable, file: path,
                        message: "holds no .json databags (expected a copy of /etc/cloudstack/)")
                }
                for name in files {
                    let file = path.hasSuffix("/") ? path + name : path + "/" + name
                    try set.add(file: file, data: read(file))
                }
            } else {
                try set.add(file: path, data: read(path))
            }
        }
        return set
    }

    /// Reads `file`, up to 64 MiB (a router's databags are kilobytes).
    private static func read(_ file: String) throws(CloudStackImportError) -> Data {
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw CloudStackImportError(.unreadable, file: file, message: "cannot be opened for reading")
        }
        defer { try? handle.close() }
        let limit = 64 << 20
        let data: Data
        do {
            data = try handle.read(upToCount: limit + 1) ?? Data()
        } catch {
            throw CloudStackImportError(.unreadable, file: file, message: "cannot be read: \(error)")
        }
        guard data.count <= limit else {
            throw CloudStackImportError(.unreadable, file: file, message: "is larger than 64 MiB; not a databag")
        }
        return data
    }

    /// Adds one file's contents: a merged databag or an incoming file.
    mutating func add(file: String, data: Data) throws(CloudStackImportError) {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            if let problem = JSONSyntax.firstError(in: data) {
                throw CloudStackImportError(
                    .malformedJSON, file: file, line: problem.line, column: problem.column,
                    message: "malformed JSON: \(problem.message)")
            }
            // Well-formed JSON that Foundation's reader still refuses: a number beyond a 64-bit float. The reader
            // does not say where.
            throw CloudStackImportError(
                .invalidValue, file: file, key: KeyPath.root.description,
                message: "holds a value no databag has (a number too large for a 64-bit float?)")
        }
        guard let members = root.object else {
            throw CloudStackImportError(
                .unexpectedShape, file: file, key: "$",
                message:
                    "a databag is a JSON object with an \"id\" (or an incoming file with a \"type\"), found \(root.shown)"
            )
        }
        if let id = members["id"] {
            guard let kind = id.text, !kind.isEmpty else {
                throw CloudStackImportError(
                    .unexpectedShape, file: file, key: "$.id", message: "must name the databag, found \(id.shown)")
            }
            var databag = self[kind]
            for (key, value) in members where key != "id" {
                databag.members[key] = Databag.Member(value: value, file: file)
            }
            databags[kind] = databag
        } else if let type = members["type"] {
            guard let kind = type.text, !kind.isEmpty else {
                throw CloudStackImportError(
                    .unexpectedShape, file: file, key: "$.type", message: "must name the kind, found \(type.shown)")
            }
            try mergeIncoming(kind: kind, members: members, file: file)
        } else {
            throw CloudStackImportError(
                .unexpectedShape, file: file, key: "$",
                message: "has neither \"id\" (a merged databag) nor \"type\" (an incoming file)")
        }
    }
}

extension DatabagSet {
    /// Merges an incoming file into the databag it updates.
    private mutating func mergeIncoming(
        kind: String, members: [String: JSONValue], file: String
    ) throws(CloudStackImportError) {
        switch kind {
        case "cmdline":
            let config = try Self.required(members, "cmd_line", file: file).object
            guard let config else {
                throw CloudStackImportError(
                    .unexpectedShape, file: file, key: "$.cmd_line", message: "must be an object")
            }
            var databag = self["cmdline"]
            var merged = databag.members["config"]?.value.object ?? [:]
            merged.merge(config) { $1 }
            databag.members["config"] = Databag.Member(value: .object(merged), file: file)
            databags["cmdline"] = databag
        case "ips":
            let list = try Self.list(members, "ip_address", file: file)
            var databag = self["ips"]
            for (index, entry) in list.enumerated() {
                guard let object = entry.object else {
                    throw CloudStackImportError(
                        .unexpectedShape, file: file, key: "$.ip_address[\(index)]", message: "must be an object")
                }
                let device: String
                if let named = object["device"]?.text, !named.isEmpty {
                    device = named
                } else if let number = object["nic_dev_id"]?.integer {
                    device = "eth\(number)"
                } else {
                    throw CloudStackImportError(
                        .unexpectedShape, file: file, key: "$.ip_address[\(index)]",
                        message: "names no device (\"device\" or \"nic_dev_id\")")
                }
                var entries = databag.members[device]?.value.array ?? []
                entries.removeAll { $0.object?["public_ip"] == object["public_ip"] }
                if object["add"]?.flag != false { entries.append(entry) }
                databag.members[device] = Databag.Member(value: .array(entries), file: file)
            }
            databags["ips"] = databag
        case "guestnetwork", "networkacl":
            guard let device = members["device"]?.text, !device.isEmpty else {
                throw CloudStackImportError(
                    .unexpectedShape, file: file, key: "$.device", message: "an incoming \(kind) names its device")
            }
            var databag = self[kind]
            var value = members
            value["type"] = nil
            if kind == "guestnetwork" {
                if members["add"]?.flag == false {
                    databag.members[device] = nil
                } else {
                    databag.members[device] = Databag.Member(value: .array([.object(value)]), file: file)
                }
            } else {
                databag.members[device] = Databag.Member(value: .object(value), file: file)
            }
            databags[kind] = databag
        case "firewallrules":
            let list = try Self.list(members, "rules", file: file)
            var databag = self["firewallrules"]
            for (index, rule) in list.enumerated() {
                guard let object = rule.object, let id = object["id"]?.text else {
                    throw CloudStackImportError(
                        .unexpectedShape, file: file, key: "$.rules[\(index)]",
                        message: "a rule is an object with an id")
                }
                if object["revoked"]?.flag == true {
                    databag.members[id] = nil
                } else {
                    databag.members[id] = Databag.Member(value: rule, file: file)
                }
            }
            databags["firewallrules"] = databag
        case "forwardrules", "staticnatrules":
            let list = try Self.list(members, "rules", file: file)
            var databag = self["forwardingrules"]
            for (index, rule) in list.enumerated() {
                let key = "$.rules[\(index)]"
                guard let object = rule.object, let publicIP = object["source_ip_address"]?.text,
                    let privateIP = object["destination_ip_address"]?.text
                else {
                    throw CloudStackImportError(
                        .unexpectedShape, file: file, key: key,
                        message: "a rule is an object with source_ip_address and destination_ip_address")
                }
                var entry: [String: JSONValue] = [
                    "public_ip": .string(publicIP), "internal_ip": .string(privateIP),
                    "type": .string(kind == "staticnatrules" ? "staticnat" : "forward"),
                ]
                if kind == "forwardrules" {
                    entry["public_ports"] = object["source_port_range"]
                    entry["internal_ports"] = object["destination_port_range"]
                    entry["protocol"] = object["protocol"]
                    entry["source_cidr_list"] = object["source_cidr_list"]
                }
                var entries = databag.members[publicIP]?.value.array ?? []
                let same: (JSONValue) -> Bool = { existing in
                    guard let existing = existing.object else { return false }
                    return ["type", "internal_ip", "public_ports", "internal_ports", "protocol"].allSatisfy {
                        existing[$0]?.text == entry[$0]?.text
                    }
                }
                entries.removeAll(where: same)
                if object["revoke"]?.flag != true { entries.append(.object(entry)) }
                databag.members[publicIP] = Databag.Member(value: .array(entries), file: file)
            }
            databags["forwardingrules"] = databag
        default:
            findings.append(
                CloudStackFinding(
                    .note, databag: file, key: "$.type",
                    reason: "an incoming \"\(kind)\" file is not part of the router model; not read"))
        }
    }

    private static func required(
        _ members: [String: JSONValue], _ key: String, file: String
    ) throws(CloudStackImportError) -> JSONValue {
        guard let value = members[key] else {
            throw CloudStackImportError(.unexpectedShape, file: file, key: "$", message: "has no \"\(key)\"")
        }
        return value
    }

    private static func list(
        _ members: [String: JSONValue], _ key: String, file: String
    ) throws(CloudStackImportError) -> [JSONValue] {
        guard let items = try required(members, key, file: file).array else {
            throw CloudStackImportError(.unexpectedShape, file: file, key: "$.\(key)", message: "must be an array")
        }
        return items
    }
}
