import RouterModel

/// A packet as the evaluator sees it: its addresses, protocol, interfaces and the bytes of its transport header.
struct TestPacket: CustomStringConvertible {
    var family: AddressFamily
    var source: InternetAddress
    var destination: InternetAddress
    /// The IP protocol (IPv4) or upper-layer header (IPv6).
    var l4proto: UInt8
    /// The transport header as far as the packet holds one: ports for tcp and udp, type and code for ICMP.
    var transport: [UInt8]
    var iifname = "in0"
    var oifname = "out0"

    /// The destination port (tcp, udp), or `nil` when the transport header is too short to hold one.
    var destinationPort: Int? {
        transport.count >= 4 ? Int(transport[2]) << 8 | Int(transport[3]) : nil
    }

    var description: String {
        "\(family) \(source) -> \(destination) proto \(l4proto) transport \(transport)"
    }
}
