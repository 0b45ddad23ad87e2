import Foundation
import RouterModel

/// VPC network ACLs, from `networkacl`: per tier, inbound rules that end in DROP and outbound rules that leave
/// the rest open (CLOUDSTACK.md).
extension DocumentAssembler {
    mutating func networkACL(_ device: String) throws(CloudStackImportError) -> NetworkACL {
        var acl = NetworkACL(ingress: [], egress: [], defaultIngress: .deny, defaultEgress: .allow)
        guard let member = bags["networkacl"].members[device] else { return acl }
        let reader = FieldReader(file: member.file, path: KeyPath.root.key(device))
        guard let object = member.value.object else {
            throw reader.error("must be an ACL object", code: .unexpectedShape)
        }
        acl.ingress = try aclRules(object["ingress_rules"], reader.key("ingress_rules"))
        acl.egress = try aclRules(object["egress_rules"], reader.key("egress_rules"))
        return acl
    }

    /// One direction's rules in evaluation order: by their `number` when every rule has one (newer versions),
    /// else as listed.
    private mutating func aclRules(_ value: JSONValue?, _ reader: FieldReader) throws(CloudStackImportError)
        -> [ACLRule]
    {
        guard let value, !value.isEmpty else { return [] }
        guard let items = value.array else { throw reader.error("must be an array of rules", code: .unexpectedShape) }
        var numbered: [(number: Int?, position: Int, rule: ACLRule)] = []
        for (index, item) in items.enumerated() {
            let itemReader = reader.index(index)
            guard let object = item.object else {
                throw itemReader.error("must be a rule object", code: .unexpectedShape)
            }
            var number: Int?
            for key in ["number", "rule_number"] {
                guard let raw = object[key], !raw.isEmpty else { continue }
                guard let value = raw.integer, (1...Int(Int32.max)).contains(value) else {
                    throw itemReader.key(key).error("\(raw.shown) is not a rule number 1-2147483647")
                }
                number = value
            }
            guard let rule = try aclRule(object, itemReader) else { continue }
            numbered.append((number, index, rule))
        }
        let numbers = numbered.compactMap(\.number)
        let useNumbers = numbers.count == numbered.count && Set(numbers).count == numbers.count
        if !numbers.isEmpty, !useNumbers {
            findings.append(
                reader.finding(
                    .note, "rule numbers are missing or repeated; the rules are evaluated in the order they are listed")
            )
        }
        let ordered = useNumbers ? numbered.sorted { $0.number! < $1.number! } : numbered
        return ordered.enumerated().map { position, entry in
            var rule = entry.rule
            rule.number = useNumbers ? entry.number! : position + 1
            return rule
        }
    }

    /// One rule; `nil` when it cannot be expressed (reported).
    private mutating func aclRule(_ object: [String: JSONValue], _ reader: FieldReader) throws(CloudStackImportError)
        -> ACLRule?
    {
        guard let allowedValue = object["allowed"] else {
            throw reader.key("allowed").error("is missing: true or false", code: .unexpectedShape)
        }
        guard let allowed = allowedValue.flag else {
            throw reader.key("allowed").error("\(allowedValue.shown) is neither true nor false")
        }
        let cidrs = try reader.key("cidr").prefixList(object["cidr"] ?? object["source_cidr_list"])
        guard !cidrs.isEmpty else {
            throw reader.key("cidr").error("is missing or empty: the remote prefix the rule matches")
        }
        let match = try trafficMatch(object, typeKey: "type", reader)
        return ACLRule(
            number: 1, action: allowed ? .allow : .deny, protocol: match.protocolSpec, ports: match.ports,
            icmpType: match.icmpType, icmpCode: match.icmpCode, cidrs: cidrs)
    }

    /// The protocol part of an ACL or firewall rule: `type` (or `protocol`) `tcp`/`udp` with `first_port`,
    /// `last_port` (or `src_port_range`), `icmp` with `icmp_type`/`icmp_code` (-1 any), `all`, or `protocol`
    /// with a number.
    func trafficMatch(
        _ object: [String: JSONValue], typeKey: String, _ reader: FieldReader
    ) throws(CloudStackImportError) -> (protocolSpec: IPProtocolSpec, ports: PortRange?, icmpType: Int?, icmpCode: Int?)
    {
        var protocolSpec: IPProtocolSpec
        let typeValue = object[typeKey]
        if typeValue?.text?.lowercased() == "protocol" {
            guard let number = object["protocol"] else {
                throw reader.key("protocol").error("is missing for a rule of type protocol")
            }
            protocolSpec = try reader.key("protocol").ipProtocol(number)
        } else if let typeValue, !typeValue.isEmpty {
            protocolSpec = try reader.key(typeKey).ipProtocol(typeValue)
        } else if let value = object["protocol"], !value.isEmpty {
            protocolSpec = try reader.key("protocol").ipProtocol(value)
        } else {
            throw reader.key(typeKey).error("is missing: tcp, udp, icmp, all or protocol")
        }
        var ports: PortRange?
        var icmpType: Int?
        var icmpCode: Int?
        switch protocolSpec {
        case .tcp, .udp:
            if let first = object["first_port"], !first.isEmpty, first.integer != -1 {
                let last = object["last_port"].flatMap { $0.isEmpty || $0.integer == -1 ? nil : $0 } ?? first
                ports = try reader.key("first_port").portRange(.array([first, last]))
            } else if let range = object["src_port_range"], !range.isEmpty {
                ports = try reader.key("src_port_range").portRange(range)
            }
        case .icmp, .icmpv6:
            icmpType = try reader.key("icmp_type").icmpValue(object["icmp_type"])
            icmpCode = try reader.key("icmp_code").icmpValue(object["icmp_code"])
            if icmpType == nil, icmpCode != nil {
                throw reader.key("icmp_code").error("an ICMP code needs an ICMP type")
            }
        default:
            break
        }
        return (protocolSpec, ports, icmpType, icmpCode)
    }
}
