import Foundation
import Testing

/// The folders under `fixtures/cloudstack/`, and scratch copies of them to break on purpose.
enum CloudStackFixtures {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // CloudStackImportTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("fixtures/cloudstack")

    /// The router folders (every folder but `incoming`).
    static let routers = ["basic-zone-dhcp", "isolated-vr", "redundant-vpc", "redundant-vr", "vpc"]

    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// The parsed JSON of one file of a fixture folder.
    static func json(_ folder: String, _ file: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(folder)/\(file)"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

/// A copy of a fixture folder in a fresh temporary folder, removed by `remove()`.
struct ScratchFolder {
    let path: String

    init(copying fixture: String?) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("vrc-cs-\(UUID().uuidString)")
        if let fixture {
            try FileManager.default.copyItem(atPath: CloudStackFixtures.path(fixture), toPath: base.path)
        } else {
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        }
        path = base.path
    }

    func file(_ name: String) -> String { path + "/" + name }

    /// Replaces a file with `text`.
    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: file(name)))
    }

    /// Changes one databag through a closure over its parsed JSON.
    func edit(_ name: String, _ change: (inout [String: Any]) -> Void) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: file(name)))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        change(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: file(name)))
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
