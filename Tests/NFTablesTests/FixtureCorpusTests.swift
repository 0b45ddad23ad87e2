import Foundation
import NFTables
import Testing

/// The rulesets in `fixtures/rulesets/`: each decodes, round-trips through JSON, validates, renders to
/// text that `nft` loads, and together they use every statement, selector, reject type, NAT form,
/// set flag, family, hook and chain type the model has.
@Suite("Fixture corpus")
struct FixtureCorpusTests {
    static let names = Fixtures.rulesetNames

    @Test("the corpus holds at least 45 rulesets")
    func corpusSize() {
        #expect(Self.names.count >= 45, "only \(Self.names.count) rulesets in \(Fixtures.rulesetsDirectory.path)")
    }

    @Test("decodes, encodes and decodes to the same ruleset", arguments: names)
    func codableRoundTrip(name: String) throws {
        let ruleset = try Fixtures.ruleset(name)
        #expect(!ruleset.tables.isEmpty)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let encoded = try encoder.encode(ruleset)
        let decoded = try JSONDecoder().decode(Ruleset.self, from: encoded)
        #expect(decoded == ruleset)
        #expect(try encoder.encode(decoded) == encoded)
    }

    @Test("validates", arguments: names)
    func validates(name: String) throws {
        let ruleset = try Fixtures.ruleset(name)
        #expect(throws: Never.self) { try ruleset.validate() }
    }

    @Test("nft -c accepts the rendered text", .kernel, arguments: names)
    func nftChecksRenderedText(name: String) throws {
        try KernelTestGate.check()
        let text = try Fixtures.ruleset(name).nftText()
        let result = try ProcessRunner.run(["unshare", "-n", "nft", "-c", "-f", "-"], input: text)
        #expect(result.status == 0, "nft -c refused \(name):\n\(result.stderr)\n\(text)")
    }

    @Test("nft -f loads the rendered text into a fresh namespace, and lists it", .kernel, arguments: names)
    func nftLoadsRenderedText(name: String) throws {
        try KernelTestGate.check()
        let ruleset = try Fixtures.ruleset(name)
        let text = ruleset.nftText()
        let result = try ProcessRunner.run(
            ["unshare", "-n", "sh", "-c", "nft -f - && nft list ruleset"], input: text)
        try #require(result.status == 0, "nft refused \(name):\n\(result.stderr)\n\(text)")
        for table in ruleset.tables {
            #expect(result.stdout.contains("table \(table.family.rawValue) \(table.name) {"), "\(table.name) missing")
            for set in table.sets {
                let header = "\(set.isMap ? "map" : "set") \(set.name) {"
                #expect(result.stdout.contains(header), "\(header) missing from the listing")
            }
            for chain in table.chains {
                #expect(result.stdout.contains("chain \(chain.name) {"), "chain \(chain.name) missing from the listing")
            }
        }
    }

    // MARK: - Coverage

    /// What the whole corpus uses, gathered once.
    fileprivate static let coverage: CorpusCoverage = {
        var coverage = CorpusCoverage()
        for name in names {
            if let ruleset = try? Fixtures.ruleset(name) { coverage.add(ruleset) }
        }
        return coverage
    }()

    @Test("uses every statement kind")
    func statementKinds() {
        let missing = Set(StatementKind.allCases).subtracting(Self.coverage.statementKinds)
        #expect(missing.isEmpty, "no fixture uses: \(missing.map(\.rawValue).sorted())")
    }

    @Test("uses every expression selector")
    func selectors() {
        let missingPayload = Set(PayloadField.allCases).subtracting(Self.coverage.payloadFields)
        #expect(missingPayload.isEmpty, "no fixture uses: \(missingPayload.map(\.rawValue).sorted())")
        let missingMeta = Set(MetaKey.allCases).subtracting(Self.coverage.metaKeys)
        #expect(missingMeta.isEmpty, "no fixture uses meta \(missingMeta.map(\.rawValue).sorted())")
        let missingCt = Set(CtKey.allCases).subtracting(Self.coverage.ctKeys)
        #expect(missingCt.isEmpty, "no fixture uses ct \(missingCt.map(\.rawValue).sorted())")
        let missingKinds = Set(ExpressionKind.allCases).subtracting(Self.coverage.expressionKinds)
        #expect(missingKinds.isEmpty, "no fixture uses: \(missingKinds.map(\.rawValue).sorted())")
        let missingModes = Set(NumgenMode.allCases).subtracting(Self.coverage.numgenModes)
        #expect(missingModes.isEmpty, "no fixture uses numgen \(missingModes.map(\.rawValue).sorted())")
    }

