import IptablesImport
import NFTables
import Testing

/// `ipset save` output: the parser, and the nftables sets the converter makes of it.
@Suite("ipset save parser and set conversion")
internal struct IpsetTests {
    static let sample = """
        create blocked hash:ip family inet hashsize 1024 maxelem 65536 comment
        add blocked 192.0.2.1 comment "bad host"
        add blocked 192.0.2.7
        create nets hash:net family inet hashsize 1024 maxelem 65536
        add nets 198.51.100.0/24
        add nets 203.0.113.5
        create svc hash:ip,port family inet timeout 600
        add svc 192.0.2.10,tcp:443 timeout 512
        add svc 192.0.2.11,udp:53 timeout 100
        create ports bitmap:port range 0-65535
        add ports 22
        add ports 8000-8080
        create v6 hash:net family inet6
        add v6 fd00::/64
        create lists list:set size 8
        """

    static func parse(_ text: String = sample) throws(IptablesImportError) -> IpsetSave {
        try IpsetSaveParser(file: "sets.txt").parse(text)
    }

    @Test("create and add lines make sets with their entries, options and places")
    func parser() throws {
        let save = try Self.parse()
        #expect(save.sets.map(\.name) == ["blocked", "nets", "svc", "ports", "v6", "lists"])
        let blocked = try #require(save.set(named: "blocked"))
        #expect(blocked.type == "hash:ip")
        #expect(blocked.family == "inet")
        #expect(blocked.options["maxelem"] == "65536")
        #expect(blocked.options["comment"] == "")
        #expect(blocked.line == 1)
        #expect(blocked.typeColumn == 16)
        #expect(blocked.entries.map(\.element) == ["192.0.2.1", "192.0.2.7"])
        #expect(blocked.entries[0].options["comment"] == "bad host")
        #expect(blocked.entries[0].line == 2)
        #expect(blocked.entries[0].column == 13)
        #expect(save.set(named: "v6")?.family == "inet6")
    }

    @Test("hash:ip, hash:net, hash:ip,port and bitmap:port become sets of the same keys")
    func conversion() throws {
        let save = try Self.parse()
        let converter = IpsetSetConverter(family: .ipv4, file: "sets.txt")
        let blocked = try converter.convert(try #require(save.set(named: "blocked")))
        #expect(blocked.set.keyType == [.ipv4Addr])
        #expect(blocked.set.flags.isEmpty)
        #expect(blocked.set.size == 65536)
        #expect(
            blocked.set.elements.map(\.key) == [.address(IPAddress("192.0.2.1")!), .address(IPAddress("192.0.2.7")!)])
        #expect(blocked.set.elements.first?.comment == "bad host")
        #expect(blocked.source == "sets.txt:1")

        let nets = try converter.convert(try #require(save.set(named: "nets")))
        #expect(nets.set.keyType == [.ipv4Addr])
        #expect(nets.set.flags.contains(.interval))
        #expect(nets.set.elements.first?.key == .prefix(IPAddress("198.51.100.0")!, 24))

        let svc = try converter.convert(try #require(save.set(named: "svc")))
        #expect(svc.set.keyType == [.ipv4Addr, .inetProto, .inetService])
        #expect(svc.set.flags.contains(.timeout))
        #expect(svc.set.timeout == 600_000)
        #expect(
            svc.set.elements.last?.key == .concat([.address(IPAddress("192.0.2.11")!), .integer(17), .integer(53)]))
        #expect(svc.notes.count == 1, "element timeouts are reported once: \(svc.notes)")

        let ports = try converter.convert(try #require(save.set(named: "ports")))
        #expect(ports.set.keyType == [.inetService])
        #expect(ports.set.elements.last?.key == .range(.integer(8000), .integer(8080)))
        #expect(ports.set.flags.contains(.interval))
    }

    @Test("sets nftables cannot hold are refused at their create line")
    func refusals() throws {
        let save = try Self.parse()
        let converter = IpsetSetConverter(family: .ipv4, file: "sets.txt")
        for (name, line) in [("lists", 15), ("v6", 13)] {
            let definition = try #require(save.set(named: name))
            do {
                _ = try converter.convert(definition)
                Issue.record("set \(name) converted")
            } catch {
                #expect(error.code == .ipset)
                #expect(error.line == line)
                #expect(error.column == save.set(named: name)?.typeColumn)
            }
        }
        let v6 = try IpsetSetConverter(family: .ipv6, file: "sets.txt").convert(try #require(save.set(named: "v6")))
        #expect(v6.set.keyType == [.ipv6Addr])
        let nomatch = try #require(
            try Self.parse("create n hash:net\nadd n 10.0.0.0/8\nadd n 10.1.0.0/16 nomatch\n").set(named: "n"))
        do {
            _ = try converter.convert(nomatch)
            Issue.record("a nomatch element converted")
        } catch {
            #expect((error.line, error.column) == (3, 7))
        }
    }

    @Test("a timeout beyond ipset's limit is refused, not multiplied past 64 bits (found by fuzzing)")
    func hugeTimeout() throws {
        let converter = IpsetSetConverter(family: .ipv4, file: "sets.txt")
        let ok = try #require(try Self.parse("create s hash:ip timeout 2147483\n").set(named: "s"))
        #expect(try converter.convert(ok).set.timeout == 2_147_483_000)
        for timeout in ["2147484", "6370999602926167855", "18446744073709551615"] {
            let definition = try #require(try Self.parse("create s hash:ip timeout \(timeout)\n").set(named: "s"))
            do {
                _ = try converter.convert(definition)
                Issue.record("timeout \(timeout) converted")
            } catch {
                #expect(error.code == .ipset && error.line == 1, "\(error)")
                #expect(error.description.contains("at most 2147483"), "\(error)")
            }
        }
    }

    @Test("malformed ipset files fail at their exact place")
    func parserErrors() {
        let cases: [(String, Int, Int)] = [
            ("add missing 192.0.2.1\n", 1, 5),
            ("create a hash:ip\ncreate a hash:ip\n", 2, 8),
            ("create a hash:ip\nflush a x\n", 2, 1),
            ("create a hash:ip\nadd a\n", 2, 1),
            ("create a hash:ip timeout\n", 1, 18),
            ("create a hash:ip\nadd a \u{1}\n", 2, 7),
        ]
        for (text, line, column) in cases {
            do {
                _ = try Self.parse(text)
                Issue.record("parsed \(text.debugDescription)")
            } catch {
                #expect(error.code == .ipset || error.code == .binaryData, "\(error)")
                #expect((error.line, error.column) == (line, column), "\(text.debugDescription): \(error)")
            }
        }
        do {
            _ = try IpsetSaveParser(file: "s").parse(Array("create a hash:ip\nadd a ".utf8) + [0xC3, 0x28])
            Issue.record("parsed bytes that are not UTF-8")
        } catch {
            #expect((error.code, error.line, error.column) == (.binaryData, 2, 7))
        }
    }
}
