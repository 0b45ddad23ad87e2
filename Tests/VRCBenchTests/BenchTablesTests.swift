import Foundation
import Testing

/// The README's benchmark tables are what `scripts/bench-tables.py` prints from `docs/bench/*.json`, so the
/// README cannot show numbers that the saved results do not hold.
@Suite("The README's benchmark tables")
struct BenchTablesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("each table scripts/bench-tables.py prints from docs/bench stands in the README")
    func tablesMatchSavedResults() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [
            Self.root.appendingPathComponent("scripts/bench-tables.py").path,
            Self.root.appendingPathComponent("docs/bench").path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let tables = output.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        #expect(tables.count == 3, "apply, update and packets: \(tables.count) tables")
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        for table in tables {
            #expect(readme.contains(table), "the README lacks this table:\n\(table)")
        }
    }
}
