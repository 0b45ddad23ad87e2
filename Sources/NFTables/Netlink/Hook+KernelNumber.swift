import CNetfilter

extension Hook {
    /// The hook number the kernel uses for this hook in a table of `family`, or `nil` when the family has no
    /// such hook.
    ///
    /// The numbering depends on the family, not on the hook alone: `ingress` is `NF_NETDEV_INGRESS` (0) in
    /// netdev tables but `NF_INET_INGRESS` (5) in inet ones, and arp tables count `NF_ARP_IN`,
    /// `NF_ARP_OUT`, `NF_ARP_FORWARD` from 0. The encoder and the reader both go through this table.
    func kernelNumber(in family: TableFamily) -> UInt32? {
        Hook.kernelNumbers(of: family).first { $0.hook == self }?.number
    }

    /// The hook a kernel hook number stands for in a table of `family`, or `nil` when it has none.
    init?(kernelNumber: UInt32, family: TableFamily) {
        guard let entry = Hook.kernelNumbers(of: family).first(where: { $0.number == kernelNumber }) else {
            return nil
        }
        self = entry.hook
    }

    /// The hooks of a family with their numbers (`NF_INET_*`, `NF_NETDEV_*`, `NF_ARP_*`; bridge tables use
    /// `NF_BR_*`, which count like the inet ones).
    private static func kernelNumbers(of family: TableFamily) -> [(hook: Hook, number: UInt32)] {
        let inet: [(hook: Hook, number: UInt32)] = [
            (.prerouting, UInt32(NF_INET_PRE_ROUTING.rawValue)), (.input, UInt32(NF_INET_LOCAL_IN.rawValue)),
            (.forward, UInt32(NF_INET_FORWARD.rawValue)), (.output, UInt32(NF_INET_LOCAL_OUT.rawValue)),
            (.postrouting, UInt32(NF_INET_POST_ROUTING.rawValue)),
        ]
        switch family {
        case .ip, .ip6, .bridge:
            return inet
        case .inet:
            return inet + [(.ingress, UInt32(NF_INET_INGRESS.rawValue))]
        case .netdev:
            return [(.ingress, UInt32(NF_NETDEV_INGRESS.rawValue)), (.egress, UInt32(NF_NETDEV_EGRESS.rawValue))]
        case .arp:
            // NF_ARP_IN, NF_ARP_OUT and NF_ARP_FORWARD (linux/netfilter_arp.h, which CNetfilter does not include).
            return [(.input, 0), (.output, 1), (.forward, 2)]
        }
    }
}
