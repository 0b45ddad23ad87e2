import ArgumentParser
import Foundation
import IptablesImport
import NFTables

/// `vrc import-iptables DUMP`: translates an `iptables-save` dump into nftables, and with `--apply` loads it in
/// one transaction.
internal struct ImportIptablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-iptables",
        abstract: "Translate an iptables-save dump to nftables, and with --apply load it in one transaction.",
        discussion: """
            Each iptables table becomes the nftables table iptables-restore-translate would use (ip filter, ip nat, \
            ... or ip6 ... with --ip6), with iptables-nft's hooks and priorities and the dump's policies. Without \
            --apply the ruleset is printed (nft text, or vrc's JSON with --json) and the report goes to standard \
            error. A rule that cannot be translated exactly is never changed: --strict (the default with --apply) \
            refuses the whole import, --skip-untranslatable (the default without --apply) leaves it out and names \
            it with its line and the reason. Dumps of up to 256 MiB are read.
            """
    )

    @Argument(help: "The iptables-save or ip6tables-save output, or - for standard input.")
    var dump: String

    @Flag(help: "The dump comes from ip6tables-save (tables go to the ip6 family).")
    var ip6 = false

    @Option(help: ArgumentHelp("The 'ipset save' output that the dump's -m set rules use.", valueName: "file"))
    var ipset: String?

    @Option(help: ArgumentHelp("Put this in front of every table name (ip <prefix>filter).", valueName: "prefix"))
    var tablePrefix = ""

    @Flag(help: "Print the ruleset in vrc's JSON coding instead of nft text (with --apply: the result as JSON).")
    var json = false

    @Flag(help: "Refuse the whole import when a rule cannot be translated (the default with --apply).")
    var strict = false

    @Flag(help: "Leave out the rules that cannot be translated and list them (the default without --apply).")
    var skipUntranslatable = false

    @Flag(
        help: """
            Merge runs of rules that differ only in addresses, ports, protocols or interfaces (or NAT targets) into \
            set and map lookups, deciding every packet as the rules one by one do; the report says how many rules \
            came out.
            """)
    var optimize = false

    @Flag(help: "Load the translation in one transaction, replacing only the tables it names.")
    var apply = false

    @OptionGroup var namespaceOptions: NamespaceOptions

    @Flag(help: "With --apply: let the kernel validate the transaction but commit nothing.")
    var check = false

    func validate() throws {
        if strict && skipUntranslatable {
            throw ValidationError("--strict and --skip-untranslatable exclude each other")
        }
        if check && !apply {
            throw ValidationError("--check needs --apply")
        }
        if namespaceOptions.netns != nil && !apply {
            throw ValidationError("--netns needs --apply")
        }
    }

    func run() throws {
        let family: IptablesFamily = ip6 ? .ipv6 : .ipv4
        let dumpName = RulesetFile.shown(dump)
        let parsed: SaveDump
        var ipsets: IpsetSave?
        let result: ImportResult
        let clock = ContinuousClock()
        let start = clock.now
        var parsedAt = start
        do {
            parsed = try SaveDumpParser(file: dumpName).parse(try Self.read(dump, name: dumpName))
            if let ipset {
                let name = RulesetFile.shown(ipset)
                ipsets = try IpsetSaveParser(file: name).parse(try Self.read(ipset, name: name))
            }
            parsedAt = clock.now
            let importer = IptablesImporter(
                options: .init(
                    family: family, tablePrefix: tablePrefix, skipUntranslatable: true, optimize: optimize))
            result = try importer.importDump(parsed, ipsets: ipsets)
        } catch let error as IptablesImportError {
            throw CommandFailure.badInput(error.description)
        }
        let translatedAt = clock.now
        ExitWithoutTeardown.keep(parsed)
        ExitWithoutTeardown.keep(result)
        let skipping = skipUntranslatable || (!strict && !apply)
        if !skipping, !result.report.untranslatable.isEmpty {
            let skipped = result.report.untranslatable
            throw CommandFailure.badInput(
                lines: skipped.map {
                    "\($0.file):\($0.line):\($0.column): cannot translate the rule exactly: "
                        + "\($0.reason): \($0.text)"
                }
                    + [
                        "\(skipped.count) of \(result.report.rulesIn) rules cannot be translated; nothing imported "
                            + "(--skip-untranslatable imports the rest)"
                    ])
        }
        guard apply else {
            Output.raw(json ? try RulesetJSON.encode(result.ruleset) + "\n" : result.ruleset.nftText())
            Self.printReport(result.report)
            return
        }
        try Privileges.requireKernelAccess(
            for: "import-iptables --apply", entersNamespace: namespaceOptions.netns != nil)
        let namespace = try namespaceOptions.existingNamespace()
        let transaction = result.transaction(for: namespace)
        let report = check ? try transaction.check() : try transaction.commit()
        var summary = ApplySummary(ruleset: result.ruleset, namespace: namespace, checkOnly: check, report: report)
        summary.parseMilliseconds = (parsedAt - start).milliseconds
        summary.compileMilliseconds = (translatedAt - parsedAt).milliseconds
        summary.totalMilliseconds = (clock.now - start).milliseconds
        if json {
            Output.line(try RulesetJSON.encode(AppliedImport(applied: summary, report: result.report)))
        } else {
            Output.line(summary.sentence)
        }
        Self.printReport(result.report)
    }

    /// What `--apply --json` prints.
    private struct AppliedImport: Encodable {
        var applied: ApplySummary
        var report: ImportReport
    }

    /// The report on standard error: the counts, each rule left out, each note.
    private static func printReport(_ report: ImportReport) {
        Output.problem("\(report.file): \(report.summary)")
        for skipped in report.untranslatable {
            Output.problem(
                "\(skipped.file):\(skipped.line):\(skipped.column): skipped, \(skipped.reason): \(skipped.text)")
        }
        for note in report.notes {
            Output.problem("note: \(note)")
        }
    }

    /// The bytes of `path` (`-` for standard input), refusing more than the parser reads before reading them.
    private static func read(_ path: String, name: String) throws -> [UInt8] {
        let limit = SaveDumpParser.maximumInputSize
        let tooLarge = { (size: Int) -> IptablesImportError in
            SaveDumpParser(file: name).sizeError(forInputOf: size)!
        }
        if path == "-" {
            var bytes: [UInt8] = []
            while true {
                let chunk = FileHandle.standardInput.readData(ofLength: 1 << 20)
                if chunk.isEmpty { break }
                bytes.append(contentsOf: chunk)
                if bytes.count > limit { throw tooLarge(bytes.count) }
            }
            return bytes
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure.badInput("\(path): no such file")
        }
        if isDirectory.boolValue {
            throw CommandFailure.badInput("\(path): is a directory, not a dump")
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > limit {
            throw tooLarge(size)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CommandFailure.badInput("\(path): cannot read the file (permission denied?)")
        }
        defer { try? handle.close() }
        guard let data = try? handle.readToEnd() else { return [] }
        if data.count > limit { throw tooLarge(data.count) }
        return [UInt8](data)
    }
}
