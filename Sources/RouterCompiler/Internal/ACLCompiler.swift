import NFTables
import RouterModel

/// Compiles one ordered ACL list into a chain of set lookups.
///
/// The list is cut into maximal runs of rules with the same action. Inside a run the order of rules does not
/// matter (they all decide the same way), so a run becomes one interval set per key shape and family, and one
/// lookup each, with the run's verdict; runs keep their order, so the first matching rule still decides. Runs at
/// the end with the default's action are left out (the default decides the same), and the chain ends with the
/// default. An allowed flow `return`s to the chain that jumped here (the next gate judges it); a denied one is
/// dropped.
///
/// Before the runs, one lookup per family sends a flow whose remote address lies in none of the list's prefixes
/// straight to the default (`ip daddr != @acl_web_egress_remotes4 return`): no entry can match it, so the runs
/// need not be walked. Traffic the list does not name then costs one interval lookup, whatever the list's length;
/// a list whose prefixes cover every address gets no such lookup.
internal struct ACLCompiler {
    let network: String
    let direction: ACLDirection

    /// The remote side of a flow: its source for ingress, its destination for egress.
    func remote(_ family: AddressFamily) -> Expression {
        direction == .ingress ? family.sourceAddress : family.destinationAddress
    }

    /// Declares the run sets in `builder` and returns the chain's rules.
    func compile(_ rules: [ACLRule], defaultAction: ACLAction, into builder: inout TableBuilder) -> [Rule] {
        var runs: [(action: ACLAction, rules: [ACLRule])] = []
        for rule in rules.sorted(by: { $0.number < $1.number }) {
            if runs.last?.action == rule.action {
                runs[runs.count - 1].rules.append(rule)
            } else {
                runs.append((rule.action, [rule]))
            }
        }
        while runs.last?.action == defaultAction {
            runs.removeLast()
        }

        var chainRules: [Rule] = []
        let defaultVerdict: Verdict = defaultAction == .allow ? .return : .drop
        for family in AddressFamily.allCases {
            let spans = BoxDecomposition.merged(
                runs.flatMap { $0.rules.flatMap(\.cidrs) }.filter { $0.family == family }.map(KeyValues.span))
            guard !spans.isEmpty, spans != [Self.everyAddress(family)] else { continue }
            let name = Names.aclRemotes(network, direction, family.suffix)
            builder.addSet(
                name, key: [family.addressType], interval: true,
                elements: spans.map { SetElement(key: KeyValues.addressValue($0, family: family)) })
            chainRules.append(Rule([.notInSet(remote(family), name), .verdict(defaultVerdict)]))
        }
        for (index, run) in runs.enumerated() {
            var traffic = TrafficBoxes()
            for rule in run.rules {
                traffic.add(
                    protocol: rule.protocol, ports: rule.ports, icmpType: rule.icmpType, icmpCode: rule.icmpCode,
                    cidrs: rule.cidrs)
            }
            let verdict: Verdict = run.action == .allow ? .return : .drop
            for shape in TrafficShape.allCases {
                for family in AddressFamily.allCases {
                    guard let boxes = traffic.boxes[shape]?[family], !boxes.isEmpty else { continue }
                    let name = Names.aclRun(network, direction, run: index, shape, family.suffix)
                    let types = [family.addressType] + shape.trailingKeyTypes(family)
                    builder.addDisjointSet(name, key: types, boxes: boxes, remote: 0)
                    let key = Expression.key([remote(family)] + shape.trailingKey(family))
                    chainRules.append(Rule([.inSet(key, name), .verdict(verdict)]))
                }
            }
        }
        if defaultAction == .deny {
            chainRules.append(Rule([.verdict(.drop)]))
        }
        return chainRules
    }

    /// The span of every address of `family`.
    private static func everyAddress(_ family: AddressFamily) -> Span {
        Span(0, family == .ipv4 ? UInt128(UInt32.max) : .max)
    }
}