    @Test("uses every match operator, operand kind, value kind, and masks")
    func matches() {
        let missingOperators = Set(MatchOperator.allCases).subtracting(Self.coverage.operators)
        #expect(missingOperators.isEmpty, "no fixture uses: \(missingOperators.map(\.rawValue).sorted())")
        let missingOperands = Set(OperandKind.allCases).subtracting(Self.coverage.operandKinds)
        #expect(missingOperands.isEmpty, "no fixture uses: \(missingOperands.map(\.rawValue).sorted())")
        let missingValues = Set(ValueKind.allCases).subtracting(Self.coverage.valueKinds)
        #expect(missingValues.isEmpty, "no fixture uses: \(missingValues.map(\.rawValue).sorted())")
        #expect(Self.coverage.maskedMatches > 0, "no fixture uses a masked match")
        let flagTypes: Set<DataType> = [.ctState, .ctStatus, .tcpFlag]
        let missingFlagForms = flagTypes.flatMap { type in
            MatchOperator.allCases.filter { $0 == .eq || $0 == .neq }.map { "\(type.rawValue) \($0.rawValue)" }
        }.filter { !Self.coverage.flagMatchForms.contains($0) }
        #expect(missingFlagForms.isEmpty, "no fixture uses the flag matches: \(missingFlagForms.sorted())")
    }

    @Test("uses every verdict, and verdict maps both named and anonymous")
    func verdicts() {
        let missing = Set(VerdictKind.allCases).subtracting(Self.coverage.verdictKinds)
        #expect(missing.isEmpty, "no fixture uses: \(missing.map(\.rawValue).sorted())")
        #expect(Self.coverage.namedVerdictMaps > 0, "no fixture looks up a named verdict map")
        #expect(Self.coverage.anonymousVerdictMaps > 0, "no fixture uses an anonymous verdict map")
    }

    @Test("uses every reject type, with and without a code")
    func rejects() {
        let types: [RejectType?] = [nil] + RejectType.allCases.map { $0 }
        let missing = types.filter { !Self.coverage.rejectTypes.contains($0) }
        #expect(missing.isEmpty, "no fixture rejects with: \(missing.map { $0?.rawValue ?? "(default)" })")
        let codeTypes: [RejectType] = [.icmp, .icmpv6, .icmpx]
        let withoutCodes = codeTypes.filter { !Self.coverage.rejectTypesWithCode.contains($0) }
        #expect(withoutCodes.isEmpty, "no fixture gives a code for: \(withoutCodes.map(\.rawValue))")
    }

    @Test("uses every NAT kind, target form, family and flag")
    func nat() {
        let missingKinds = Set(NATKind.allCases).subtracting(Self.coverage.natKinds)
        #expect(missingKinds.isEmpty, "no fixture uses: \(missingKinds.map(\.rawValue).sorted())")
        let missingForms = Set(NATTargetForm.allCases).subtracting(Self.coverage.natTargetForms)
        #expect(missingForms.isEmpty, "no fixture uses the NAT target form: \(missingForms.map(\.rawValue).sorted())")
        let missingFamilies = Set(NATFamily.allCases).subtracting(Self.coverage.natFamilies)
        #expect(missingFamilies.isEmpty, "no fixture uses: \(missingFamilies.map(\.rawValue).sorted())")
        let missingFlags = Set(NATFlag.allCases).subtracting(Self.coverage.natFlags)
        #expect(missingFlags.isEmpty, "no fixture uses: \(missingFlags.map(\.rawValue).sorted())")
        #expect(Self.coverage.natMapKeys.contains(.numgen), "no fixture maps a numgen to NAT addresses")
        #expect(Self.coverage.natMapKeys.contains(.jhash), "no fixture maps a jhash to NAT addresses")
    }

