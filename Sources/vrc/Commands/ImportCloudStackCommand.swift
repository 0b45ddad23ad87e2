import ArgumentParser
import CloudStackImport
import Foundation
import NFTables
import RouterCompiler
import RouterModel

/// `vrc import-cloudstack DIR`: turns a CloudStack virtual router's databags into a router document, and with
/// `--apply` compiles and loads it in one transaction.
internal struct ImportCloudStackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-cloudstack",
        abstract: "Turn a CloudStack router's databags into a vrc.router/v1 document, and with --apply load it.",
        discussion: """
            Give a copy of the router's /etc/cloudstack/ folder, single databag files, or incoming files from \
            /var/cache/cloud/ (merged over the databags in the order given). Without --apply the document is \
            printed and the report goes to standard error: each databag key the document does not carry, and \
            why. --strict (the default with --apply) refuses the import when the report names router behaviour \
            that is not carried over; --allow-partial imports the rest.
            """
    )

    @Argument(help: "Folders of merged databags (a copy of /etc/cloudstack/) and single databag or incoming files.")
    var paths: [String]

    @Flag(help: "Refuse the import when any behaviour is not carried over (the default with --apply).")
    var strict = false

    @Flag(help: "Import what can be carried over and list the rest (the default without --apply).")
    var allowPartial = false

    @Flag(help: "Print the result as JSON: the document, the router type and the report.")
    var json = false

    @Flag(help: "Compile the document and load it in one transaction, replacing only vrc's table.")
    var apply = false

    @Option(help: "With --apply: the name of the inet table the rules go in.")
    var table = "vrc"

    @OptionGroup var namespaceOptions: NamespaceOptions

    @Flag(help: "With --apply: let the kernel validate the transaction but commit nothing.")
    var check = false

    func validate() throws {
        if strict && allowPartial { throw ValidationError("--strict and --allow-partial exclude each other") }
        if check && !apply { throw ValidationError("--check needs --apply") }
        if namespaceOptions.netns != nil && !apply { throw ValidationError("--netns needs --apply") }
        if paths.isEmpty { throw ValidationError("name at least one folder or file") }
    }

    func run() throws {
        let result: CloudStackImport
        do {
            result = try CloudStackImporter().importConfiguration(at: paths)
        } catch {
            throw CommandFailure.badInput(lines: error.description.split(separator: "\n").map(String.init))
        }
        let refusing = strict || (apply && !allowPartial)
        let missing = result.notCarriedOver
        if refusing, !missing.isEmpty {
            throw CommandFailure.badInput(
                lines: missing.map { "\($0): not carried over" }
                    + [
                        "\(missing.count) part(s) of the configuration cannot be carried over; nothing imported "
                            + "(--allow-partial imports the rest)"
                    ])
        }
        let summary =
            "\(result.document.name): \(result.routerType.rawValue)"
            + (result.redundant ? " (redundant)" : "") + " imported as \(result.document.kind.displayName)"
        guard apply else {
            if json {
                Output.line(try RulesetJSON.encode(Imported(result)))
            } else {
                Output.raw(String(decoding: result.document.encoded(pretty: true), as: UTF8.self) + "\n")
            }
            Self.printReport(result, summary: summary)
            return
        }
        try Privileges.requireKernelAccess(
            for: "import-cloudstack --apply", entersNamespace: namespaceOptions.netns != nil)
        let namespace = try namespaceOptions.existingNamespace()
        let ruleset = RouterCompiler(tableName: table).compile(result.document)
        let report = try ruleset.apply(to: namespace, checkOnly: check)
        let applied = ApplySummary(ruleset: ruleset, namespace: namespace, checkOnly: check, report: report)
        if json {
            var imported = Imported(result)
            imported.applied = applied
            Output.line(try RulesetJSON.encode(imported))
        } else {
            Output.line(applied.sentence)
        }
        Self.printReport(result, summary: summary)
    }

    /// What `--json` prints.
    private struct Imported: Encodable {
        var routerType: String
        var redundant: Bool
        var kind: String
        var document: RouterDocument
        var findings: [Finding]
        var applied: ApplySummary?

        struct Finding: Encodable {
            var severity: String
            var databag: String
            var key: String
            var reason: String
        }

        init(_ result: CloudStackImport) {
            routerType = result.routerType.rawValue
            redundant = result.redundant
            kind = result.document.kind.rawValue
            document = result.document
            findings = result.findings.map {
                Finding(severity: $0.severity.rawValue, databag: $0.databag, key: $0.key, reason: $0.reason)
            }
        }
    }

    /// The report on standard error: the summary line, then each finding.
    private static func printReport(_ result: CloudStackImport, summary: String) {
        let missing = result.notCarriedOver.count
        Output.problem(summary + (missing == 0 ? "" : "; \(missing) part(s) not carried over"))
        for finding in result.findings {
            let label = finding.severity == .note ? "note" : "not carried over"
            Output.problem("\(label): \(finding)")
        }
    }
}
