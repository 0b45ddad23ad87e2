/// Puts the kernel objects of one table together into the object model's `Table`, noting what it has to
/// leave out.
internal enum RulesetAssembly {
    /// The table with its named sets and its chains and their rules, in the kernel's order.
    static func table(
        _ table: KernelTable, chains: [KernelChain], sets: [KernelSet], rules: [KernelRule],
        problems: inout [ReadProblem]
    ) -> Table {
        let tableLocation = "table \(table.family.rawValue) \(table.name)"
        var result = Table(family: table.family, name: table.name, comment: table.comment, handle: table.handle)
        if table.flags & 0x1 != 0 {
            problems.append(
                ReadProblem(location: tableLocation, reason: "the table is dormant, which vrc's model cannot express"))
        }
        var setsByName: [String: KernelSet] = [:]
        var unreadableSets: Set<String> = []
        for set in sets {
            setsByName[set.name] = set
            guard !set.isAnonymous else { continue }
            do {
                result.sets.append(try set.modelSet())
            } catch {
                problems.append(ReadProblem(location: "\(tableLocation), set \(set.name)", reason: error.description))
                unreadableSets.insert(set.name)
            }
        }
        var rulesByChain: [String: [KernelRule]] = [:]
        for rule in rules { rulesByChain[rule.chain, default: []].append(rule) }
        let lifter = ExpressionLifter(family: table.family, sets: setsByName, unreadableSets: unreadableSets)
        for kernelChain in chains {
            let chainLocation = "\(tableLocation), chain \(kernelChain.name)"
            var chain: Chain
            switch kernelChain.modelChain(family: table.family) {
            case .success(let modelChain): chain = modelChain
            case .failure(let error):
                problems.append(ReadProblem(location: chainLocation, reason: error.description))
                continue
            }
            for (index, kernelRule) in (rulesByChain[kernelChain.name] ?? []).enumerated() {
                do {
                    let statements = try lifter.lift(kernelRule.expressions)
                    chain.rules.append(Rule(statements, comment: kernelRule.comment, handle: kernelRule.handle))
                } catch {
                    let handle = kernelRule.handle.map { " (handle \($0))" } ?? ""
                    problems.append(
                        ReadProblem(location: "\(chainLocation), rule \(index + 1)\(handle)", reason: error.description)
                    )
                }
            }
            result.chains.append(chain)
        }
        return result
    }
}