    @Test("uses every set flag and set type, maps, concatenated interval sets, timeouts, sizes and comments")
    func sets() {
        let missingFlags = Set(SetFlag.allCases).subtracting(Self.coverage.setFlags)
        #expect(missingFlags.isEmpty, "no fixture uses: \(missingFlags.map(\.rawValue).sorted())")
        // nft declares no set of plain integers (it wants `typeof`) nor of times of day (`hour` is a keyword),
        // so those types have no fixture.
        let declarable = Set(DataType.allCases).subtracting([.integer, .hour])
        let missingTypes = declarable.subtracting(Self.coverage.setTypes)
        #expect(missingTypes.isEmpty, "no set or map is of type: \(missingTypes.map(\.rawValue).sorted())")
        #expect(Self.coverage.concatenatedIntervalSets > 0, "no concatenated interval set")
        #expect(Self.coverage.dataMaps > 0, "no map with data other than verdicts")
        #expect(Self.coverage.setsWithTimeout > 0 && Self.coverage.setsWithSize > 0, "no set timeout or size")
        #expect(Self.coverage.autoMergeSets > 0, "no auto-merge set")
    }

    @Test("uses every family, hook, chain type and policy, an ingress chain on lo, comments and odd names")
    func tablesAndChains() {
        let missingFamilies = Set(TableFamily.allCases).subtracting(Self.coverage.families)
        #expect(missingFamilies.isEmpty, "no fixture has a table of: \(missingFamilies.map(\.rawValue).sorted())")
        let missingHooks = Set(Hook.allCases).subtracting(Self.coverage.hooks)
        #expect(missingHooks.isEmpty, "no base chain at: \(missingHooks.map(\.rawValue).sorted())")
        let missingTypes = Set(ChainType.allCases).subtracting(Self.coverage.chainTypes)
        #expect(missingTypes.isEmpty, "no base chain of type: \(missingTypes.map(\.rawValue).sorted())")
        // A base chain always has a policy in the kernel, so canonical fixtures spell it out.
        let missingPolicies = Set(ChainPolicy.allCases).subtracting(Self.coverage.policies.compactMap { $0 })
        #expect(missingPolicies.isEmpty, "no base chain with policy: \(missingPolicies.map(\.rawValue).sorted())")
        #expect(!Self.coverage.policies.contains(nil), "a base chain leaves its policy out; write it")
        #expect(Self.coverage.netdevIngressDevices.contains("lo"), "no netdev ingress chain on device lo")
        let missingComments = Set(CommentPlace.allCases).subtracting(Self.coverage.commentPlaces)
        #expect(missingComments.isEmpty, "no comment on: \(missingComments.map(\.rawValue).sorted())")
        // The kernel logs at warn when no level is given and reads warn back as no level, so canonical
        // fixtures write `log` for it.
        let missingLevels = Set(LogLevel.allCases).subtracting([.warn]).subtracting(Self.coverage.logLevels)
        #expect(missingLevels.isEmpty, "no log at level: \(missingLevels.map(\.rawValue).sorted())")
        let missingUnits = Set(TimeUnit.allCases).subtracting(Self.coverage.limitUnits)
        #expect(missingUnits.isEmpty, "no limit per: \(missingUnits.map(\.rawValue).sorted())")
        #expect(Self.coverage.unusualNames > 0, "no name with '.', '/', '-' or a leading '_' or '.'")
    }
}

// MARK: - What the corpus uses

/// The kinds of statement, one per case of `Statement`.
private enum StatementKind: String, CaseIterable {
    case match, counter, log, limit, verdict, verdictMap, reject, nat, metaSet, ctSet, notrack, payloadSet, dup

    init(_ statement: Statement) {
        switch statement {
        case .match: self = .match
        case .counter: self = .counter
        case .log: self = .log
        case .limit: self = .limit
        case .verdict: self = .verdict
        case .verdictMap: self = .verdictMap
        case .reject: self = .reject
        case .nat: self = .nat
        case .metaSet: self = .metaSet
        case .ctSet: self = .ctSet
        case .notrack: self = .notrack
        case .payloadSet: self = .payloadSet
        case .dup: self = .dup
        }
    }
}

/// The kinds of expression, one per case of `Expression`.
private enum ExpressionKind: String, CaseIterable {
    case payload, meta, ct, concat, numgen, jhash, fib, exthdr

    init(_ expression: NFTables.Expression) {
        switch expression {
        case .payload: self = .payload
        case .meta: self = .meta
        case .ct: self = .ct
        case .concat: self = .concat
        case .numgen: self = .numgen
        case .jhash: self = .jhash
        case .fib: self = .fib
        case .exthdr: self = .exthdr
        }
    }
}

/// The kinds of match operand, one per case of `Operand`.
private enum OperandKind: String, CaseIterable {
    case value, anonymousSet, namedSet

    init(_ operand: Operand) {
        switch operand {
        case .value: self = .value
        case .set: self = .anonymousSet
        case .named: self = .namedSet
        }
    }
}

