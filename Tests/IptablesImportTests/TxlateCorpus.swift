import Foundation
import NFTables

@testable import IptablesImport

/// The `*.txlate` files of iptables 1.8.9 (`../shared/corpora/iptables-1.8.9/txlate/`): each case is an
/// `iptables-translate ARGS` (or `ip6tables-translate ARGS`) line and the `nft '...'` lines it prints.
struct TxlateCorpus {
    /// One case.
    struct Case: CustomStringConvertible {
        var file: String
        var line: Int
        var family: IptablesFamily
        /// The translate command's arguments, as a shell would split them.
        var command: [String]
        /// The nft commands, unquoted (`add rule ip filter INPUT ...`).
        var nft: [String]

        /// The tool and its arguments joined by spaces (`iptables -A INPUT ...`), as ``inexactExpected`` keys it.
        var commandLine: String {
            "\(family == .ipv4 ? "iptables" : "ip6tables") \(command.joined(separator: " "))"
        }

        var description: String {
            "\(file):\(line): \(commandLine)"
        }
    }

    /// A rule case split into its table, chain and rule arguments; `nil` for other commands (`-F`, `-P`).
    struct RuleCase {
        var table: String
        var chain: String
        var arguments: [String]
    }

    /// The corpus directory, relative to the package root.
    static let directory = Fixtures.repositoryRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/corpora/iptables-1.8.9/txlate", isDirectory: true)

    var cases: [Case] = []
    /// Cases of other tools (`ebtables-translate`, `arptables-translate`), out of scope.
    var otherTools = 0
    /// Target extension names in the corpus (`libxt_MARK.txlate` names `MARK`): a `-j` to anything else is a
    /// jump to a user chain.
    var targetNames: Set<String> = ["ACCEPT", "DROP", "RETURN", "QUEUE"]

    /// Reads the corpus; `nil` when its directory is absent.
    static func load() throws -> TxlateCorpus? {
        guard FileManager.default.fileExists(atPath: directory.path) else { return nil }
        var corpus = TxlateCorpus()
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".txlate") }.sorted()
        for file in files {
            let stem = file.dropLast(".txlate".count)
            if let underscore = stem.firstIndex(of: "_") {
                let name = String(stem[stem.index(after: underscore)...])
                if name == name.uppercased() { corpus.targetNames.insert(name) }
            }
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            corpus.read(text, file: file)
        }
        return corpus
    }

    private mutating func read(_ text: String, file: String) {
        var current: Case?
        func close() {
            if let done = current { cases.append(done) }
            current = nil
        }
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") {
                close()
                continue
            }
            let words = Self.shellSplit(line)
            guard let tool = words.first else { continue }
            if tool == "nft" {
                let command = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
                let unquoted =
                    command.hasPrefix("'") && command.hasSuffix("'") && command.count >= 2
                    ? String(command.dropFirst().dropLast()) : command
                current?.nft.append(unquoted)
                continue
            }
            close()
            switch tool {
            case "iptables-translate", "iptables":
                current = Case(file: file, line: number + 1, family: .ipv4, command: Array(words.dropFirst()), nft: [])
            case "ip6tables-translate", "ip6tables":
                current = Case(file: file, line: number + 1, family: .ipv6, command: Array(words.dropFirst()), nft: [])
            default:
                otherTools += 1
            }
        }
        close()
    }

    /// Splits a command line as `sh` would: whitespace, single and double quotes, backslash escapes.
    static func shellSplit(_ line: String) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in line {
            if escaped {
                word.append(character)
                escaped = false
                continue
            }
            if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\" && open == "\"" {
                    escaped = true
                } else {
                    word.append(character)
                }
                continue
            }
            switch character {
            case "'", "\"":
                quote = character
                inWord = true
            case "\\":
                escaped = true
                inWord = true
            case " ", "\t":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            default:
                word.append(character)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
    }

    /// The table, chain and rule arguments of an `-A` or `-I` command.
    static func ruleCase(_ command: [String]) -> RuleCase? {
        var table = "filter"
        var chain: String?
        var arguments: [String] = []
        var index = 0
        while index < command.count {
            let word = command[index]
            if (word == "-t" || word == "--table") && index + 1 < command.count {
                table = command[index + 1]
                index += 2
            } else if (word == "-A" || word == "--append" || word == "-I" || word == "--insert")
                && index + 1 < command.count && chain == nil
            {
                chain = command[index + 1]
                index += 2
                if (word == "-I" || word == "--insert") && index < command.count && Int(command[index]) != nil {
                    index += 1
                }
            } else if word.hasPrefix("-") && word.count == 2 && "FXZNPELSDR".contains(word.last!) {
                return nil
            } else {
                arguments.append(word)
                index += 1
            }
        }
        guard let chain else { return nil }
        return RuleCase(table: table, chain: chain, arguments: arguments)
    }

    /// The base chain iptables-nft would make for a chain name in a table; `nil` for a regular chain.
    static func baseChain(table: String, chain: String) -> BaseChain? {
        guard let hook = Hook(rawValue: chain.lowercased()),
            [.prerouting, .input, .forward, .output, .postrouting].contains(hook)
        else { return nil }
        switch table {
        case "nat":
            let priority: Int32 = hook == .postrouting || hook == .input ? 100 : -100
            return BaseChain(type: .nat, hook: hook, priority: priority)
        case "raw": return BaseChain(type: .filter, hook: hook, priority: -300)
        case "mangle": return BaseChain(type: .filter, hook: hook, priority: -150)
        case "security": return BaseChain(type: .filter, hook: hook, priority: 50)
        default: return BaseChain(type: .filter, hook: hook, priority: 0)
        }
    }

    /// `nft -f` text that makes the table and chains a case names.
    static func skeleton(family: TableFamily, table: String, chain: String, userChains: [String]) -> String {
        var text = "add table \(family.rawValue) \(table)\n"
        if let base = baseChain(table: table, chain: chain) {
            text +=
                "add chain \(family.rawValue) \(table) \(chain) { type \(base.type.rawValue) hook "
                + "\(base.hook.rawValue) priority \(base.priority); }\n"
        } else {
            text += "add chain \(family.rawValue) \(table) \(chain)\n"
        }
        for user in userChains where user != chain {
            text += "add chain \(family.rawValue) \(table) \(user)\n"
        }
        return text
    }

    /// The user chains a rule jumps or goes to.
    func userChains(in arguments: [String]) -> [String] {
        var chains: [String] = []
        for (index, word) in arguments.enumerated() where index + 1 < arguments.count {
            if word == "-g" || word == "--goto"
                || ((word == "-j" || word == "--jump") && !targetNames.contains(arguments[index + 1]))
            {
                chains.append(arguments[index + 1])
            }
        }
        return chains
    }
}
