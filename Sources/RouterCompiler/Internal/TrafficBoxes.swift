import NFTables
import RouterModel

/// What one ACL or firewall entry matches, as boxes of key spans by shape and address family.
internal struct TrafficBoxes {
    /// The boxes of each shape and family: the remote prefix first, then the parts of the shape.
    private(set) var boxes: [TrafficShape: [AddressFamily: [[Span]]]] = [:]

    /// Adds the boxes of one entry, each after `leading` (the public address of a firewall entry, say).
    ///
    /// An entry names a protocol and, for tcp and udp, optional ports, or for icmp and icmpv6, an optional type
    /// and code. Prefixes of a family the protocol does not run over (an IPv6 prefix of an icmp entry) match
    /// nothing and add nothing.
    mutating func add(
        protocol spec: IPProtocolSpec, ports: PortRange?, icmpType: Int?, icmpCode: Int?, cidrs: [CIDR],
        leading: (AddressFamily) -> [Span] = { _ in [] }
    ) {
        for cidr in cidrs {
            let family = cidr.family
            if let only = spec.family, only != family { continue }
            let prefix = leading(family) + [KeyValues.span(cidr)]
            let shape: TrafficShape
            let rest: [Span]
            switch spec {
            case .tcp, .udp:
                if let ports {
                    shape = .ports
                    rest = [Span(point: UInt128(spec.protocolNumber!)), Span(ports.lower...ports.upper)]
                } else {
                    shape = .protocols
                    rest = [Span(point: UInt128(spec.protocolNumber!))]
                }
            case .icmp, .icmpv6:
                if icmpType == nil && icmpCode == nil {
                    shape = .protocols
                    rest = [Span(point: UInt128(spec.protocolNumber!))]
                } else {
                    shape = .icmp
                    rest = [Span(icmpType.map { $0...$0 } ?? 0...255), Span(icmpCode.map { $0...$0 } ?? 0...255)]
                }
            case .all:
                shape = .protocols
                rest = [Span(0...255)]
            case .number(let number):
                shape = .protocols
                rest = [Span(point: UInt128(number))]
            }
            boxes[shape, default: [:]][family, default: []].append(prefix + rest)
        }
    }

    /// Whether no entry added anything.
    var isEmpty: Bool { boxes.isEmpty }
}