/// The kinds of value, one per case of `Value`.
private enum ValueKind: String, CaseIterable {
    case integer, address, prefix, range, string, ether, concat

    init(_ value: Value) {
        switch value {
        case .integer: self = .integer
        case .address: self = .address
        case .prefix: self = .prefix
        case .range: self = .range
        case .string: self = .string
        case .ether: self = .ether
        case .concat: self = .concat
        }
    }
}

/// The kinds of verdict, one per case of `Verdict`.
private enum VerdictKind: String, CaseIterable {
    case accept, drop, `continue`, `return`, jump, goto

    init(_ verdict: Verdict) {
        switch verdict {
        case .accept: self = .accept
        case .drop: self = .drop
        case .continue: self = .continue
        case .return: self = .return
        case .jump: self = .jump
        case .goto: self = .goto
        }
    }
}

/// The forms a NAT target takes: nothing, an address, a range, a port, both, or a map.
private enum NATTargetForm: String, CaseIterable {
    case none, address, addressRange, port, portRange, addressAndPort, addressRangeAndPortRange, namedMap, anonymousMap

    init(_ target: NATTarget?) {
        switch target {
        case .none:
            self = .none
        case .address(let address, let port):
            let addressIsRange = address.map { if case .range = $0 { true } else { false } } ?? false
            let portIsRange = port.map { if case .range = $0 { true } else { false } } ?? false
            switch (address, port) {
            case (.some, .some): self = addressIsRange && portIsRange ? .addressRangeAndPortRange : .addressAndPort
            case (.some, .none): self = addressIsRange ? .addressRange : .address
            case (.none, .some): self = portIsRange ? .portRange : .port
            case (.none, .none): self = .none
            }
        case .map(_, .named):
            self = .namedMap
        case .map(_, .anonymous):
            self = .anonymousMap
        }
    }
}

/// The objects that carry a comment.
private enum CommentPlace: String, CaseIterable {
    case table, chain, rule, set, element
}

/// Everything the corpus uses, by kind.
private struct CorpusCoverage {
    var statementKinds: Set<StatementKind> = []
    var payloadFields: Set<PayloadField> = []
    var metaKeys: Set<MetaKey> = []
    var ctKeys: Set<CtKey> = []
    var expressionKinds: Set<ExpressionKind> = []
    var numgenModes: Set<NumgenMode> = []
    var operators: Set<MatchOperator> = []
    var operandKinds: Set<OperandKind> = []
    var valueKinds: Set<ValueKind> = []
    var maskedMatches = 0
    var flagMatchForms: Set<String> = []
    var verdictKinds: Set<VerdictKind> = []
    var namedVerdictMaps = 0
    var anonymousVerdictMaps = 0
    var rejectTypes: Set<RejectType?> = []
    var rejectTypesWithCode: Set<RejectType> = []
    var natKinds: Set<NATKind> = []
    var natTargetForms: Set<NATTargetForm> = []
    var natFamilies: Set<NATFamily> = []
    var natFlags: Set<NATFlag> = []
    var natMapKeys: Set<ExpressionKind> = []
    var setFlags: Set<SetFlag> = []
    var setTypes: Set<DataType> = []
    var concatenatedIntervalSets = 0
    var dataMaps = 0
    var setsWithTimeout = 0
    var setsWithSize = 0
    var autoMergeSets = 0
    var families: Set<TableFamily> = []
    var hooks: Set<Hook> = []
    var chainTypes: Set<ChainType> = []
    var policies: Set<ChainPolicy?> = []
    var netdevIngressDevices: Set<String> = []
    var commentPlaces: Set<CommentPlace> = []
    var logLevels: Set<LogLevel> = []
    var limitUnits: Set<TimeUnit> = []
    var unusualNames = 0

    mutating func add(_ ruleset: Ruleset) {
        for table in ruleset.tables {
            families.insert(table.family)
            if table.comment != nil { commentPlaces.insert(.table) }
            noteName(table.name)
            for set in table.sets { add(set) }
            for chain in table.chains { add(chain, family: table.family) }
        }
    }

    private mutating func noteName(_ name: String) {
        if name.contains(where: { ".-/".contains($0) }) || name.hasPrefix("_") { unusualNames += 1 }
    }

