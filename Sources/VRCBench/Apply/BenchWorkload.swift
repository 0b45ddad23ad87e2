import Foundation
import IptablesImport
import NFTables
import RouterCompiler
import RouterModel

/// One generated router written in every form the benchmarks load: the document, its compiled ruleset and that
/// ruleset's nft text, the linear `iptables-save` dump, the dump as one `iptables` call per rule, and the dump
/// imported by vrc without optimisation and written as nft text.
///
/// The files live in a directory of their own, removed by ``remove()``.
public struct BenchWorkload: Sendable {
    /// The size asked for, in rule-equivalents: about the number of rules of the linear dump.
    public let size: Int
    /// The generator of the router.
    public let generator: RouterGenerator
    /// The router, decoded.
    public let document: RouterDocument
    /// What vrc compiles the document to.
    public let compiled: Ruleset
    /// The linear dump.
    public let dump: LinearRouterDump
    /// The dump as vrc imports it, one nftables rule per iptables rule.
    public let linear: Ruleset

    /// The directory holding the files below.
    public let directory: URL
    /// The document, `vrc.router/v1` JSON.
    public var documentPath: String { path("router.json") }
    /// The linear dump.
    public var dumpPath: String { path("router.rules") }
    /// The compiled ruleset as nft text.
    public var compiledTextPath: String { path("compiled.nft") }
    /// The linear dump as vrc imports it, as nft text.
    public var linearTextPath: String { path("linear.nft") }
    /// A shell script of one `iptables-legacy` call per rule.
    public var perRuleScriptPath: String { path("per-rule.sh") }

    /// Generates the router and writes every form into a new directory under `parent`.
    ///
    /// Without a `generator`, the router is ``RouterGenerator/cloudRouter(ruleEquivalents:)``, whose linear dump
    /// has about `size` rules. `adjust` changes the generator after that (for the update benchmark's edits).
    public init(
        size: Int, generator: RouterGenerator? = nil, adjust: (inout RouterGenerator) -> Void = { _ in },
        parent: URL
    ) throws(BenchError) {
        self.size = size
        var generator = generator ?? RouterGenerator.cloudRouter(ruleEquivalents: size)
        adjust(&generator)
        self.generator = generator
        directory = parent.appendingPathComponent("vrc-bench-\(getpid())-\(size)-\(UInt32.random(in: 0...UInt32.max))")
        let json = self.generator.json()
        do {
            document = try RouterDocument.decode(from: Data(json.utf8), source: "generated router of size \(size)")
        } catch {
            throw BenchError("the generated router of size \(size) is not a valid document: \(error)")
        }
        compiled = RouterCompiler().compile(document)
        dump = LinearRouterDump(document: document)
        do {
            let parsed = try SaveDumpParser(file: "router.rules").parse(Array(dump.text.utf8))
            let result = try IptablesImporter(options: .init()).importDump(parsed)
            if let skipped = result.report.untranslatable.first {
                throw BenchError("vrc cannot import the linear dump exactly: \(skipped)")
            }
            linear = result.ruleset
        } catch let error as IptablesImportError {
            throw BenchError("vrc cannot import the linear dump: \(error)")
        } catch {
            throw error as? BenchError ?? BenchError("\(error)")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try write(json, to: documentPath)
            try write(dump.text, to: dumpPath)
            try write(compiled.nftText(), to: compiledTextPath)
            try write(linear.nftText(), to: linearTextPath)
            try write(Self.script(dump.perRuleCommands), to: perRuleScriptPath)
        } catch {
            remove()
            throw BenchError("cannot write the benchmark files into \(directory.path): \(error.localizedDescription)")
        }
    }

    /// Deletes the files.
    public func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    private func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    private func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// A shell script with one `iptables-legacy` call per line, stopping at the first that fails.
    private static func script(_ commands: [[String]]) -> String {
        var text = "#!/bin/sh\nset -e\n"
        for arguments in commands {
            text += "iptables-legacy -w " + arguments.map(Self.quoted).joined(separator: " ") + "\n"
        }
        return text
    }

    private static func quoted(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./:,=".contains($0) }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
