import Foundation

/// JSON written with the keys of every object in a random order, and the lists that MODEL.md calls unordered
/// (forwards, NATs, balancers and their backends, firewall and ACL entries, interfaces, services, prefixes)
/// shuffled too.
enum ShuffledJSON {
    static let unorderedLists: Set<String> = [
        "interfaces", "portForwards", "staticNats", "loadBalancers", "backends", "firewall", "ingress", "egress",
        "services", "cidrs", "staticRoutes",
    ]

    static func write(_ value: Any, key: String? = nil, using random: inout SeededGenerator) -> String {
        switch value {
        case let object as [String: Any]:
            let members = object.keys.sorted().shuffled(using: &random).map { name in
                "\(string(name)): \(write(object[name]!, key: name, using: &random))"
            }
            return "{" + members.joined(separator: ", ") + "}"
        case let array as [Any]:
            var items = array.map { write($0, using: &random) }
            if let key, unorderedLists.contains(key) { items.shuffle(using: &random) }
            return "[" + items.joined(separator: ", ") + "]"
        case let text as String:
            return string(text)
        case is NSNull:
            return "null"
        case let number as NSNumber:
            return number.stringValue
        default:
            fatalError("unexpected JSON value \(value)")
        }
    }

    static func string(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            default:
                if scalar.value < 0x20 {
                    result += String(format: "\\u%04x", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
