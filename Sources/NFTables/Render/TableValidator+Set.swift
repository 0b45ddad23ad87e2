extension TableValidator {
    /// The longest key or datum the kernel stores, in bytes (`NFT_DATA_VALUE_MAXLEN`); each part of a
    /// concatenation takes a multiple of 4 bytes.
    static let maxKeyBytes = 64

    func validate(_ set: NFTSet) throws(NFTablesError) {
        let setLocation = "\(location), \(kind(of: set)) \(set.name)"
        func fail(_ reason: String) -> NFTablesError { RulesetValidator.failure(setLocation, reason) }

        if let problem = NFTSyntax.nameProblem(set.name) {
            throw fail("bad \(kind(of: set)) name: \(problem)")
        }
        if set.name.contains("%") {
            throw fail("a set name with '%' is a template the kernel fills in; choose another name")
        }
        try checkComment(set.comment, at: setLocation)
        if let problem = Self.typeProblem(set.keyType, role: "key") {
            throw fail(problem)
        }
        if set.keyType.contains(.verdict) {
            throw fail("a verdict cannot be (part of) a key")
        }
        if let dataType = set.dataType {
            if let problem = Self.typeProblem(dataType, role: "data") {
                throw fail(problem)
            }
            if dataType.contains(.verdict) && dataType.count > 1 {
                throw fail("the data of a verdict map is a verdict alone, not a concatenation")
            }
        }
        var flags: Set<SetFlag> = []
        for flag in set.flags where !flags.insert(flag).inserted {
            throw fail("the flag \(flag.rawValue) is given twice")
        }
        if flags.contains(.constant) && flags.contains(.timeout) {
            throw fail("a constant set cannot have the timeout flag; the kernel refuses it")
        }
        if let timeout = set.timeout {
            guard flags.contains(.timeout) else {
                throw fail("a timeout needs the timeout flag (nft would add it silently)")
            }
            guard timeout > 0 else { throw fail("the timeout is 0 ms; leave it out for elements that never expire") }
        }
        if set.size == 0 {
            throw fail("a size of 0 leaves no room for elements; leave it out for no limit")
        }
        if let size = set.size, set.elements.count > Int(size) {
            throw fail("\(set.elements.count) elements do not fit the size \(size); the kernel refuses them")
        }
        let interval = flags.contains(.interval)
        if set.autoMerge && !interval {
            throw fail("auto-merge works only with the interval flag")
        }

        let keySlots = ValueSlot.slots(for: set.keyType)
        let dataSlots = set.dataType.map { ValueSlot.slots(for: $0) }
        for (index, element) in set.elements.enumerated() {
            if !interval && ValueSlot.isInterval(element.key) {
                throw RulesetValidator.failure(
                    "\(setLocation), element \(index + 1)",
                    "\(ValueSlot.text(of: element.key)) is an interval; the \(kind(of: set)) needs the interval flag")
            }
            try checkElement(
                element, keySlots: keySlots, dataSlots: dataSlots, verdicts: set.isVerdictMap, intervals: interval,
                at: "\(setLocation), element \(index + 1)")
        }
        let numbered = set.elements.enumerated().map { (number: $0.offset + 1, value: $0.element.key) }
        if let problem = ValueSlot.overlapProblem(numbered, mergesAdjacent: set.autoMerge && !set.isMap) {
            throw fail(problem)
        }
    }

    /// Checks an element of a named or anonymous set or map against the key and data types.
    func checkElement(
        _ element: SetElement,
        keySlots: [ValueSlot],
        dataSlots: [ValueSlot]?,
        verdicts: Bool,
        intervals: Bool,
        at location: @autoclosure () -> String
    ) throws(NFTablesError) {
        func fail(_ reason: String) -> NFTablesError { RulesetValidator.failure(location(), reason) }
        if let problem = Self.keyProblem(element.key, slots: keySlots, intervals: intervals) {
            throw fail(problem)
        }
        if element.comment != nil {
            try checkComment(element.comment, at: location())
        }
        if verdicts {
            guard element.value == nil else { throw fail("an element of a verdict map has a verdict, not a value") }
            guard element.verdict != nil else { throw fail("an element of a verdict map needs a verdict") }
        } else if let dataSlots {
            guard element.verdict == nil else { throw fail("only verdict maps hold verdicts") }
            guard let value = element.value else { throw fail("an element of a map needs a value") }
            // A map to one address type may map to ranges and prefixes (`: interval ipv4_addr`, NAT pools);
            // nft 1.0.6 garbles interval data of number types and the encoder has no interval concatenations.
            let addressData = dataSlots.count == 1 && [.ipv4Addr, .ipv6Addr].contains(dataSlots[0].type)
            if let problem = Self.keyProblem(value, slots: dataSlots, intervals: addressData) {
                throw fail("value: \(problem)")
            }
        } else if element.value != nil || element.verdict != nil {
            throw fail("an element of a set has only a key; use a map for values or verdicts")
        }
    }

    /// Why a set's key or data type cannot be declared with `type`, or `nil` when it can.
    static func typeProblem(_ types: [DataType], role: String) -> String? {
        guard !types.isEmpty else { return "the \(role) type is empty" }
        if types.contains(.integer) {
            return "nft cannot declare a \(role) of type integer (it asks for `typeof`, which the model lacks);"
                + " use a more specific type such as mark or inet_service"
        }
        if types.contains(.hour) {
            return "nft 1.0.6 has no type name for a \(role) of times of day (hour is a keyword there);"
                + " use an anonymous set in the rule"
        }
        let bytes = types.reduce(0) { $0 + ($1.byteLength + 3) / 4 * 4 }
        if bytes > maxKeyBytes {
            return "the \(role) \(ValueSlot.typeText(types)) takes \(bytes) bytes; the kernel allows \(maxKeyBytes)"
        }
        return nil
    }

    /// Why a value does not fit a key (or datum) with these parts, or `nil` when it does.
    static func keyProblem(_ value: Value, slots: [ValueSlot], intervals: Bool) -> String? {
        if slots.count == 1 {
            return slots[0].problem(with: value, intervals: intervals)
        }
        let expected = slots.map(\.label).joined(separator: " . ")
        guard case .concat(let parts) = value else {
            return "\(ValueSlot.text(of: value)) is a single value, but the key is a concatenation (\(expected))"
        }
        guard parts.count == slots.count else {
            return "\(ValueSlot.text(of: value)) has \(parts.count) parts, but the key has \(slots.count) "
                + "(\(expected))"
        }
        for (index, part) in parts.enumerated() {
            if let problem = slots[index].problem(with: part, intervals: intervals) {
                return "part \(index + 1): \(problem)"
            }
        }
        return nil
    }
}
