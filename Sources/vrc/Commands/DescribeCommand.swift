import ArgumentParser
import NFTables
import RouterCompiler
import RouterModel

/// `vrc describe MODEL.json`: the router's derived legacy kind and what it holds.
internal struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Show the derived kind of a router document and its counts.",
        discussion: "The kind (basic-zone DHCP server, shared-network router, VR, rVR, VPC, rVPC, or mixed) is "
            + "derived from the parts the document holds; the counts include what it compiles to."
    )

    @Argument(help: "A router document (vrc.router/v1), or - for standard input.")
    var model: String

    @Flag(help: "Print the description as JSON.")
    var json = false

    /// What `describe` prints.
    struct Description: Encodable {
        var name: String
        var kind: String
        var kindName: String
        var instances: Int
        var interfaces: Int
        var guestNetworks: Int
        var aclRules: Int
        var firewallRules: Int?
        var portForwards: Int
        var staticNats: Int
        var loadBalancers: Int
        var rules: Int
        var sets: Int
        var elements: Int
    }

    func run() throws(CommandFailure) {
        let document = try RouterDocumentFile.load(model)
        let table = RouterCompiler().compile(document).tables
        let description = Description(
            name: document.name,
            kind: document.kind.rawValue,
            kindName: document.kind.displayName,
            instances: document.redundancy?.instances ?? 1,
            interfaces: document.interfaces.count,
            guestNetworks: document.networks.count,
            aclRules: document.networks.values.reduce(0) { $0 + ($1.acl.map { $0.ingress.count + $0.egress.count } ?? 0) },
            firewallRules: document.firewall?.count,
            portForwards: document.portForwards.count,
            staticNats: document.staticNats.count,
            loadBalancers: document.loadBalancers.count,
            rules: table.reduce(0) { $0 + $1.chains.reduce(0) { $0 + $1.rules.count } },
            sets: table.reduce(0) { $0 + $1.sets.count },
            elements: table.reduce(0) { $0 + $1.sets.reduce(0) { $0 + $1.elements.count } }
        )
        if json {
            Output.line(try RulesetJSON.encode(description))
            return
        }
        Output.line("\(description.name): \(description.kindName)")
        Output.line(
            "  " + [
                count(description.interfaces, "interface"), count(description.guestNetworks, "guest network"),
                count(description.instances, "instance"),
            ].joined(separator: ", "))
        Output.line(
            "  " + [
                count(description.aclRules, "ACL rule"),
                description.firewallRules.map { count($0, "firewall rule") } ?? "no firewall list (public gate off)",
                count(description.portForwards, "port forward"), count(description.staticNats, "static NAT"),
                count(description.loadBalancers, "load balancer"),
            ].joined(separator: ", "))
        Output.line(
            "  compiles to \(count(description.rules, "rule")), \(count(description.sets, "set or map", plural: "sets and maps")), "
                + count(description.elements, "element"))
    }

    private func count(_ number: Int, _ noun: String, plural: String? = nil) -> String {
        "\(number) " + (number == 1 ? noun : plural ?? noun + "s")
    }
}
