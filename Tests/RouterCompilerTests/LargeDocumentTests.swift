import Foundation
import NFTables
import RouterCompiler
import RouterModel
import Testing

/// The large generated fixture (`fixtures/models/generated/vpc-10k-acl.json`, written by `Benchmarks`'
/// `RouterBench generate 1`): a four-tier VPC with 10,000 ACL entries, 5,000 port forwards, 1,000 static NATs and
/// 100 load balancers.
@Suite("The large generated VPC")
struct LargeDocumentTests {
    static func document() throws -> RouterDocument {
        try RouterDocument.decode(
            from: Fixtures.data("models/generated/vpc-10k-acl.json"), source: "vpc-10k-acl.json")
    }

    @Test("decodes as a VPC with every part, and compiles to a valid ruleset whose size does not follow its NATs")
    func compiles() throws {
        let document = try Self.document()
        #expect(document.kind == .vpc)
        #expect(document.portForwards.count == 5000)
        #expect(document.staticNats.count == 1000)
        #expect(document.loadBalancers.count == 100)
        let ruleset = RouterCompiler().compile(document)
        try ruleset.validate()

        var small = document
        small.portForwards = Array(document.portForwards.prefix(10))
        small.staticNats = Array(document.staticNats.prefix(10))
        small.loadBalancers = Array(document.loadBalancers.prefix(10))
        let smallRuleset = RouterCompiler().compile(small)
        #expect(Self.ruleCount(ruleset) == Self.ruleCount(smallRuleset))
        #expect(Self.elementCount(ruleset) > Self.elementCount(smallRuleset) + 6000)
    }

    @Test("the kernel accepts it in one transaction, reads it back equal, and a check commits nothing", .kernel)
    func kernelAccepts() throws {
        let ruleset = RouterCompiler().compile(try Self.document())
        let namespace = try TestNamespace()
        defer { namespace.close() }
        let before = try namespace.listRuleset()
        try ruleset.apply(to: namespace.namespace, checkOnly: true)
        #expect(try namespace.listRuleset() == before)
        let report = try ruleset.apply(to: namespace.namespace)
        #expect(report.messages > Self.ruleCount(ruleset))
        #expect(try RulesetReader(namespace: namespace.namespace).ownedTables().map(\.name) == ["vrc"])
        let readBack = try RulesetReader(namespace: namespace.namespace).read(.owned)
        #expect(readBack.readBackCanonical.nameOrdered == ruleset.readBackCanonical.nameOrdered)
    }

    static func ruleCount(_ ruleset: Ruleset) -> Int {
        ruleset.tables.reduce(0) { $0 + $1.chains.reduce(0) { $0 + $1.rules.count } }
    }

    static func elementCount(_ ruleset: Ruleset) -> Int {
        ruleset.tables.reduce(0) { $0 + $1.sets.reduce(0) { $0 + $1.elements.count } }
    }
}
