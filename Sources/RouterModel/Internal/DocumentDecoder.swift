/// Reads a whole document: first each part on its own terms (types, ranges, local rules), then the rules that
/// tie parts together (`DocumentValidator`), then builds the `RouterDocument` when nothing was wrong.
enum DocumentDecoder {
    static let fieldNames = [
        "schema", "name", "softwareVersion", "redundancy", "interfaces", "networks", "firewall", "portForwards",
        "staticNats", "loadBalancers", "vpn", "staticRoutes",
    ]

    static func decode(root: JSONNode, source: String, locator: TextPosition.Locator?)
        -> Result<RouterDocument, RouterModelError>
    {
        var reader = ModelReader()
        if let partial = read(&reader, root) {
            DocumentValidator(partial).validate(&reader)
            if reader.problems.isEmpty {
                if let document = partial.document { return .success(document) }
                // Unreachable: a part that failed to read always reported a problem.
                reader.report("the document could not be read")
            }
        }
        return .failure(
            RouterModelError(source: source, problems: reader.finishedProblems(root: root, locator: locator)))
    }

    /// The parts of the document; `nil` when it is not an object or not a `vrc.router/v1` document, where
    /// looking further would only produce noise.
    static func read(_ reader: inout ModelReader, _ root: JSONNode) -> PartialDocument? {
        guard let members = root.members else {
            reader.report("expected an object (a \(RouterDocument.schema) document), found \(root.kindDescription)")
            return nil
        }
        guard let schema = JSONObjectView(members: members)["schema"] else {
            reader.report(
                "required field is missing; a router document starts with \"schema\": \"\(RouterDocument.schema)\"",
                at: .key("schema"))
            return nil
        }
        guard case .string(let schemaName) = schema.value, schemaName == RouterDocument.schema else {
            let found =
                if case .string(let text) = schema.value { text.quotedForMessage } else { schema.kindDescription }
            reader.report("unknown schema \(found); this version reads \(RouterDocument.schema)", at: .key("schema"))
            return nil
        }
        guard let object = reader.object(root, expected: "an object", fields: fieldNames) else { return nil }

        var partial = PartialDocument()
        partial.name = reader.required(object, "name") { $0.text($1, PartialDocument.parseName) }
        partial.softwareVersion = reader.required(object, "softwareVersion") {
            $0.text($1, PartialDocument.parseSoftwareVersion)
        }
        partial.redundancy = reader.optional(object, "redundancy", Redundancy.read)
        let problemsBeforeInterfaces = reader.problems.count
        partial.interfaces = reader.required(object, "interfaces") { reader, node -> [Interface?]? in
            let interfaces = reader.array(node, expected: "an array of interfaces", Interface.read)
            if interfaces?.isEmpty == true { reader.report("must hold at least one interface") }
            return interfaces
        }
        partial.interfacesExact = reader.problems.count == problemsBeforeInterfaces
        partial.networks = reader.required(object, "networks", readNetworks)
        partial.firewall = reader.optional(object, "firewall") {
            $0.array($1, expected: "an array of firewall rules", FirewallRule.read)
        }
        partial.portForwards = list(&reader, object, "portForwards", "port forwards", PortForward.read)
        partial.staticNats = list(&reader, object, "staticNats", "static NATs", StaticNAT.read)
        partial.loadBalancers = list(&reader, object, "loadBalancers", "load balancers", LoadBalancer.read)
        partial.vpn = reader.optional(object, "vpn", VPN.read)
        partial.staticRoutes = list(&reader, object, "staticRoutes", "static routes", StaticRoute.read)
        return partial
    }

    /// An optional array where absent means empty; `nil` when it is not an array.
    private static func list<T>(
        _ reader: inout ModelReader, _ object: JSONObjectView, _ key: String, _ what: String,
        _ read: (inout ModelReader, JSONNode) -> T?
    ) -> [T?]? {
        switch reader.optional(object, key, { $0.array($1, expected: "an array of \(what)", read) }) {
        case .absent: return []
        case .invalid: return nil
        case .present(let items): return items
        }
    }

