/// A location in a JSON document, written `$.interfaces[2].addresses[0]` (the root is `$`).
struct JSONPath: Hashable, Sendable, CustomStringConvertible {
    /// One step from a value to a value inside it.
    enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    var components: [Component]

    static let root = JSONPath(components: [])

    func key(_ key: String) -> JSONPath { JSONPath(components: components + [.key(key)]) }

    func index(_ index: Int) -> JSONPath { JSONPath(components: components + [.index(index)]) }

    mutating func append(_ component: Component) { components.append(component) }

    mutating func removeLast() { components.removeLast() }

    /// `.name` for keys that read as identifiers, `["web-tier"]` for any other key, `[3]` for indices.
    var description: String {
        var text = "$"
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key) where Self.isIdentifier(key):
                text += "." + key
            case .key(let key):
                text += "[" + JSONWriter.quoted(key) + "]"
            }
        }
        return text
    }

    private static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return key.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                return true
            default:
                return false
            }
        }
    }
}

extension JSONPath {
    /// Orders problems as the fields appear in a document written in MODEL.md's order, whatever the order of
    /// keys in the file: indices by number, known field names in the contract's order, other keys (network
    /// names, misspelt fields) after them by name.
    static func documentOrder(_ lhs: JSONPath, _ rhs: JSONPath) -> Bool {
        for (left, right) in zip(lhs.components, rhs.components) where left != right {
            switch (left, right) {
            case (.index(let a), .index(let b)):
                return a < b
            case (.key(let a), .key(let b)):
                let rankA = fieldRank[a] ?? Int.max
                let rankB = fieldRank[b] ?? Int.max
                return rankA != rankB ? rankA < rankB : a.utf8.lexicographicallyPrecedes(b.utf8)
            case (.index, .key):
                return true
            case (.key, .index):
                return false
            }
        }
        return lhs.components.count < rhs.components.count
    }

    /// Every field name of the contract, in an order that matches each object's order in MODEL.md.
    private static let fieldRank: [String: Int] = {
        let names = [
            "schema", "name", "softwareVersion", "redundancy", "instances", "virtualRouterId",
            "advertisementIntervalMs", "interfaces", "role", "network", "mac", "addresses", "gateway", "networks",
            "sourceNat", "services", "acl", "ingress", "egress", "defaultIngress", "defaultEgress", "number", "action",
            "publicAddress", "protocol", "ports", "icmpType", "icmpCode", "cidrs", "firewall", "portForwards",
            "publicPorts", "privateAddress", "privatePorts", "staticNats", "loadBalancers", "address", "port",
            "backends", "vpn", "staticRoutes", "destination", "via",
        ]
        return Dictionary(uniqueKeysWithValues: names.enumerated().map { ($0.element, $0.offset) })
    }()
}
