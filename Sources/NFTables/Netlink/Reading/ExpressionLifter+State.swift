import CNetfilter

extension ExpressionLifter {
    /// A match that may only be the implicit dependency nft puts in front of a header load.
    struct Dependency {
        /// The match's statement, `nil` for a dependency the model has no statement for (`meta iiftype`).
        var statement: Int?
        /// Whether the match goes away when a load depends on it: nft re-adds it for that load.
        var droppable: Bool
        /// How the match reads, for the message when a hidden dependency is left over.
        var name: String
        var consumed = false
    }

    /// The registers, statements and protocol context while one rule is lifted.
    struct State {
        let family: TableFamily
        private var registers: [Int: LiftRegister] = [:]
        /// The statements so far; `nil` marks a dependency match that was dropped.
        var statements: [Statement?] = []
        private var dependencies: [Dependency] = []
        /// The network header protocol a dependency established (inet, bridge and netdev tables).
        private var network: PayloadHeader?
        private var networkDependency: Int?
        /// The transport protocol a dependency established.
        private var transport: UInt8?
        private var transportDependency: Int?
        /// Whether `meta iiftype ether` made the link-layer header readable.
        private var linkDependency: Int?
        /// A map lookup whose data no statement has used yet.
        private var pendingMap = false

        init(family: TableFamily) {
            self.family = family
        }

        // MARK: Registers

        /// The index of a register counted in 4-byte registers: 16-byte register `n` is 4-byte register
        /// `4(n-1)`, and `NFT_REG32_00` + k is k.
        static func registerIndex(_ register: UInt32) throws(LiftError) -> Int {
            switch register {
            case 1...4: return Int(register - 1) * 4
            case 8...23: return Int(register - 8)
            default: throw "register \(register)"
            }
        }

        func read(_ register: UInt32) throws(LiftError) -> LiftRegister {
            guard let value = registers[try State.registerIndex(register)] else {
                throw "register \(register) is read before anything is written to it"
            }
            return value
        }

        mutating func write(_ value: LiftRegister, to register: UInt32) throws(LiftError) {
            registers[try State.registerIndex(register)] = value
        }

        /// Stores the data of a map lookup, one entry per 4-byte register it fills.
        mutating func writeMap(_ lookup: LiftRegister.MapLookup, length: Int, to register: UInt32) throws(LiftError) {
            let start = try State.registerIndex(register)
            guard length <= Int(KernelExpression.registerBytes) else { throw "map data of \(length) bytes" }
            for index in 0..<max(1, (length + 3) / 4) {
                registers[start + index] = .mapData(lookup, index: index)
            }
            pendingMap = true
        }

        /// The selectors a lookup or hash reads as its key: consecutive registers, each part starting on a
        /// 4-byte register, until `length` bytes are covered.
        func key(from register: UInt32, length: Int) throws(LiftError) -> [(
            expression: Expression, layout: ValueLayout
        )] {
            var index = try State.registerIndex(register)
            guard length > 0, length <= Int(KernelExpression.registerBytes) else { throw "a key of \(length) bytes" }
            var covered = 0
            var parts: [(expression: Expression, layout: ValueLayout)] = []
            while covered < length {
                guard case .selector(let selector)? = registers[index] else {
                    throw "a key of \(length) bytes reads a register that holds no packet field"
                }
                let part = try resolve(selector)
                guard part.layout.paddedLength > 0 else { throw "an empty key part" }
                parts.append(part)
                covered += part.layout.paddedLength
                index += part.layout.paddedLength / 4
            }
            return parts
        }