    private mutating func add(_ set: NFTSet) {
        noteName(set.name)
        setFlags.formUnion(set.flags)
        setTypes.formUnion(set.keyType)
        setTypes.formUnion(set.dataType ?? [])
        if set.flags.contains(.interval) && set.keyType.count > 1 { concatenatedIntervalSets += 1 }
        if set.isMap && !set.isVerdictMap { dataMaps += 1 }
        if set.timeout != nil { setsWithTimeout += 1 }
        if set.size != nil { setsWithSize += 1 }
        if set.autoMerge { autoMergeSets += 1 }
        if set.comment != nil { commentPlaces.insert(.set) }
        for element in set.elements { add(element) }
    }

    private mutating func add(_ element: SetElement) {
        add(element.key)
        if let value = element.value { add(value) }
        if let verdict = element.verdict { verdictKinds.insert(VerdictKind(verdict)) }
        if element.comment != nil { commentPlaces.insert(.element) }
    }

    private mutating func add(_ chain: Chain, family: TableFamily) {
        noteName(chain.name)
        if chain.comment != nil { commentPlaces.insert(.chain) }
        if let hook = chain.hook {
            hooks.insert(hook.hook)
            chainTypes.insert(hook.type)
            policies.insert(hook.policy)
            if family == .netdev && hook.hook == .ingress, let device = hook.device {
                netdevIngressDevices.insert(device)
            }
        }
        for rule in chain.rules {
            if rule.comment != nil { commentPlaces.insert(.rule) }
            for statement in rule.statements { add(statement) }
        }
    }

    private mutating func add(_ statement: Statement) {
        statementKinds.insert(StatementKind(statement))
        switch statement {
        case .dup(let address):
            add(.address(address))
        case .match(let match):
            add(match.left)
            operators.insert(match.op)
            operandKinds.insert(OperandKind(match.right))
            switch match.right {
            case .value(let value): add(value)
            case .set(let values): for value in values { add(value) }
            case .named: break
            }
            if match.mask != nil { maskedMatches += 1 }
            if let type = match.left.dataTypes.first, match.left.dataTypes.count == 1, type.isBitmask,
                match.mask == nil, case .value = match.right
            {
                flagMatchForms.insert("\(type.rawValue) \(match.op.rawValue)")
            }
        case .log(let log):
            if let level = log.level { logLevels.insert(level) }
        case .limit(let limit):
            limitUnits.insert(limit.unit)
        case .verdict(let verdict):
            verdictKinds.insert(VerdictKind(verdict))
        case .verdictMap(let map):
            add(map.key)
            switch map.map {
            case .named: namedVerdictMaps += 1
            case .anonymous(let elements):
                anonymousVerdictMaps += 1
                for element in elements { add(element) }
            }
        case .reject(let reject):
            rejectTypes.insert(reject.type)
            if let type = reject.type, reject.code != nil { rejectTypesWithCode.insert(type) }
        case .nat(let nat):
            natKinds.insert(nat.kind)
            natTargetForms.insert(NATTargetForm(nat.to))
            if let family = nat.family { natFamilies.insert(family) }
            natFlags.formUnion(nat.flags)
            switch nat.to {
            case .address(let address, let port):
                if let address { add(address) }
                if let port { add(port) }
            case .map(let key, let source):
                add(key)
                natMapKeys.insert(ExpressionKind(key))
                if case .anonymous(let elements) = source { for element in elements { add(element) } }
            case .none:
                break
            }
        case .metaSet(let set):
            metaKeys.insert(set.key)
            if let from = set.from { add(from) }
            if let value = set.value { add(value) }
        case .ctSet(let set):
            ctKeys.insert(set.key)
            if let from = set.from { add(from) }
            if let value = set.value { add(value) }
        case .payloadSet(let set): add(.payload(set.field))
        case .counter, .notrack:
            break
        }
    }

    private mutating func add(_ expression: NFTables.Expression) {
        expressionKinds.insert(ExpressionKind(expression))
        switch expression {
        case .payload(let field): payloadFields.insert(field)
        case .meta(let key): metaKeys.insert(key)
        case .ct(let key): ctKeys.insert(key)
        case .concat(let parts): for part in parts { add(part) }
        case .numgen(let mode, _, _): numgenModes.insert(mode)
        case .jhash(let input, _, _, _): add(input)
        case .fib, .exthdr: break
        }
    }

    private mutating func add(_ value: Value) {
        valueKinds.insert(ValueKind(value))
        switch value {
        case .range(let low, let high):
            add(low)
            add(high)
        case .concat(let parts):
            for part in parts { add(part) }
        default:
            break
        }
    }
}
