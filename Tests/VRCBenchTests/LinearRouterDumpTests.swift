import Foundation
import IptablesImport
import NFTables
import RouterModel
import Testing
import VRCBench

@Suite("The linear iptables form of a router document")
struct LinearRouterDumpTests {
    static let document = """
        {
          "schema": "vrc.router/v1", "name": "linear", "softwareVersion": "4.20.1",
          "interfaces": [
            { "name": "eth0", "role": "control", "addresses": ["192.0.2.10/24"] },
            { "name": "eth1", "role": "public", "addresses": ["198.51.100.2/24", "198.51.100.10/24"] },
            { "name": "eth2", "role": "guest", "network": "web", "addresses": ["10.1.0.1/16"] }
          ],
          "networks": {
            "web": { "sourceNat": "198.51.100.2", "services": ["dhcp", "dns"],
                     "acl": { "ingress": [
                                { "number": 10, "action": "deny", "protocol": "tcp", "ports": "22",
                                  "cidrs": ["203.0.113.0/24", "192.0.2.0/24"] },
                                { "number": 20, "action": "allow", "protocol": "icmp", "icmpType": 8, "icmpCode": 0,
                                  "cidrs": ["0.0.0.0/0"] } ],
                              "egress": [], "defaultIngress": "deny", "defaultEgress": "allow" } }
          },
          "firewall": [ { "publicAddress": "198.51.100.10", "protocol": "tcp", "ports": "8080-8081",
                          "cidrs": ["203.0.113.0/24"] } ],
          "portForwards": [
            { "publicAddress": "198.51.100.10", "protocol": "tcp", "publicPorts": "8080-8081",
              "privateAddress": "10.1.0.20", "privatePorts": "80-81" },
            { "publicAddress": "198.51.100.10", "protocol": "udp", "publicPorts": "5353",
              "privateAddress": "10.1.0.21", "privatePorts": "5353" }
          ],
          "staticNats": [], "loadBalancers": []
        }
        """

    static func decoded() throws -> RouterDocument {
        try RouterDocument.decode(from: Data(document.utf8), source: "linear.json")
    }

    @Test("Each entry becomes its rules, in order, with the gate and the defaults")
    func writesEntries() throws {
        let dump = LinearRouterDump(document: try Self.decoded())
        let lines = dump.text.split(separator: "\n").map(String.init)
        let acl = lines.filter { $0.hasPrefix("-A acl_web_in ") }
        #expect(
            acl == [
                "-A acl_web_in -s 203.0.113.0/24 -p tcp -m tcp --dport 22 -j DROP",
                "-A acl_web_in -s 192.0.2.0/24 -p tcp -m tcp --dport 22 -j DROP",
                "-A acl_web_in -s 0.0.0.0/0 -p icmp -m icmp --icmp-type 8/0 -j RETURN",
                "-A acl_web_in -j DROP",
            ])
        #expect(lines.filter { $0.hasPrefix("-A acl_web_out ") } == ["-A acl_web_out -j RETURN"])
        // A range whose ports shift is one rule per port; a kept port is one rule.
        #expect(
            lines.filter { $0.hasPrefix("-A PREROUTING ") } == [
                "-A PREROUTING -i eth1 -d 198.51.100.10/32 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.1.0.20:80",
                "-A PREROUTING -i eth1 -d 198.51.100.10/32 -p tcp -m tcp --dport 8081 -j DNAT --to-destination 10.1.0.20:81",
                "-A PREROUTING -i eth1 -d 198.51.100.10/32 -p udp -m udp --dport 5353 -j DNAT --to-destination 10.1.0.21",
            ])
        #expect(lines.contains("-A POSTROUTING -o eth1 -s 10.1.0.0/16 -j SNAT --to-source 198.51.100.2"))
        #expect(
            lines.filter { $0.hasPrefix("-A public_") } == [
                "-A public_gate -m conntrack --ctstate DNAT -g public_firewall",
                "-A public_gate -j DROP",
                "-A public_firewall -s 203.0.113.0/24 -p tcp -m conntrack --ctorigdst 198.51.100.10/32 --ctorigdstport 8080:8081 -j RETURN",
                "-A public_firewall -j DROP",
            ])
        #expect(dump.ruleCount == lines.filter { $0.hasPrefix("-A ") }.count)
        #expect(dump.omittedEntries == 0)
    }

    @Test("Per-rule commands repeat the dump: chains first, then every rule with its table")
    func perRuleCommands() throws {
        let dump = LinearRouterDump(document: try Self.decoded())
        let commands = dump.perRuleCommands
        #expect(commands.filter { $0.contains("-A") }.count == dump.ruleCount)
        #expect(commands.contains(["-t", "filter", "-N", "public_gate"]))
        #expect(commands.contains(["-t", "filter", "-P", "FORWARD", "DROP"]))
        let firstRule = try #require(commands.firstIndex { $0.contains("-A") && $0[1] == "filter" })
        let lastChain = try #require(commands.lastIndex { $0.contains("-N") })
        #expect(lastChain < firstRule)
    }

    @Test("Generated routers: every ACL CIDR is one rule, plus one default per list")
    func generatedCounts() throws {
        let generator = RouterGenerator.cloudRouter(size: 400)
        let document = try RouterDocument.decode(from: Data(generator.json().utf8), source: "generated.json")
        let dump = LinearRouterDump(document: document)
        let aclRules = dump.text.split(separator: "\n").filter { $0.hasPrefix("-A acl_") }.count
        let lists = document.networks.values.compactMap(\.acl).flatMap { [$0.ingress, $0.egress] }
        #expect(aclRules == lists.joined().reduce(0) { $0 + $1.cidrs.count } + lists.count)
        #expect(dump.ruleCount >= generator.entryCount)
    }

    @Test("iptables-legacy-restore loads the dump and vrc's import translates every rule", .kernel)
    func loadsInTheKernel() throws {
        let generator = RouterGenerator.cloudRouter(size: 600)
        let document = try RouterDocument.decode(from: Data(generator.json().utf8), source: "generated.json")
        let dump = LinearRouterDump(document: document)

        let legacy = try TestNamespace()
        defer { legacy.close() }
        try legacy.checkedRun(["iptables-legacy-restore"], input: dump.text)
        let saved = try legacy.checkedRun(["iptables-legacy-save"])
        #expect(saved.split(separator: "\n").filter { $0.hasPrefix("-A ") }.count == dump.ruleCount)

        let parsed = try SaveDumpParser(file: "generated.rules").parse(Array(dump.text.utf8))
        let result = try IptablesImporter(options: .init()).importDump(parsed)
        #expect(result.report.untranslatable.map(\.description) == [])
        #expect(result.report.rulesOut == dump.ruleCount)
        let imported = try TestNamespace()
        defer { imported.close() }
        try result.transaction(for: imported.namespace).commit()
        #expect(try imported.listRuleset().contains("chain acl_web_out"))
    }
}