        /// The model expression a selector stands for when it is used whole (a key, a range, a set source).
        func resolve(_ selector: LiftRegister.Selector) throws(LiftError) -> (
            expression: Expression, layout: ValueLayout
        ) {
            switch selector.source {
            case .expression(let expression, var layout):
                guard selector.mask == nil, selector.shiftedRight == 0 else {
                    throw "a masked \(expression) used as a key"
                }
                layout.bigEndian = selector.bigEndian
                return (expression, layout)
            case .payload(let load):
                guard
                    let (field, shift) = load.header.field(
                        offset: load.offset, length: load.length, mask: selector.mask)
                else {
                    throw
                        "a load of \(load.length) bytes at \(load.header.rawValue) header offset \(load.offset) used as a key"
                }
                let model = try ExpressionLifter.modelField(field)
                guard selector.shiftedRight == 0 || selector.shiftedRight == shift else {
                    throw "\(field.name) shifted by \(selector.shiftedRight) bits"
                }
                return (
                    .payload(model),
                    ValueLayout(
                        type: model.dataType, length: load.length, bigEndian: true, shift: shift - selector.shiftedRight
                    )
                )
            case .hiddenMeta(let key, _):
                throw "\(KernelKeys.metaName(key)) has no form in vrc's model"
            }
        }

        /// The DSCP field a `payload write` sets, from the load and `bitwise` nft puts before it.
        func payloadSet(
            source: UInt32, base: UInt32, offset: UInt32, length: UInt32, checksumType: UInt32, checksumOffset: UInt32
        ) throws(LiftError) -> PayloadSet {
            guard case .selector(let selector) = try read(source), case .payload(let load) = selector.source,
                base == UInt32(NFT_PAYLOAD_NETWORK_HEADER.rawValue), load.offset == Int(offset),
                load.length == Int(length), offset == 0, length == 2, let mask = selector.mask,
                selector.shiftedRight == 0
            else { throw "a payload write other than ip dscp set or ip6 dscp set" }
            let xor = selector.xor ?? [0, 0]
            switch load.header {
            case .ip where mask == [0xFF, 0x03] && xor[0] == 0 && xor[1] & 0x03 == 0
                && checksumType == UInt32(NFT_PAYLOAD_CSUM_INET.rawValue) && checksumOffset == 10:
                return PayloadSet(.ipDscp, value: .integer(UInt64(xor[1] >> 2)))
            case .ip6 where mask == [0xF0, 0x3F] && xor[0] & 0xF0 == 0 && xor[1] & 0x3F == 0 && checksumType == 0:
                return PayloadSet(.ip6Dscp, value: .integer(UInt64(xor[0]) << 2 | UInt64(xor[1] >> 6)))
            default:
                throw "a payload write other than ip dscp set or ip6 dscp set"
            }
        }

        /// The value or expression a `meta set` or `ct set` writes.
        func setSource(_ register: UInt32, layout: ValueLayout) throws(LiftError) -> (Value?, Expression?, Bitwise?) {
            switch try read(register) {
            case .constant(let data):
                guard data.count >= layout.length else {
                    throw "a constant of \(data.count) bytes for a \(layout.type.rawValue)"
                }
                return (try layout.decode(data.prefix(layout.length)), nil, nil)
            case .selector(var selector):
                guard let mask = selector.mask, case .expression = selector.source, selector.shiftedRight == 0 else {
                    return (nil, try resolve(selector).expression, nil)
                }
                func number(_ bytes: [UInt8]) -> UInt64 {
                    let ordered = selector.bigEndian ? bytes : bytes.reversed()
                    return ordered.reduce(0) { $0 << 8 | UInt64($1) }
                }
                let bitwise = Bitwise(mask: number(mask), xor: number(selector.xor ?? []))
                selector.mask = nil
                selector.xor = nil
                return (nil, try resolve(selector).expression, bitwise)
            case .mapData:
                throw "setting a value looked up in a map has no form in vrc's model"
            }
        }

        // MARK: Statements and dependencies

        @discardableResult
        mutating func append(_ statement: Statement) -> Int {
            statements.append(statement)
            return statements.count - 1
        }

