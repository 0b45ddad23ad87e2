/// The checks of one table, which share its sets and chains by name.
internal struct TableValidator {
    let table: Table
    let location: String
    let setsByName: [String: NFTSet]
    let chainsByName: [String: Chain]

    /// A base chain that a regular chain is (directly or through jumps) reached from.
    struct HookContext: Hashable {
        var chain: String
        var type: ChainType
        var hook: Hook
    }

    init(table: Table) {
        self.table = table
        self.location = "table \(table.family.rawValue) \(table.name)"
        var sets: [String: NFTSet] = [:]
        for set in table.sets where sets[set.name] == nil { sets[set.name] = set }
        self.setsByName = sets
        var chains: [String: Chain] = [:]
        for chain in table.chains where chains[chain.name] == nil { chains[chain.name] = chain }
        self.chainsByName = chains
    }

    func validate() throws(NFTablesError) {
        if let problem = NFTSyntax.nameProblem(table.name) {
            throw RulesetValidator.failure(location, "bad table name: \(problem)")
        }
        try checkComment(table.comment, at: location)
        var setNames: Set<String> = []
        for set in table.sets {
            guard setNames.insert(set.name).inserted else {
                throw RulesetValidator.failure(
                    "\(location), \(kind(of: set)) \(set.name)", "the table has two sets named \(set.name)")
            }
            try validate(set)
        }
        var chainNames: Set<String> = []
        for chain in table.chains {
            guard chainNames.insert(chain.name).inserted else {
                throw RulesetValidator.failure(
                    "\(location), chain \(chain.name)", "the table has two chains named \(chain.name)")
            }
        }
        let contexts = try hookContexts()
        for chain in table.chains {
            try validate(chain, contexts: contexts[chain.name] ?? [])
        }
    }

    func kind(of set: NFTSet) -> String { set.isMap ? "map" : "set" }

    func checkComment(_ comment: String?, at location: String) throws(NFTablesError) {
        guard let comment else { return }
        if let problem = NFTSyntax.quotedStringProblem(comment) {
            throw RulesetValidator.failure(location, "the comment \(problem)")
        }
        let length = comment.utf8.count
        if length > NFTSyntax.maxCommentBytes {
            throw RulesetValidator.failure(
                location, "the comment is \(length) bytes long, nft allows at most \(NFTSyntax.maxCommentBytes)")
        }
    }

    // MARK: - Chains

    private func validate(_ chain: Chain, contexts: Set<HookContext>) throws(NFTablesError) {
        let chainLocation = "\(location), chain \(chain.name)"
        if let problem = NFTSyntax.nameProblem(chain.name) {
            throw RulesetValidator.failure(chainLocation, "bad chain name: \(problem)")
        }
        try checkComment(chain.comment, at: chainLocation)
        if let hook = chain.hook {
            if let problem = baseChainProblem(hook) {
                throw RulesetValidator.failure(chainLocation, problem)
            }
        }
        let rules = chain.rules
        guard rules.count >= Self.parallelRules else {
            for (ruleIndex, rule) in rules.enumerated() {
                try validate(rule, at: "\(chainLocation), rule \(ruleIndex + 1)", contexts: contexts)
            }
            return
        }
        // Rules are checked on their own, so a long chain is checked in slices on every core; the first
        // problem by rule order is the one reported, as in the sequential walk.
        let slices = stride(from: 0, to: rules.count, by: Self.sliceRules).map {
            $0..<min($0 + Self.sliceRules, rules.count)
        }
        let outcomes = Parallel.map(slices) { slice -> NFTablesError? in
            do throws(NFTablesError) {
                for ruleIndex in slice {
                    try validate(rules[ruleIndex], at: "\(chainLocation), rule \(ruleIndex + 1)", contexts: contexts)
                }
                return nil
            } catch {
                return error
            }
        }
        if let first = outcomes.lazy.compactMap({ $0 }).first { throw first }
    }

    /// Chains with at least this many rules are checked in slices of `sliceRules` on every core.
    static let parallelRules = 1024
    static let sliceRules = 256

    private func validate(_ rule: Rule, at ruleLocation: String, contexts: Set<HookContext>) throws(NFTablesError) {
        guard !rule.statements.isEmpty else {
            throw RulesetValidator.failure(ruleLocation, "the rule has no statement")
        }
        try checkComment(rule.comment, at: ruleLocation)
        var terminal: Int?
        for (index, statement) in rule.statements.enumerated() {
            let statementLocation = "\(ruleLocation), statement \(index + 1)"
            if let terminal {
                throw RulesetValidator.failure(
                    statementLocation,
                    "statement \(terminal + 1) ends the rule (verdict, reject or NAT); nft refuses statements after it"
                )
            }
            try StatementValidator(
                table: self, location: statementLocation, previous: rule.statements[..<index], contexts: contexts
            ).validate(statement)
            switch statement {
            case .verdict, .reject, .nat: terminal = index
            default: break
            }
        }
    }

