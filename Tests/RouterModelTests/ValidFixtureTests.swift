import Foundation
import Testing

@testable import RouterModel

/// The valid documents of `fixtures/models/`: each decodes, has its legacy kind, and survives key reordering
/// and encoding unchanged.
@Suite("Valid router documents")
struct ValidFixtureTests {
    /// The kind each fixture is written to be, one per legacy kind plus the mix.
    static let expectedKinds: [String: RouterKind] = [
        "basic-zone-dhcp.json": .basicZoneDHCPServer,
        "shared-network.json": .sharedNetworkRouter,
        "vr.json": .vr,
        "rvr.json": .redundantVR,
        "vpc.json": .vpc,
        "rvpc.json": .redundantVPC,
        "mixed.json": .mixed,
    ]

    @Test("every kind has a fixture and every fixture a kind")
    func fixturesCoverEveryKind() {
        #expect(Set(ModelFixtures.validNames) == Set(Self.expectedKinds.keys))
        #expect(Set(Self.expectedKinds.values) == Set(RouterKind.allCases))
    }

    @Test("decodes with the expected kind", arguments: expectedKinds.keys.sorted())
    func decodesWithKind(name: String) throws {
        let document = try RouterDocument.decode(from: try ModelFixtures.data(name), source: name)
        #expect(document.kind == Self.expectedKinds[name])
        #expect(throws: Never.self) { try document.validate() }
    }

    @Test("the order of JSON keys does not change the document", arguments: expectedKinds.keys.sorted())
    func keyOrderDoesNotMatter(name: String) throws {
        let data = try ModelFixtures.data(name)
        let original = try RouterDocument.decode(from: data, source: name)
        let tree = try data.withUnsafeBytes { try JSONParser.parse($0) }
        var generator = SeededGenerator(seed: UInt64(name.utf8.count))
        for round in 0..<8 {
            let shuffled = Data(OrderPreservingWriter.write(tree.shufflingKeys(using: &generator)))
            #expect(shuffled != data)
            let reordered = try RouterDocument.decode(from: shuffled, source: "\(name) round \(round)")
            #expect(reordered == original)
            #expect(reordered.encoded() == original.encoded())
        }
    }

    @Test("encoded documents decode to the same value", arguments: expectedKinds.keys.sorted())
    func encodeDecodeRoundTrip(name: String) throws {
        let document = try RouterDocument.decode(from: try ModelFixtures.data(name), source: name)
        for pretty in [true, false] {
            let encoded = document.encoded(pretty: pretty)
            #expect(try RouterDocument.decode(from: encoded, source: "encoded") == document)
            #expect(encoded == document.encoded(pretty: pretty))
        }
    }

    @Test("Codable through JSONEncoder and JSONDecoder gives the same value", arguments: expectedKinds.keys.sorted())
    func codableRoundTrip(name: String) throws {
        let data = try ModelFixtures.data(name)
        let document = try RouterDocument.decode(from: data, source: name)
        #expect(try JSONDecoder().decode(RouterDocument.self, from: data) == document)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let encoded = try encoder.encode(document)
        #expect(try JSONDecoder().decode(RouterDocument.self, from: encoded) == document)
        #expect(try RouterDocument.decode(from: encoded, source: "JSONEncoder") == document)
    }

    @Test("the encoding keeps firewall absent and [] apart")
    func firewallAbsentAndEmptyDiffer() throws {
        var document = try RouterDocument.decode(from: try ModelFixtures.data("vr.json"), source: "vr.json")
        document.firewall = []
        let empty = try RouterDocument.decode(from: document.encoded(), source: "empty")
        #expect(empty.firewall == [])
        #expect(empty.kind == .vr)
        document.firewall = nil
        let absent = try RouterDocument.decode(from: document.encoded(), source: "absent")
        #expect(absent.firewall == nil)
        #expect(absent.kind == .mixed)
    }

    @Test("ACL rules come out sorted by number")
    func aclRulesSortedByNumber() throws {
        var document = try RouterDocument.decode(from: try ModelFixtures.data("vpc.json"), source: "vpc.json")
        let ingress = try #require(document.networks["web"]?.acl?.ingress)
        #expect(ingress.map(\.number) == ingress.map(\.number).sorted())
        document.networks["web"]?.acl?.ingress = ingress.reversed()
        let decoded = try RouterDocument.decode(from: document.encoded(), source: "reversed")
        #expect(decoded.networks["web"]?.acl?.ingress == ingress)
    }
}

extension JSONNode {
    /// The same tree with every object's members in a random order.
    func shufflingKeys(using generator: inout SeededGenerator) -> JSONNode {
        switch value {
        case .array(let items):
            return JSONNode(.array(items.map { $0.shufflingKeys(using: &generator) }))
        case .object(let members):
            var shuffled = members.map { JSONMember(key: $0.key, value: $0.value.shufflingKeys(using: &generator)) }
            shuffled.shuffle(using: &generator)
            return JSONNode(.object(shuffled))
        default:
            return self
        }
    }
}

/// Writes a tree with members in the order they are held (the library's writer sorts them).
enum OrderPreservingWriter {
    static func write(_ node: JSONNode) -> [UInt8] {
        switch node.value {
        case .array(let items):
            return Array("[".utf8) + items.map(write).joined(separator: Array(",".utf8)) + Array("]".utf8)
        case .object(let members):
            let parts = members.map { Array(JSONWriter.quoted($0.key).utf8) + Array(":".utf8) + write($0.value) }
            return Array("{".utf8) + parts.joined(separator: Array(",".utf8)) + Array("}".utf8)
        default:
            return JSONWriter.write(node, pretty: false)
        }
    }
}
