import Foundation
import Testing

@testable import RouterModel

@Test func dumpInvalid() throws {
    guard ProcessInfo.processInfo.environment["DUMP_MODEL"] != nil else { return }
    for name in ModelFixtures.invalidNames {
        let data = try ModelFixtures.invalidData(name)
        do {
            _ = try RouterDocument.decode(from: data, source: name)
            print("=== \(name): DECODED")
        } catch {
            print("=== \(name)")
            print(error.description)
            try? (error.description + "\n").write(
                to: ModelFixtures.invalidDirectory.appendingPathComponent(
                    (name as NSString).deletingPathExtension + ".actual"), atomically: true, encoding: .utf8)
        }
    }
    for name in ModelFixtures.validNames {
        do {
            let d = try RouterDocument.decode(from: try ModelFixtures.data(name), source: name)
            print("=== \(name): \(d.kind)")
        } catch {
            print("=== \(name)\n\(error)")
        }
    }
}
