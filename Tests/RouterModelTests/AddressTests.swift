import Testing

@testable import RouterModel

@Suite("Addresses, prefixes and ports")
struct AddressTests {
    @Test(
        "IPv4 text",
        arguments: [
            ("198.51.100.10", UInt32(0xC633_640A)), ("0.0.0.0", 0), ("255.255.255.255", 0xFFFF_FFFF),
            ("10.0.0.1", 0x0A00_0001),
        ])
    func ipv4Parses(text: String, value: UInt32) throws {
        let address = try #require(IPv4Address(text))
        #expect(address.value == value)
        #expect(address.description == text)
    }

    @Test(
        "IPv4 text that is refused",
        arguments: [
            "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "a.b.c.d", " 1.2.3.4", "1.2.3.4/24",
            "1.2.3.-4",
        ])
    func ipv4Refuses(text: String) {
        #expect(IPv4Address(text) == nil)
    }

    @Test(
        "IPv6 text and its RFC 5952 form",
        arguments: [
            ("fd00:1::1", "fd00:1::1"), ("::", "::"), ("::1", "::1"), ("1::", "1::"),
            ("2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1"), ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
            ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"), ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
            ("1:0:0:2:0:0:0:3", "1:0:0:2::3"), ("64:ff9b::198.51.100.1", "64:ff9b::c633:6401"),
            ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
        ])
    func ipv6Parses(text: String, canonical: String) throws {
        let address = try #require(IPv6Address(text))
        #expect(address.description == canonical)
        #expect(IPv6Address(canonical) == address)
    }

    @Test(
        "IPv6 text that is refused",
        arguments: [
            "", ":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "fe80::1%eth0", "[::1]",
            "1:2:3:4:5:6:7:8::", "::1.2.3", "1.2.3.4::", "g::1", ":1::", "1:",
        ])
    func ipv6Refuses(text: String) {
        #expect(IPv6Address(text) == nil)
    }

    @Test("IPv6 bytes are in network order")
    func ipv6Bytes() throws {
        let address = try #require(IPv6Address("2001:db8::ff01"))
        #expect(address.bytes == [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 10) + [0xff, 0x01])
        #expect(InternetAddress("192.0.2.1")?.bytes == [192, 0, 2, 1])
    }

    @Test("CIDR containment and masking")
    func cidrContainment() throws {
        let lan = try #require(CIDR("10.1.1.1/24"))
        #expect(lan.hasHostBits)
        #expect(lan.network == InternetAddress("10.1.1.0"))
        #expect(lan.lastAddress == InternetAddress("10.1.1.255"))
        #expect(lan.prefix.description == "10.1.1.0/24")
        #expect(lan.contains(try #require(InternetAddress("10.1.1.200"))))
        #expect(!lan.contains(try #require(InternetAddress("10.1.2.1"))))
        #expect(!lan.contains(try #require(InternetAddress("fd00::1"))))
        #expect(try #require(CIDR("10.0.0.0/8")).contains(lan))
        #expect(!lan.contains(try #require(CIDR("10.0.0.0/8"))))
        #expect(try #require(CIDR("0.0.0.0/0")).contains(try #require(InternetAddress("203.0.113.9"))))
        let six = try #require(CIDR("fd00:1::1/64"))
        #expect(six.prefix.description == "fd00:1::/64")
        #expect(six.contains(try #require(InternetAddress("fd00:1::ffff:1"))))
        #expect(!six.contains(try #require(InternetAddress("fd00:2::1"))))
        #expect(try #require(CIDR("fd00::/8")).overlaps(six))
        #expect(try #require(CIDR("::/0")).contains(six))
        #expect(try #require(CIDR("fd00:1::1/128")).prefix == CIDR("fd00:1::1/128"))
        #expect(try #require(CIDR("fd00:1::1:2:3/100")).prefix.description == "fd00:1::1:0:0/100")
    }

    @Test(
        "CIDR text that is refused",
        arguments: [
            "10.1.1.1", "10.1.1.1/33", "fd00::/129", "10.1.1.1/", "/24", "10.1.1.1/024", "10.1.1.1/-1", "10.1.1.1/2 4",
            "x/8",
        ])
    func cidrRefuses(text: String) {
        #expect(CIDR(text) == nil)
    }

    @Test("port ranges")
    func portRanges() throws {
        #expect(PortRange("80") == PortRange(port: 80))
        let range = try #require(PortRange("8000-8099"))
        #expect(range.count == 100)
        #expect(range.contains(8050) && !range.contains(8100))
        #expect(range.overlaps(try #require(PortRange("8099-9000"))))
        #expect(!range.overlaps(try #require(PortRange("8100"))))
        #expect(range.description == "8000-8099")
        for text in ["0", "65536", "90-80", "80-", "-80", "http", "", "1-2-3", "+80", " 80", "080000"] {
            #expect(PortRange(text) == nil, "\(text)")
        }
    }

    @Test("MAC addresses")
    func macAddresses() throws {
        let mac = try #require(MACAddress("1E:00:C3:00:00:0A"))
        #expect(mac.description == "1e:00:c3:00:00:0a")
        #expect(!mac.isMulticast)
        #expect(try #require(MACAddress("01:00:5e:00:00:01")).isMulticast)
        for text in [
            "1e:00:c3:00:00", "1e:00:c3:00:00:0a:01", "1e-00-c3-00-00-0a", "1e:00:c3:00:00:0g", "1e:0:c3:00:00:0a",
        ] {
            #expect(MACAddress(text) == nil, "\(text)")
        }
    }

    @Test("protocol numbers of named protocols read as their names")
    func protocolNumbers() {
        #expect(IPProtocolSpec(number: 6) == .tcp)
        #expect(IPProtocolSpec(number: 58) == .icmpv6)
        #expect(IPProtocolSpec(number: 112) == .number(112))
        #expect(IPProtocolSpec.all.protocolNumber == nil)
        #expect(IPProtocolSpec.udp.carriesPorts && !IPProtocolSpec.icmp.carriesPorts)
    }
}
