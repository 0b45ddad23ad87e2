import Foundation
import NFTables
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `vrc` as a user meets it when something is wrong: exit status and one line, never a crash.
/// None of these reach the kernel.
@Suite("vrc usage and bad input")
internal struct VRCUsageTests {
    @Test("vrc version prints the version and exits 0")
    func version() throws {
        let result = try VRCBinary.run(["version"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("vrc "))
        #expect(result.stdout.split(separator: "\n").count == 1)
        #expect(result.stderr.isEmpty)
        let flag = try VRCBinary.run(["--version"])
        #expect(flag.status == 0)
        #expect(result.stdout.contains(flag.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test("help exits 0 and lists every command")
    func help() throws {
        let result = try VRCBinary.run(["--help"])
        #expect(result.status == 0)
        for command in ["apply", "list", "flush", "render", "version"] {
            #expect(result.stdout.contains(command), "help does not mention \(command)")
        }
    }

    @Test("render reads a ruleset from a file or from standard input, the same either way")
    func renderFileAndStandardInput() throws {
        let name = try #require(Fixtures.rulesetNames.first, "no ruleset fixtures")
        let url = Fixtures.rulesetURL(name)
        let fromFile = try VRCBinary.run(["render", url.path])
        #expect(fromFile.status == 0, "render failed: \(fromFile.stderr)")
        let ruleset = try Fixtures.ruleset(name)
        for table in ruleset.tables {
            #expect(fromFile.stdout.contains("table \(table.family.rawValue) \(table.name) {"))
        }
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        let fromInput = try VRCBinary.run(["render", "-"], input: text)
        #expect(fromInput.status == 0, "render - failed: \(fromInput.stderr)")
        #expect(fromInput.stdout == fromFile.stdout)
    }

    @Test(
        "usage errors exit 2 with one line",
        arguments: [
            ["bogus-command"],
            ["apply"],
            ["render"],
            ["list", "--bogus"],
            ["list", "--netns"],
            ["list", "--netns", ""],
            ["apply", "a.json", "b.json"],
            ["flush", "--json"],
        ]
    )
    func usageError(arguments: [String]) throws {
        let result = try VRCBinary.run(arguments)
        #expect(result.status == 2, "vrc \(arguments) exited \(result.status)")
        #expect(FailureShape.problems(in: result.stderr).isEmpty, "\(FailureShape.problems(in: result.stderr))")
        #expect(result.stdout.isEmpty)
    }

    @Test("a missing ruleset file exits 2 with one line naming the file", arguments: ["apply", "render"])
    func missingFile(command: String) throws {
        let path = "/nonexistent-\(UUID().uuidString)/ruleset.json"
        // --netns names no real namespace: the file is checked before anything else.
        let arguments = command == "apply" ? [command, path, "--netns", "vrc-t-never-made"] : [command, path]
        let result = try VRCBinary.run(arguments)
        #expect(result.status == 2)
        #expect(FailureShape.problems(in: result.stderr).isEmpty, "\(FailureShape.problems(in: result.stderr))")
        #expect(result.stderr.contains(path))
    }

    @Test(
        "malformed JSON exits 2 naming the file, line and column",
        arguments: [
            ("{\n  \"tables\": [\n    {\"family\": \"inet\",, \"name\": \"t\"}\n  ]\n}\n", 3, 23),
            ("{\n  \"tables\": [\n", 3, 1),
            ("", 1, 1),
            ("{\"tables\": []} trailing", 1, 16),
            ("{\n\n  \"tables\": [tru]\n}", 3, 14),
        ] as [(String, Int, Int)]
    )
    func malformedJSON(text: String, line: Int, column: Int) throws {
        let path = try VRCBinary.temporaryFile("malformed.json", contents: text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try VRCBinary.run(["render", path])
        #expect(result.status == 2)
        #expect(FailureShape.problems(in: result.stderr).isEmpty, "\(FailureShape.problems(in: result.stderr))")
        #expect(result.stderr.contains(path))
        #expect(result.stderr.contains("line \(line), column \(column)"), "\(result.stderr)")
    }

    @Test("JSON that does not fit the model exits 2 naming the coding path")
    func wrongShape() throws {
        let text = #"{"tables": [{"family": "inet", "name": "ok", "sets": [], "chains": []}, {"family": "bogus"}]}"#
        let path = try VRCBinary.temporaryFile("shape.json", contents: text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try VRCBinary.run(["render", path])
        #expect(result.status == 2)
        #expect(FailureShape.problems(in: result.stderr).isEmpty, "\(FailureShape.problems(in: result.stderr))")
        #expect(result.stderr.contains("tables[1]"), "\(result.stderr)")
    }

    @Test(
        "an invalid ruleset (jump to a missing chain) exits 2 before any kernel work", arguments: ["apply", "render"])
    func invalidRuleset(command: String) throws {
        let ruleset = Ruleset(tables: [
            Table(
                family: .inet,
                name: "vrc_invalid",
                chains: [
                    Chain(
                        name: "input",
                        hook: BaseChain(type: .filter, hook: .input, priority: 0),
                        rules: [Rule([.verdict(.accept)]), Rule([.verdict(.jump("no_such_chain"))])]
                    )
                ]
            )
        ])
        let path = try VRCBinary.temporaryFile("invalid.json", ruleset: ruleset)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let arguments = command == "apply" ? [command, path, "--netns", "vrc-t-never-made"] : [command, path]
        let result = try VRCBinary.run(arguments)
        #expect(result.status == 2)
        #expect(FailureShape.problems(in: result.stderr).isEmpty, "\(FailureShape.problems(in: result.stderr))")
        #expect(result.stderr.contains("no_such_chain"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("without root, kernel commands exit 2 with one line", arguments: [["list"], ["flush"], ["list", "--all"]])
    func notRoot(arguments: [String]) throws {
        let namespaced = arguments + ["--netns", "vrc-t-never-made"]
        // As root, drop to nobody; as an ordinary user the test already is unprivileged.
        let result = geteuid() == 0 ? try VRCBinary.runUnprivileged(namespaced) : try VRCBinary.run(namespaced)
        #expect(result.status == 2 || result.status == 1, "exited \(result.status)")
        #expect(FailureShape.problems(in: result.stderr).isEmpty, "\(FailureShape.problems(in: result.stderr))")
        #expect(result.stderr.contains("root"), "\(result.stderr)")
    }

    @Test("without root, apply of a valid ruleset exits 2 with one line")
    func notRootApply() throws {
        let ruleset = Ruleset(tables: [Table(family: .inet, name: "vrc_probe")])
        let path = try VRCBinary.temporaryFile("valid.json", ruleset: ruleset)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // The file must be readable by nobody.
        chmod(path, 0o644)
        let arguments = ["apply", path, "--netns", "vrc-t-never-made"]
        let result = geteuid() == 0 ? try VRCBinary.runUnprivileged(arguments) : try VRCBinary.run(arguments)
        #expect(result.status == 2 || result.status == 1, "exited \(result.status)")
        #expect(FailureShape.problems(in: result.stderr).isEmpty, "\(FailureShape.problems(in: result.stderr))")
        #expect(result.stderr.contains("root"), "\(result.stderr)")
    }
}
