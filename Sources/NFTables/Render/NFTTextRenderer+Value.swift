extension NFTTextRenderer {
    /// A value of a key whose parts have `types`: `192.0.2.1 . 22`, `192.0.2.0/24`, `80-90`.
    mutating func appendValue(_ value: Value, types: [DataType]) {
        if case .concat(let parts) = value {
            for (index, part) in parts.enumerated() {
                if index > 0 { output.append(" . ") }
                appendValue(part, type: index < types.count ? types[index] : nil)
            }
        } else {
            appendValue(value, type: types.first)
        }
    }

    /// One value of `type` (`nil` when the type is unknown: integers then render in decimal).
    mutating func appendValue(_ value: Value, type: DataType?) {
        switch value {
        case .integer(let number):
            appendInteger(number, type: type)
        case .address(let address):
            appendAddress(address)
        case .prefix(let address, let length):
            appendAddress(address)
            output.append("/")
            output.append(String(length))
        case .range(let low, let high):
            // nft reads `tcp-udp` or `echo-reply-echo-request` as one name, which it cannot resolve: the
            // bounds of a range are written as numbers (`6-17`), as `nft list` prints them.
            let wasSymbolic = symbolic
            symbolic = false
            appendValue(low, type: type)
            output.append("-")
            appendValue(high, type: type)
            symbolic = wasSymbolic
        case .string(let text):
            // A name of a typed constant ("established", "tcp") renders as nft writes that constant.
            if let type, type != .ifname, let number = NFTSymbols.number(of: text, as: type) {
                appendInteger(number, type: type)
            } else {
                appendQuoted(text)
            }
        case .ether(let bytes):
            appendEther(bytes)
        case .concat(let parts):
            for (index, part) in parts.enumerated() {
                if index > 0 { output.append(" . ") }
                appendValue(part, type: nil)
            }
        }
    }

    /// The number a value stands for in `type`: an integer, or a constant's name given as text.
    static func number(_ value: Value, as type: DataType) -> UInt64? {
        switch value {
        case .integer(let number): return number
        case .string(let text) where type != .ifname: return NFTSymbols.number(of: text, as: type)
        default: return nil
        }
    }

    /// An integer the way its type reads: a name where nft has one, marks in hex, the rest in decimal.
    /// Several flags join with `|`, which nft reads as one value (in a set, `,` would split them).
    mutating func appendInteger(_ number: UInt64, type: DataType?) {
        guard let type else {
            output.append(String(number))
            return
        }
        switch type {
        case .mark:
            appendHex(number)
        case .ctState, .ctStatus, .tcpFlag:
            appendFlags(number, type: type, separator: "|")
        case .ipv4Addr where number <= UInt64(UInt32.max):
            appendAddress(.v4(UInt32(number)))
        case .hour:
            // nft reads the time of day in its own time zone and keeps it as UTC: the text is exact where
            // nft runs in UTC; netlink carries the UTC seconds themselves.
            appendQuoted(NFTSymbols.timeOfDay(number))
        default:
            if symbolic, let name = NFTSymbols.name(of: number, as: type) {
                output.append(name)
            } else {
                output.append(String(number))
            }
        }
    }

    /// Flag bits by name (`established,related` or `syn|ack`), or in hex when a bit has no name.
    mutating func appendFlags(_ bits: UInt64, type: DataType, separator: String) {
        if symbolic, let names = NFTSymbols.flagNames(of: bits, as: type) {
            for (index, name) in names.enumerated() {
                if index > 0 { output.append(separator) }
                output.append(name)
            }
        } else {
            appendHex(bits)
        }
    }

    mutating func appendHex(_ number: UInt64) {
        output.append("0x")
        output.append(String(number, radix: 16))
    }

    /// An address, IPv4 written digit by digit since sets of a million addresses go through here.
    mutating func appendAddress(_ address: IPAddress) {
        switch address {
        case .v4(let value):
            output.append(String(value >> 24))
            output.append(".")
            output.append(String((value >> 16) & 0xFF))
            output.append(".")
            output.append(String((value >> 8) & 0xFF))
            output.append(".")
            output.append(String(value & 0xFF))
        case .v6:
            output.append(address.description)
        }
    }

    mutating func appendEther(_ bytes: [UInt8]) {
        let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"]
        for (index, byte) in bytes.enumerated() {
            if index > 0 { output.append(":") }
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0xF)])
        }
    }
}
