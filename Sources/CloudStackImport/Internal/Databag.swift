/// One merged databag: the members of `/etc/cloudstack/<kind>.json` apart from `id`, each with the file it came
/// from (a folder's databag, or the incoming file merged over it).
internal struct Databag: Sendable {
    /// One member and where it was read.
    struct Member: Sendable {
        var value: JSONValue
        var file: String
    }

    /// The databag's `id` (`ips`, `cmdline`, ...).
    var kind: String
    /// The members by key.
    var members: [String: Member] = [:]

    /// The keys, in a stable order: numbers by value (firewall rule ids), then the rest by text.
    var sortedKeys: [String] {
        members.keys.sorted { lhs, rhs in
            switch (Int(lhs), Int(rhs)) {
            case (let left?, let right?): return left < right
            case (.some, .none): return true
            case (.none, .some): return false
            case (.none, .none): return lhs < rhs
            }
        }
    }

    /// The name findings give the databag: the file of its members (`vr/ips.json`), or `<kind>.json`.
    func file(of key: String? = nil) -> String {
        if let key, let member = members[key] { return member.file }
        return members.values.first?.file ?? "\(kind).json"
    }
}
