import Foundation
import NFTables
import Testing

/// Big sets read back whole, in reasonable time: the dump of a million elements goes through one
/// netlink dump and a direct attribute walk, not one libnftnl object per element.
@Suite("RulesetReader on large sets")
struct ReaderLargeSetTests {
    /// The IPv4 address with number `index` counted from 10.0.0.0.
    static func address(_ index: Int) -> IPAddress { .v4(0x0A00_0000 + UInt32(index)) }

    @Test("a set of 1,000,000 addresses reads back whole and sorted", .kernel)
    func millionElements() throws {
        let count = 1_000_000
        let namespace = try TestNamespace()
        defer { namespace.close() }
        // Written in a scrambled order, so that sorted output is the reader's doing.
        let order = (0..<count).map { ($0 &* 7_919) % count }
        var text = "table ip big {\n  set s {\n    type ipv4_addr\n    elements = {\n"
        text.reserveCapacity(count * 16)
        for index in order { text += "      \(Self.address(index)),\n" }
        text += "    }\n  }\n}\n"
        try namespace.nft(text)

        let clock = ContinuousClock()
        let start = clock.now
        let ruleset = try RulesetReader(namespace: namespace.namespace).read(.all)
        let elapsed = clock.now - start

        let set = try #require(ruleset.tables.first?.set(named: "s"))
        #expect(set.elements.count == count)
        #expect(set.elements.first == SetElement(key: .address(Self.address(0))))
        #expect(set.elements.last == SetElement(key: .address(Self.address(count - 1))))
        #expect(set.elements[123_456] == SetElement(key: .address(Self.address(123_456))))
        print("read 1,000,000 set elements in \(elapsed)")
        // A generous bound on a loaded 2-core machine: the kernel itself needs about 15 s to dump a million
        // elements of a hash set (it resumes each 32 KiB message by skipping what it sent), as for `nft list`,
        // and twice that when the set is still being resized from its insertion.
        #expect(elapsed < .seconds(120))
    }

    @Test("an interval set of 100,000 ranges reads back joined", .kernel)
    func hundredThousandIntervals() throws {
        let count = 100_000
        let namespace = try TestNamespace()
        defer { namespace.close() }
        // Every other /31 as a prefix, and ranges of three addresses in between: nothing merges.
        var text = "table ip big {\n  set s {\n    type ipv4_addr; flags interval\n    elements = {\n"
        for index in 0..<count {
            let base = index * 8
            text +=
                index.isMultiple(of: 2)
                ? "      \(Self.address(base))/31,\n" : "      \(Self.address(base))-\(Self.address(base + 2)),\n"
        }
        text += "    }\n  }\n}\n"
        try namespace.nft(text)

        let set = try #require(
            try RulesetReader(namespace: namespace.namespace).read(.all).tables.first?.set(named: "s"))
        #expect(set.elements.count == count)
        for index in [0, 1, 2, 77_777, count - 2, count - 1] {
            let base = index * 8
            let expected: Value =
                index.isMultiple(of: 2)
                ? .prefix(Self.address(base), 31)
                : .range(.address(Self.address(base)), .address(Self.address(base + 2)))
            #expect(set.elements[index].key == expected, "element \(index)")
        }
    }
}
