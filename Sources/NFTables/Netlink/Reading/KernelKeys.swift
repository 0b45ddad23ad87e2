/// The kernel's numbers for meta and ct keys, and the model selectors and layouts they lift to.
internal enum KernelKeys {
    /// `NFT_META_*`.
    enum Meta {
        static let length: UInt32 = 0
        static let protocolType: UInt32 = 1
        static let mark: UInt32 = 3
        static let iifname: UInt32 = 6
        static let oifname: UInt32 = 7
        static let iiftype: UInt32 = 8
        static let skuid: UInt32 = 10
        static let skgid: UInt32 = 11
        static let nfproto: UInt32 = 15
        static let l4proto: UInt32 = 16
        static let pkttype: UInt32 = 19
        static let priority: UInt32 = 2
        static let nftrace: UInt32 = 12
        static let rtclassid: UInt32 = 13
        static let cpu: UInt32 = 20
        static let iifgroup: UInt32 = 21
        static let oifgroup: UInt32 = 22
        static let cgroup: UInt32 = 23
        static let random: UInt32 = 24
        static let hour: UInt32 = 32
        static let secpath: UInt32 = 25
    }

    /// `NFT_CT_*`.
    enum Ct {
        static let state: UInt32 = 0
        static let direction: UInt32 = 1
        static let status: UInt32 = 2
        static let mark: UInt32 = 3
        static let source: UInt32 = 8
        static let destination: UInt32 = 9
        static let protocolNumber: UInt32 = 10
        static let protoSource: UInt32 = 11
        static let protoDestination: UInt32 = 12
        static let zone: UInt32 = 17
        static let packets: UInt32 = 14
        static let bytes: UInt32 = 15
        static let avgpkt: UInt32 = 16
        static let sourceIP: UInt32 = 19
        static let destinationIP: UInt32 = 20
        static let sourceIP6: UInt32 = 21
        static let destinationIP6: UInt32 = 22
    }

    /// `meta KEY` as nft names a kernel key, for messages.
    static func metaName(_ key: UInt32) -> String {
        let names: [UInt32: String] = [
            0: "length", 1: "protocol", 2: "priority", 3: "mark", 4: "iif", 5: "oif", 6: "iifname", 7: "oifname",
            8: "iiftype", 9: "oiftype", 10: "skuid", 11: "skgid", 12: "nftrace", 13: "rtclassid", 14: "secmark",
            15: "nfproto", 16: "l4proto", 17: "ibrname", 18: "obrname", 19: "pkttype", 20: "cpu", 21: "iifgroup",
            22: "oifgroup", 23: "cgroup", 24: "random", 25: "secpath", 26: "iifkind", 27: "oifkind",
            28: "ibrpvid", 29: "ibrvproto", 30: "time", 31: "day", 32: "hour", 33: "sdif", 34: "sdifname",
        ]
        return "meta " + (names[key] ?? "key \(key)")
    }

    /// `ct KEY` as nft names a kernel key, for messages.
    static func ctName(_ key: UInt32) -> String {
        let names: [UInt32: String] = [
            0: "state", 1: "direction", 2: "status", 3: "mark", 4: "secmark", 5: "expiration", 6: "helper",
            7: "l3proto", 8: "saddr", 9: "daddr", 10: "protocol", 11: "proto-src", 12: "proto-dst", 13: "label",
            14: "packets", 15: "bytes", 16: "avgpkt", 17: "zone", 18: "event", 19: "ip saddr", 20: "ip daddr",
            21: "ip6 saddr", 22: "ip6 daddr", 23: "id",
        ]
        return "ct " + (names[key] ?? "key \(key)")
    }

    /// The model's meta key for a kernel key, `nil` when vrc has none.
    static func metaKey(_ key: UInt32) -> MetaKey? {
        switch key {
        case Meta.length: return .length
        case Meta.mark: return .mark
        case Meta.iifname: return .iifname
        case Meta.oifname: return .oifname
        case Meta.skuid: return .skuid
        case Meta.skgid: return .skgid
        case Meta.nfproto: return .nfproto
        case Meta.l4proto: return .l4proto
        case Meta.pkttype: return .pkttype
        case Meta.nftrace: return .nftrace
        case Meta.priority: return .priority
        case Meta.rtclassid: return .rtclassid
        case Meta.cpu: return .cpu
        case Meta.iifgroup: return .iifgroup
        case Meta.oifgroup: return .oifgroup
        case Meta.cgroup: return .cgroup
        case Meta.random: return .random
        case Meta.hour: return .hour
        case Meta.secpath: return .secpath
        default: return nil
        }
    }

