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
}