        /// Decides which header a `payload load` reads, consuming the dependency that established it.
        mutating func payloadLoad(base: UInt32, offset: Int, length: Int) throws(LiftError) -> LiftRegister.PayloadLoad
        {
            var consumed = false
            let header: PayloadHeader
            switch base {
            case UInt32(NFT_PAYLOAD_LL_HEADER.rawValue):
                if let linkDependency {
                    consume(linkDependency)
                    consumed = true
                    header = .ether
                } else if family == .bridge || family == .netdev {
                    header = .ether
                } else {
                    throw "a link-layer header load without a known link type"
                }
            case UInt32(NFT_PAYLOAD_NETWORK_HEADER.rawValue):
                if family == .ip {
                    header = .ip
                } else if family == .ip6 {
                    header = .ip6
                } else if let network, let networkDependency {
                    consume(networkDependency)
                    consumed = true
                    header = network
                } else {
                    throw "a network header load without a known network protocol"
                }
            case UInt32(NFT_PAYLOAD_TRANSPORT_HEADER.rawValue):
                if let transport, let known = PayloadHeader(transportProtocol: transport), let transportDependency {
                    consume(transportDependency)
                    consumed = true
                    header = known
                    // In inet tables nft also puts `meta nfproto` in front of ICMP and ICMPv6 matches.
                    if let networkDependency,
                        (known == .icmp && network == .ip) || (known == .icmpv6 && network == .ip6)
                    {
                        consume(networkDependency)
                    }
                } else {
                    header = .th
                }
            default:
                throw "a load from payload base \(base) has no form in vrc's model"
            }
            return LiftRegister.PayloadLoad(
                header: header, offset: offset, length: length, consumedDependency: consumed)
        }

        private mutating func consume(_ dependency: Int) {
            dependencies[dependency].consumed = true
            if dependencies[dependency].droppable, let statement = dependencies[dependency].statement {
                statements[statement] = nil
            }
        }

        mutating func noteNetworkDependency(nfproto: UInt64, statement: Int) {
            guard let header: PayloadHeader = nfproto == 2 ? .ip : nfproto == 10 ? .ip6 : nil else { return }
            network = header
            dependencies.append(Dependency(statement: statement, droppable: true, name: "meta nfproto"))
            networkDependency = dependencies.count - 1
        }

        mutating func noteTransportDependency(_ proto: UInt8, statement: Int, droppable: Bool) {
            transport = proto
            dependencies.append(Dependency(statement: statement, droppable: droppable, name: "l4 protocol \(proto)"))
            transportDependency = dependencies.count - 1
        }

        /// `meta iiftype` and `meta protocol` matches, which the model has no statement for: they must be
        /// dependencies of a later load, or the rule cannot be expressed.
        mutating func noteHiddenDependency(metaKey: UInt32, value: UInt64) throws(LiftError) {
            switch (metaKey, value) {
            case (KernelKeys.Meta.iiftype, 1):  // ARPHRD_ETHER
                dependencies.append(Dependency(statement: nil, droppable: true, name: "meta iiftype ether"))
                linkDependency = dependencies.count - 1
            case (KernelKeys.Meta.protocolType, 0x0800), (KernelKeys.Meta.protocolType, 0x86DD):
                dependencies.append(Dependency(statement: nil, droppable: true, name: "meta protocol"))
                network = value == 0x0800 ? .ip : .ip6
                networkDependency = dependencies.count - 1
            default:
                throw "\(KernelKeys.metaName(metaKey)) \(value) has no form in vrc's model"
            }
        }

        /// Checks that nothing the model cannot express was left over.
        func finish() throws(LiftError) {
            if let hidden = dependencies.first(where: { $0.statement == nil && !$0.consumed }) {
                throw "\(hidden.name) has no form in vrc's model"
            }
            if pendingMap { throw "a map lookup whose data no statement uses" }
        }

        // MARK: Reject and NAT

        mutating func reject(type: UInt32, code: UInt8) throws(LiftError) -> Reject {
            switch type {
            case UInt32(NFT_REJECT_TCP_RST.rawValue):
                if transport == 6, let transportDependency { consume(transportDependency) }
                return Reject(type: .tcpReset)
            case UInt32(NFT_REJECT_ICMP_UNREACH.rawValue):
                switch family {
                case .ip: return code == 3 ? Reject() : Reject(type: .icmp, code: code)
                case .ip6: return code == 4 ? Reject() : Reject(type: .icmpv6, code: code)
                default:
                    guard let network, let networkDependency else { throw "an ICMP reject without a network protocol" }
                    consume(networkDependency)
                    return Reject(type: network == .ip ? .icmp : .icmpv6, code: code)
                }
            case UInt32(NFT_REJECT_ICMPX_UNREACH.rawValue):
                let isDefault = code == UInt8(NFT_REJECT_ICMPX_PORT_UNREACH.rawValue) && family != .ip && family != .ip6
                return isDefault ? Reject() : Reject(type: .icmpx, code: code)
            default:
                throw "reject type \(type) has no form in vrc's model"
            }
        }