    /// How the kernel stores a meta key's value.
    static func layout(_ key: MetaKey) -> ValueLayout {
        switch key {
        case .iifname, .oifname: return ValueLayout(type: .ifname, length: 16, bigEndian: true)
        case .l4proto: return ValueLayout(type: .inetProto, length: 1, bigEndian: true)
        case .nfproto: return ValueLayout(type: .nfProto, length: 1, bigEndian: false)
        case .pkttype: return ValueLayout(type: .pktType, length: 1, bigEndian: false)
        case .mark: return ValueLayout(type: .mark, length: 4, bigEndian: false)
        case .length, .skuid, .skgid, .iifgroup, .oifgroup, .rtclassid, .cpu, .cgroup, .priority:
            return ValueLayout(type: .integer, length: 4, bigEndian: false)
        case .random: return ValueLayout(type: .integer, length: 4, bigEndian: true)
        case .hour: return ValueLayout(type: .hour, length: 4, bigEndian: false)
        case .secpath: return ValueLayout(type: .boolean, length: 1, bigEndian: false)
        case .nftrace: return ValueLayout(type: .integer, length: 1, bigEndian: false)
        }
    }

    /// The model's ct key for a kernel key and direction (0 original, 1 reply), `nil` when vrc has none.
    static func ctKey(_ key: UInt32, direction: UInt8?, family: TableFamily) -> CtKey? {
        let original = direction == 0
        switch (key, direction) {
        case (Ct.state, nil): return .state
        case (Ct.direction, nil): return .direction
        case (Ct.status, nil): return .status
        case (Ct.mark, nil): return .mark
        case (Ct.zone, nil): return .zone
        case (Ct.packets, nil): return .packets
        case (Ct.packets, .some): return original ? .originalPackets : .replyPackets
        case (Ct.bytes, nil): return .bytes
        case (Ct.bytes, .some): return original ? .originalBytes : .replyBytes
        case (Ct.avgpkt, nil): return .avgpkt
        case (Ct.avgpkt, .some): return original ? .originalAvgpkt : .replyAvgpkt
        case (Ct.sourceIP, .some): return original ? .originalIpSaddr : .replyIpSaddr
        case (Ct.destinationIP, .some): return original ? .originalIpDaddr : .replyIpDaddr
        case (Ct.sourceIP6, .some): return original ? .originalIp6Saddr : .replyIp6Saddr
        case (Ct.destinationIP6, .some): return original ? .originalIp6Daddr : .replyIp6Daddr
        // The kernel ignores (and does not report) a direction for the protocol: both tuples have the same.
        case (Ct.protocolNumber, _): return .originalProtocol
        case (Ct.protoSource, .some): return original ? .originalProtoSrc : .replyProtoSrc
        case (Ct.protoDestination, .some): return original ? .originalProtoDst : .replyProtoDst
        // Older nft wrote family-less source and destination keys; the table's family tells their length.
        case (Ct.source, .some) where family == .ip: return original ? .originalIpSaddr : .replyIpSaddr
        case (Ct.destination, .some) where family == .ip: return original ? .originalIpDaddr : .replyIpDaddr
        case (Ct.source, .some) where family == .ip6: return original ? .originalIp6Saddr : .replyIp6Saddr
        case (Ct.destination, .some) where family == .ip6: return original ? .originalIp6Daddr : .replyIp6Daddr
        default: return nil
        }
    }

    /// How the kernel stores a ct key's value.
    static func layout(_ key: CtKey) -> ValueLayout {
        switch key {
        case .state, .status, .mark: return ValueLayout(type: key.dataType, length: 4, bigEndian: false)
        case .direction: return ValueLayout(type: .ctDir, length: 1, bigEndian: false)
        case .zone: return ValueLayout(type: .integer, length: 2, bigEndian: false)
        case .originalIpSaddr, .originalIpDaddr, .replyIpSaddr, .replyIpDaddr:
            return ValueLayout(type: .ipv4Addr, length: 4, bigEndian: true)
        case .originalIp6Saddr, .originalIp6Daddr, .replyIp6Saddr, .replyIp6Daddr:
            return ValueLayout(type: .ipv6Addr, length: 16, bigEndian: true)
        case .originalProtoSrc, .originalProtoDst, .replyProtoSrc, .replyProtoDst:
            return ValueLayout(type: .inetService, length: 2, bigEndian: true)
        case .originalProtocol: return ValueLayout(type: .inetProto, length: 1, bigEndian: true)
        case .packets, .originalPackets, .replyPackets, .bytes, .originalBytes, .replyBytes, .avgpkt, .originalAvgpkt,
            .replyAvgpkt:
            return ValueLayout(type: .integer, length: 8, bigEndian: false)
        }
    }
}