    private static func readNetworks(_ reader: inout ModelReader, _ node: JSONNode) -> [PartialDocument.NamedNetwork]? {
        guard let members = node.members else {
            reader.report("expected an object of guest networks by name, found \(node.kindDescription)")
            return nil
        }
        reader.reportRepeatedKeys(members, message: "the network is defined more than once")
        var seen = Set<String>()
        var networks: [PartialDocument.NamedNetwork] = []
        for member in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) })
        where seen.insert(member.key).inserted {
            let network = reader.descend(into: .key(member.key)) { reader -> GuestNetwork? in
                if case .failure(let error) = PartialDocument.parseName(member.key) {
                    reader.report("not a valid network name: \(error.message)")
                }
                return GuestNetwork.read(&reader, member.value)
            }
            networks.append(PartialDocument.NamedNetwork(name: member.key, network: network))
        }
        return networks
    }
}

/// The parts of a document as far as they could be read: `nil` where a part was wrong (a problem was reported),
/// list elements `nil` where that element was wrong, so that indices stay those of the document.
struct PartialDocument {
    struct NamedNetwork {
        var name: String
        var network: GuestNetwork?
    }

    var name: String?
    var softwareVersion: String?
    var redundancy: Field<Redundancy> = .absent
    /// Interfaces as far as they could be read; one with a problem of its own may still be here (see
    /// `interfacesExact`).
    var interfaces: [Interface?]?
    /// No problem was found inside `interfaces`, so the addresses and roles read are all there are.
    var interfacesExact = false
    var networks: [NamedNetwork]?
    var firewall: Field<[FirewallRule?]> = .absent
    var portForwards: [PortForward?]? = []
    var staticNats: [StaticNAT?]? = []
    var loadBalancers: [LoadBalancer?]? = []
    var vpn: Field<VPN> = .absent
    var staticRoutes: [StaticRoute?]? = []

    /// The document, when every part was read.
    var document: RouterDocument? {
        guard let name, let softwareVersion, let interfaces = Self.complete(interfaces), let networks,
            let portForwards = Self.complete(portForwards), let staticNats = Self.complete(staticNats),
            let loadBalancers = Self.complete(loadBalancers), let staticRoutes = Self.complete(staticRoutes)
        else { return nil }
        var networksByName: [String: GuestNetwork] = [:]
        for entry in networks {
            guard let network = entry.network else { return nil }
            networksByName[entry.name] = network
        }
        var firewallRules: [FirewallRule]?
        switch firewall {
        case .absent: firewallRules = nil
        case .invalid: return nil
        case .present(let rules):
            guard let rules = Self.complete(rules) else { return nil }
            firewallRules = rules
        }
        if case .invalid = redundancy { return nil }
        if case .invalid = vpn { return nil }
        return RouterDocument(
            name: name, softwareVersion: softwareVersion, redundancy: redundancy.value, interfaces: interfaces,
            networks: networksByName, firewall: firewallRules, portForwards: portForwards, staticNats: staticNats,
            loadBalancers: loadBalancers, vpn: vpn.value, staticRoutes: staticRoutes)
    }

    private static func complete<T>(_ items: [T?]?) -> [T]? {
        guard let items else { return nil }
        let valid = items.compactMap { $0 }
        return valid.count == items.count ? valid : nil
    }

    /// A router or network name: 1-64 of `A-Z a-z 0-9 _ . -`.
    static func parseName(_ text: String) -> Result<String, FieldError> {
        guard !text.isEmpty else { return .failure(FieldError("a name needs 1 to 64 characters, found \"\"")) }
        let count = text.unicodeScalars.count
        guard count <= 64 else {
            return .failure(FieldError("\(text.quotedForMessage) is \(count) characters long; the limit is 64"))
        }
        if let bad = text.unicodeScalars.first(where: { !isNameCharacter($0) }) {
            let character = String(bad).quotedForMessage
            return .failure(
                FieldError("\(text.quotedForMessage) contains \(character); a name holds only A-Z a-z 0-9 _ . -"))
        }
        return .success(text)
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", ".", "-": return true
        default: return false
        }
    }

    /// Dotted numbers: `4.20.1`.
    static func parseSoftwareVersion(_ text: String) -> Result<String, FieldError> {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let valid = parts.allSatisfy { part in
            (1...9).contains(part.utf8.count)
                && part.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }
        guard valid else {
            return .failure(FieldError("expected dotted numbers such as 4.20.1, found \(text.quotedForMessage)"))
        }
        return .success(text)
    }
}