        mutating func nat(_ registers: KernelExpression.NATRegisters) throws(LiftError) -> NAT {
            guard
                let kind: NATKind = registers.type == UInt32(NFT_NAT_SNAT.rawValue)
                    ? .snat
                    : registers.type == UInt32(NFT_NAT_DNAT.rawValue) ? .dnat : nil
            else { throw "nat type \(registers.type)" }
            let addressFamily: NATFamily? =
                registers.family == UInt32(NFPROTO_IPV4) ? .ip : registers.family == UInt32(NFPROTO_IPV6) ? .ip6 : nil
            let target = try natTarget(
                family: addressFamily, addressMin: registers.addressMin, addressMax: registers.addressMax,
                protoMin: registers.protoMin, protoMax: registers.protoMax)
            // The family is written only in inet tables, where nft needs it (`dnat ip to ...`).
            let family: NATFamily? = self.family == .inet && registers.addressMin != nil ? addressFamily : nil
            return NAT(kind, family: family, to: target, flags: try StatementLifting.natFlags(registers.flags))
        }

        /// The target of a NAT statement from the registers its expression names.
        mutating func natTarget(
            family: NATFamily?, addressMin: UInt32?, addressMax: UInt32?, protoMin: UInt32?, protoMax: UInt32?
        ) throws(LiftError) -> NATTarget? {
            if let addressMin, case .mapData(let lookup, let index) = try read(addressMin) {
                guard index == 0 else { throw "a NAT address taken from the middle of map data" }
                pendingMap = false
                return .map(key: lookup.key, map: lookup.map)
            }
            var address: Value?
            if let addressMin {
                let length = family == .ip6 ? 16 : 4
                let layout = ValueLayout(type: length == 16 ? .ipv6Addr : .ipv4Addr, length: length, bigEndian: true)
                let low = try constant(addressMin, length: length)
                if let addressMax {
                    let high = try constant(addressMax, length: length)
                    let decoding = SetElementDecoding(
                        keyParts: [layout], dataParts: nil, isVerdictMap: false, isInterval: true)
                    address = try decoding.interval(layout, from: low[...], to: high[...])
                } else {
                    address = try layout.decode(low[...])
                }
            }
            var port: Value?
            if let protoMin {
                if case .mapData = try read(protoMin) { throw "a NAT port from a map without its address" }
                let layout = ValueLayout(type: .inetService, length: 2, bigEndian: true)
                let low = try constant(protoMin, length: 2)
                port = try layout.decode(low[...])
                if let protoMax {
                    let high = try constant(protoMax, length: 2)
                    if high != low { port = .range(try layout.decode(low[...]), try layout.decode(high[...])) }
                }
            }
            if address == nil && port == nil { return nil }
            return .address(address, port: port)
        }

        /// The gateway of a `dup` statement: a constant address of the table's family.
        func dupAddress(_ register: UInt32) throws(LiftError) -> IPAddress {
            guard family == .ip || family == .ip6 else { throw "dup to an address outside an ip or ip6 table" }
            let bytes = try constant(register, length: family == .ip ? 4 : 16)
            guard let address = IPAddress(bytes: bytes) else { throw "dup address of \(bytes.count) bytes" }
            return address
        }

        private func constant(_ register: UInt32, length: Int) throws(LiftError) -> [UInt8] {
            guard case .constant(let data) = try read(register), data.count >= length else {
                throw "a NAT register that holds no constant of \(length) bytes"
            }
            return Array(data.prefix(length))
        }
    }
}
