/// Writes tables as `nft` text: the input `nft -f` reads, laid out the way `nft list` prints it.
///
/// The renderer trusts its input: run `Ruleset.validate()` first, since text rendered from a model
/// that nft or the kernel would refuse (a keyword as a chain name, a quote inside a comment) is not
/// valid `nft` input either. Output is built by appending into one preallocated string, because
/// benchmarks render sets of a million elements through it.
internal struct NFTTextRenderer {
    /// Whether constants render by name (`echo-request`, `established`) or as plain numbers.
    var symbolic: Bool

    /// The text rendered so far; the statement and value renderers in the other files append to it.
    var output: String = ""

    /// Creates a renderer; `symbolic: false` writes every typed constant as a number.
    init(symbolic: Bool = true) {
        self.symbolic = symbolic
    }

    /// Renders every table of `ruleset`, in order.
    mutating func render(_ ruleset: Ruleset) -> String {
        output = ""
        output.reserveCapacity(ruleset.tables.reduce(0) { $0 + Self.estimatedSize(of: $1) })
        for (index, table) in ruleset.tables.enumerated() {
            if index > 0 { output.append("\n") }
            append(table)
        }
        return output
    }

    /// Renders one table.
    mutating func render(_ table: Table) -> String {
        output = ""
        output.reserveCapacity(Self.estimatedSize(of: table))
        append(table)
        return output
    }

    /// A generous guess of the text length, so that the output grows without copying.
    private static func estimatedSize(of table: Table) -> Int {
        var size = 256
        for set in table.sets {
            size += 256 + set.elements.count * (set.keyType.count + (set.dataType?.count ?? 0)) * 24
        }
        for chain in table.chains {
            size += 256 + chain.rules.count * 160
            for rule in chain.rules {
                for statement in rule.statements {
                    switch statement {
                    case .match(let match):
                        if case .set(let values) = match.right { size += values.count * 24 }
                    case .verdictMap(let map):
                        if case .anonymous(let elements) = map.map { size += elements.count * 40 }
                    case .nat(let nat):
                        if case .map(_, .anonymous(let elements)) = nat.to { size += elements.count * 48 }
                    default: break
                    }
                }
            }
        }
        return size
    }

    // MARK: - Tables, sets, chains, rules

    private mutating func append(_ table: Table) {
        output.append("table ")
        output.append(table.family.rawValue)
        output.append(" ")
        appendName(table.name)
        output.append(" {\n")
        var first = true
        if let comment = table.comment {
            output.append("\tcomment ")
            appendQuoted(comment)
            output.append("\n")
            first = false
        }
        for set in table.sets {
            if !first { output.append("\n") }
            append(set)
            first = false
        }
        for chain in table.chains {
            if !first { output.append("\n") }
            append(chain)
            first = false
        }
        output.append("}\n")
    }

    private mutating func append(_ set: NFTSet) {
        output.append(set.isMap ? "\tmap " : "\tset ")
        appendName(set.name)
        // Once per set: the elements of large sets are many.
        let intervalData = set.hasIntervalData
        output.append(" {\n\t\ttype ")
        appendTypes(set.keyType)
        if let dataType = set.dataType {
            output.append(intervalData ? " : interval " : " : ")
            appendTypes(dataType)
        }
        output.append("\n")
        if !set.flags.isEmpty {
            output.append("\t\tflags ")
            for (index, flag) in set.flags.enumerated() {
                if index > 0 { output.append(",") }
                output.append(flag.rawValue)
            }
            output.append("\n")
        }
        if let timeout = set.timeout {
            output.append("\t\ttimeout ")
            appendDuration(milliseconds: timeout)
            output.append("\n")
        }
        if let size = set.size {
            output.append("\t\tsize ")
            output.append(String(size))
            output.append("\n")
        }
        if set.autoMerge {
            output.append("\t\tauto-merge\n")
        }
        if let comment = set.comment {
            output.append("\t\tcomment ")
            appendQuoted(comment)
            output.append("\n")
        }
        if !set.elements.isEmpty {
            output.append("\t\telements = {")
            let multiline = set.elements.count > 1
            for (index, element) in set.elements.enumerated() {
                if index > 0 { output.append(",") }
                output.append(multiline ? "\n\t\t\t" : " ")
                appendElement(element, keyTypes: set.keyType, dataTypes: set.dataType, intervalData: intervalData)
            }
            output.append(multiline ? "\n\t\t}\n" : " }\n")
        }
        output.append("\t}\n")
    }

