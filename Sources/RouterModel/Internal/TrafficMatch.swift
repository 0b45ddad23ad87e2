/// The fields an ACL rule and a firewall rule share: which traffic they match.
struct TrafficMatch {
    static let fieldNames = ["protocol", "ports", "icmpType", "icmpCode", "cidrs"]

    var protocolSpec: IPProtocolSpec
    var ports: PortRange?
    var icmpType: Int?
    var icmpCode: Int?
    var cidrs: [CIDR]

    /// Reads the fields from `object`, checking that ports go with tcp/udp, ICMP type and code with
    /// icmp/icmpv6, and CIDRs with the family an ICMP protocol runs over.
    static func read(_ reader: inout ModelReader, _ object: JSONObjectView) -> TrafficMatch? {
        let protocolSpec = reader.required(object, "protocol", IPProtocolSpec.read)
        let ports = reader.optional(object, "ports", PortRange.read)
        let icmpType = reader.optional(object, "icmpType") { $0.integer($1, in: 0...255) }
        let icmpCode = reader.optional(object, "icmpCode") { $0.integer($1, in: 0...255) }
        let cidrs = reader.required(object, "cidrs") { reader, node -> [CIDR?]? in
            let cidrs = reader.array(node, expected: "an array of CIDRs", CIDR.readPrefix)
            if cidrs?.isEmpty == true { reader.report("must hold at least one CIDR (0.0.0.0/0 or ::/0 for any)") }
            return cidrs
        }
        if let protocolSpec {
            if ports.isPresent, !protocolSpec.carriesPorts {
                reader.report("ports need protocol tcp or udp, not \(protocolSpec)", at: .key("ports"))
            }
            if !protocolSpec.carriesICMPType {
                if icmpType.isPresent {
                    reader.report("icmpType needs protocol icmp or icmpv6, not \(protocolSpec)", at: .key("icmpType"))
                }
                if icmpCode.isPresent {
                    reader.report("icmpCode needs protocol icmp or icmpv6, not \(protocolSpec)", at: .key("icmpCode"))
                }
            }
            if let family = protocolSpec.family, let cidrs {
                for (index, cidr) in cidrs.enumerated() {
                    guard let cidr, cidr.family != family else { continue }
                    reader.descend(into: .key("cidrs")) {
                        $0.report(
                            "\(cidr) is \(cidr.family) but \(protocolSpec) runs over \(family) only", at: .index(index))
                    }
                }
            }
        }
        guard let protocolSpec, let cidrs, ports.value != nil || !ports.isPresent,
            icmpType.value != nil || !icmpType.isPresent, icmpCode.value != nil || !icmpCode.isPresent
        else { return nil }
        let complete = cidrs.compactMap { $0 }
        guard complete.count == cidrs.count, !complete.isEmpty else { return nil }
        return TrafficMatch(
            protocolSpec: protocolSpec, ports: ports.value, icmpType: icmpType.value, icmpCode: icmpCode.value,
            cidrs: complete)
    }

    /// The members to write for these fields.
    var members: [JSONMember] {
        var members = [
            JSONMember(key: "protocol", value: protocolSpec.jsonNode),
            JSONMember(key: "cidrs", value: .array(cidrs.map(\.jsonNode))),
        ]
        if let ports { members.append(JSONMember(key: "ports", value: ports.jsonNode)) }
        if let icmpType { members.append(JSONMember(key: "icmpType", value: .integer(icmpType))) }
        if let icmpCode { members.append(JSONMember(key: "icmpCode", value: .integer(icmpCode))) }
        return members
    }
}