    /// Which type/hook/family/device combinations the kernel and nft accept for a base chain.
    private func baseChainProblem(_ base: BaseChain) -> String? {
        let family = table.family
        let allowed: [Hook]
        switch (family, base.type) {
        case (.ip, .filter), (.ip6, .filter), (.bridge, .filter):
            allowed = [.prerouting, .input, .forward, .output, .postrouting]
        case (.inet, .filter):
            allowed = [.prerouting, .input, .forward, .output, .postrouting, .ingress]
        case (.ip, .nat), (.ip6, .nat), (.inet, .nat):
            allowed = [.prerouting, .input, .output, .postrouting]
        case (.ip, .route), (.ip6, .route), (.inet, .route):
            allowed = [.output]
        case (.arp, .filter):
            allowed = [.input, .output]
        case (.netdev, .filter):
            allowed = [.ingress, .egress]
        default:
            allowed = []
        }
        guard allowed.contains(base.hook) else {
            let hooks = allowed.map(\.rawValue).joined(separator: ", ")
            return
                "a \(base.type.rawValue) chain of the \(family.rawValue) family cannot use the "
                + "\(base.hook.rawValue) hook"
                + (allowed.isEmpty ? " (the family has no \(base.type.rawValue) chains)" : " (it can use: \(hooks))")
        }
        let needsDevice = family == .netdev || (family == .inet && base.hook == .ingress)
        if needsDevice && base.device == nil {
            return "a \(family.rawValue) \(base.hook.rawValue) chain needs a device"
        }
        if !needsDevice && base.device != nil {
            return "only netdev chains and inet ingress chains are bound to a device"
        }
        if let device = base.device, let problem = StatementValidator.interfaceNameProblem(device, wildcard: false) {
            return "bad device: \(problem)"
        }
        return nil
    }

    // MARK: - Jumps

    /// A `jump` or `goto` from one chain to another, and where it is written.
    private struct Edge {
        var from: String?
        var to: String
        var location: String
    }

    /// Every jump and goto of the table: in rules, in anonymous verdict maps, and in the elements of
    /// named verdict maps (from each chain that looks one up).
    private func edges() -> [Edge] {
        var edges: [Edge] = []
        var mapUsers: [String: [String]] = [:]
        for chain in table.chains {
            let chainLocation = "\(location), chain \(chain.name)"
            for (ruleIndex, rule) in chain.rules.enumerated() {
                for (index, statement) in rule.statements.enumerated() {
                    let statementLocation = "\(chainLocation), rule \(ruleIndex + 1), statement \(index + 1)"
                    switch statement {
                    case .verdict(.jump(let target)), .verdict(.goto(let target)):
                        edges.append(Edge(from: chain.name, to: target, location: statementLocation))
                    case .verdictMap(let map):
                        switch map.map {
                        case .named(let name):
                            mapUsers[name, default: []].append(chain.name)
                        case .anonymous(let elements):
                            for (elementIndex, element) in elements.enumerated() {
                                if let target = element.verdict?.chainTarget {
                                    edges.append(
                                        Edge(
                                            from: chain.name, to: target,
                                            location: "\(statementLocation), element \(elementIndex + 1)"))
                                }
                            }
                        }
                    default:
                        break
                    }
                }
            }
        }
        for set in table.sets {
            for (elementIndex, element) in set.elements.enumerated() {
                guard let target = element.verdict?.chainTarget else { continue }
                let elementLocation = "\(location), map \(set.name), element \(elementIndex + 1)"
                let users = mapUsers[set.name] ?? []
                if users.isEmpty {
                    edges.append(Edge(from: nil, to: target, location: elementLocation))
                }
                for user in users {
                    edges.append(Edge(from: user, to: target, location: elementLocation))
                }
            }
        }
        return edges
    }

    /// Checks every jump target, the absence of loops and the nesting depth; returns, for each chain,
    /// the base chains it is reached from.
    private func hookContexts() throws(NFTablesError) -> [String: Set<HookContext>] {
        let edges = edges()
        var outgoing: [String: [Edge]] = [:]
        for edge in edges {
            guard let target = chainsByName[edge.to] else {
                throw RulesetValidator.failure(
                    edge.location, "jump or goto to chain '\(edge.to)', which the table does not have")
            }
            if target.hook != nil {
                throw RulesetValidator.failure(
                    edge.location, "jump or goto to base chain '\(edge.to)'; the kernel refuses it")
            }
            if let from = edge.from { outgoing[from, default: []].append(edge) }
        }

        // Depth-first search for loops, and the longest jump path from each chain.
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var depth: [String: Int] = [:]
        func visit(_ chain: String) throws(NFTablesError) -> Int {
            if marks[chain] == .done { return depth[chain] ?? 0 }
            marks[chain] = .visiting
            var longest = 0
            for edge in outgoing[chain] ?? [] {
                if marks[edge.to] == .visiting {
                    throw RulesetValidator.failure(
                        edge.location, "jump or goto to chain '\(edge.to)' closes a loop; the kernel refuses loops")
                }
                longest = max(longest, try visit(edge.to) + 1)
            }
            marks[chain] = .done
            depth[chain] = longest
            return longest
        }
        for chain in table.chains {
            let longest = try visit(chain.name)
            if chain.hook != nil && longest > RulesetValidator.maxJumpDepth {
                throw RulesetValidator.failure(
                    "\(location), chain \(chain.name)",
                    "rules reached from this base chain nest \(longest) jumps deep; the kernel allows "
                        + "\(RulesetValidator.maxJumpDepth)")
            }
        }

        var contexts: [String: Set<HookContext>] = [:]
        for chain in table.chains {
            guard let hook = chain.hook else { continue }
            let context = HookContext(chain: chain.name, type: hook.type, hook: hook.hook)
            var pending = [chain.name]
            while let name = pending.popLast() {
                guard contexts[name, default: []].insert(context).inserted else { continue }
                pending.append(contentsOf: (outgoing[name] ?? []).map(\.to))
            }
        }
        return contexts
    }
}

extension Verdict {
    /// The chain a `jump` or `goto` goes to.
    var chainTarget: String? {
        switch self {
        case .jump(let chain), .goto(let chain): return chain
        default: return nil
        }
    }
}