    private mutating func appendTypes(_ types: [DataType]) {
        for (index, type) in types.enumerated() {
            if index > 0 { output.append(" . ") }
            output.append(type.rawValue)
        }
    }

    private mutating func append(_ chain: Chain) {
        output.append("\tchain ")
        appendName(chain.name)
        output.append(" {\n")
        if let hook = chain.hook {
            output.append("\t\ttype ")
            output.append(hook.type.rawValue)
            output.append(" hook ")
            output.append(hook.hook.rawValue)
            if let device = hook.device {
                output.append(" device ")
                appendQuoted(device)
            }
            output.append(" priority ")
            output.append(String(hook.priority))
            output.append(";")
            if let policy = hook.policy {
                output.append(" policy ")
                output.append(policy.rawValue)
                output.append(";")
            }
            output.append("\n")
        }
        if let comment = chain.comment {
            output.append("\t\tcomment ")
            appendQuoted(comment)
            output.append("\n")
        }
        for rule in chain.rules {
            output.append("\t\t")
            append(rule)
            output.append("\n")
        }
        output.append("\t}\n")
    }

    private mutating func append(_ rule: Rule) {
        for (index, statement) in rule.statements.enumerated() {
            if index > 0 { output.append(" ") }
            append(statement)
        }
        if let comment = rule.comment {
            output.append(" comment ")
            appendQuoted(comment)
        }
    }

    /// An element of a set or map: `KEY [comment "..."] [: DATA]`. Where the map's data are intervals, a
    /// single value is written as a range of one (`192.0.2.1-192.0.2.1`): nft refuses a lone value there,
    /// and the range loads what the encoder sends for it.
    mutating func appendElement(
        _ element: SetElement, keyTypes: [DataType], dataTypes: [DataType]?, intervalData: Bool = false
    ) {
        appendValue(element.key, types: keyTypes)
        if let comment = element.comment {
            output.append(" comment ")
            appendQuoted(comment)
        }
        if let verdict = element.verdict {
            output.append(" : ")
            appendVerdict(verdict)
        } else if let value = element.value {
            output.append(" : ")
            var single = !value.isInterval
            if case .concat = value { single = false }
            appendValue(intervalData && single ? .range(value, value) : value, types: dataTypes ?? [])
        }
    }

    // MARK: - Lexical pieces

    /// A table, chain or set name: bare when nft reads it as a name, otherwise quoted (which nft 1.0.6
    /// refuses too, but validation stops such names before they get here).
    mutating func appendName(_ name: String) {
        if NFTSyntax.isBareName(name) {
            output.append(name)
        } else {
            appendQuoted(name)
        }
    }

    /// A string between double quotes, as is: nft has no escapes, so validation refuses text with `"`.
    mutating func appendQuoted(_ text: String) {
        output.append("\"")
        output.append(text)
        output.append("\"")
    }

    /// A duration as nft writes it: `1h30m`, `1s500ms`, `0ms`.
    mutating func appendDuration(milliseconds: UInt64) {
        if milliseconds == 0 {
            output.append("0ms")
            return
        }
        let units: [(UInt64, String)] = [(86_400_000, "d"), (3_600_000, "h"), (60_000, "m"), (1000, "s"), (1, "ms")]
        var rest = milliseconds
        for (size, suffix) in units where rest >= size {
            output.append(String(rest / size))
            output.append(suffix)
            rest %= size
        }
    }

    mutating func appendVerdict(_ verdict: Verdict) {
        switch verdict {
        case .accept: output.append("accept")
        case .drop: output.append("drop")
        case .continue: output.append("continue")
        case .return: output.append("return")
        case .jump(let chain):
            output.append("jump ")
            appendName(chain)
        case .goto(let chain):
            output.append("goto ")
            appendName(chain)
        }
    }
}
