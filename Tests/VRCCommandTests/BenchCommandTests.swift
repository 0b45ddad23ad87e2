import Foundation
import NFTables
import Testing
import VRCBench

#if canImport(Glibc)
    import Glibc
#endif

/// `vrc bench` at small sizes: it finishes, every row is there with every run, and it leaves no namespace
/// behind. Smoke tests, not timed assertions: the times themselves are not judged.
@Suite("vrc bench", .serialized)
internal struct BenchCommandTests {
    /// The benchmark namespaces that exist now, but for those of this test process (library benchmarks running
    /// in parallel make their own, named after this process): a `vrc bench` command names its own after its
    /// process.
    static func benchNamespaces() -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/run/netns")) ?? []
        return Set(names.filter { $0.hasPrefix("vrc-bench-") && !$0.hasPrefix("vrc-bench-\(getpid())-") })
    }

    static func decode<Report: Decodable>(_ type: Report.Type, _ text: String) throws -> Report {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    @Test("bench apply --sizes 100,1000 --runs 3: every method at every size, checked in the kernel", .kernel)
    func apply() throws {
        let before = Self.benchNamespaces()
        let svg = FileManager.default.temporaryDirectory.appendingPathComponent("vrc-bench-test-\(getpid()).svg")
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("vrc-bench-test-\(getpid()).json")
        defer {
            try? FileManager.default.removeItem(at: svg)
            try? FileManager.default.removeItem(at: saved)
        }
        let result = try VRCBinary.run(
            [
                "bench", "apply", "--sizes", "100,1000", "--runs", "3", "--json", "--svg", svg.path,
                "--json-file", saved.path,
            ])
        #expect(result.status == 0, "bench apply failed: \(result.stderr)")
        let report = try Self.decode(ApplyReport.self, result.stdout)
        #expect(report.workloads.map(\.size) == [100, 1_000])
        for size in [100, 1_000] {
            let workload = try #require(report.workloads.first { $0.size == size })
            // The generated router has about `size` rules in its linear form.
            #expect(
                abs(workload.iptablesRules - size) <= size / 5 + 45, "size \(size): \(workload.iptablesRules) rules")
            for method in ApplyMethod.allCases {
                let row = try #require(report.row(method, size: size), "no row for \(method) at \(size)")
                #expect(row.wall.values.count == 3)
                #expect(row.wall.values.allSatisfy { $0 > 0 })
                #expect(row.extrapolatedFrom == nil)
                if method.isVRC {
                    let phases = try #require(row.phases, "\(method) at \(size) has no phases")
                    #expect(phases.kernel.values.count == 3 && phases.kernel.values.allSatisfy { $0 > 0 })
                    #expect(phases.encode.median + phases.kernel.median < row.wall.median)
                }
            }
            let compiled = try #require(report.row(.vrcCompiled, size: size))
            let linear = try #require(report.row(.vrcLinear, size: size))
            #expect(compiled.rules == workload.compiledRules && linear.rules >= workload.iptablesRules)
            #expect(compiled.elements == workload.compiledElements && compiled.elements > 0)
        }
        #expect(try #require(report.workloads.last).compiledRules < report.workloads.last!.iptablesRules / 10)
        let picture = try String(contentsOf: svg, encoding: .utf8)
        #expect(picture.hasPrefix("<?xml") && picture.contains("</svg>"))
        for method in ApplyMethod.allCases {
            #expect(picture.contains(method.title.replacingOccurrences(of: "'", with: "&apos;")), "\(method.title)")
        }
        #expect(Self.benchNamespaces().subtracting(before).isEmpty, "bench apply left namespaces behind")

        // The saved results print again without measuring anything: the same report, and the table.
        let replayed = try VRCBinary.run(["bench", "apply", "--from", saved.path, "--json"])
        #expect(replayed.status == 0, "\(replayed.stderr)")
        #expect(try Self.decode(ApplyReport.self, replayed.stdout) == report)
        let table = try VRCBinary.run(["bench", "apply", "--from", saved.path])
        #expect(table.stdout.contains("vrc compiled is faster than"))
    }

    @Test("bench apply estimates one call per rule above --per-rule-limit, and says so", .kernel)
    func perRuleEstimate() throws {
        let result = try VRCBinary.run(
            [
                "bench", "apply", "--sizes", "50,100,200", "--runs", "1", "--per-rule-limit", "100",
                "--methods", "iptables-per-rule,vrc-compiled",
            ])
        #expect(result.status == 0, "bench apply failed: \(result.stderr)")
        #expect(result.stdout.contains("(estimate)"))
        #expect(result.stdout.contains("ran up to size 100"))
        #expect(result.stdout.contains("vrc, compiled"))
        #expect(!result.stdout.contains("nft -f, linear"))
    }

    @Test("bench update --sizes 100 --runs 3: every method for both changes", .kernel)
    func update() throws {
        let before = Self.benchNamespaces()
        let result = try VRCBinary.run(["bench", "update", "--sizes", "100", "--runs", "3", "--json"])
        #expect(result.status == 0, "bench update failed: \(result.stderr)")
        let report = try Self.decode(UpdateReport.self, result.stdout)
        for change in UpdateChange.allCases {
            for method in UpdateMethod.allCases {
                let row = try #require(report.row(method, change, size: 100), "no row for \(method), \(change)")
                #expect(row.wall.values.count == 3 && row.wall.values.allSatisfy { $0 > 0 })
            }
            let library = try #require(report.row(.vrcLibrary, change, size: 100))
            #expect((library.operations ?? 0) >= 1 && (library.operations ?? 0) <= 4)
            #expect(library.kernel?.values.count == 3)
            let calls = try #require(report.row(.iptablesCalls, change, size: 100)?.operations)
            #expect(calls >= 1 && calls <= 4)
        }
        #expect(Self.benchNamespaces().subtracting(before).isEmpty, "bench update left namespaces behind")
    }

    @Test("bench packets --entries 0,100: every form at every count, with traffic", .kernel)
    func packets() throws {
        let before = Self.benchNamespaces()
        let result = try VRCBinary.run(
            [
                "bench", "packets", "--entries", "0,100", "--duration", "0.3", "--connections", "20", "--runs", "1",
                "--json",
            ])
        #expect(result.status == 0, "bench packets failed: \(result.stderr)")
        let report = try Self.decode(PacketBenchmarkResult.self, result.stdout)
        for entries in [0, 100] {
            for form in PacketForm.allCases {
                let row = try #require(report.row(form, entries: entries), "no row for \(form) at \(entries)")
                #expect(row.receivedPerSecond.values.count == 1 && row.receivedPerSecond.median > 0)
                #expect(row.connectMedianMicroseconds.median > 0 && row.connectFailures == 0)
            }
        }
        let compiled = try #require(report.row(.compiled, entries: 100))
        let linear = try #require(report.row(.nftLinear, entries: 100))
        #expect(compiled.setElements > 0 && linear.rules > compiled.rules)
        #expect(Self.benchNamespaces().subtracting(before).isEmpty, "bench packets left namespaces behind")
    }

    @Test("bench generate prints the document, or the linear dump, of a size")
    func generate() throws {
        let document = try VRCBinary.run(["bench", "generate", "--size", "200"])
        #expect(document.status == 0, "\(document.stderr)")
        #expect(document.stdout.contains("\"schema\": \"vrc.router/v1\""))
        let dump = try VRCBinary.run(["bench", "generate", "--size", "200", "--iptables"])
        #expect(dump.status == 0, "\(dump.stderr)")
        let rules = dump.stdout.split(separator: "\n").filter { $0.hasPrefix("-A ") }.count
        #expect(abs(rules - 200) <= 60, "\(rules) rules")
        #expect(dump.stdout.hasPrefix("*nat") && dump.stdout.hasSuffix("COMMIT\n"))
    }

    @Test(
        "bench refuses bad options with status 2 and one line",
        arguments: [
            ["bench", "apply", "--sizes", "0"], ["bench", "apply", "--sizes", "ten"],
            ["bench", "apply", "--sizes", "100,"], ["bench", "apply", "--runs", "0"],
            ["bench", "apply", "--methods", "iptables,nft"], ["bench", "update", "--changes", "rename"],
            ["bench", "apply", "--svg", ""], ["bench", "packets", "--duration", "0"],
            ["bench", "packets", "--entries", "-5"], ["bench", "generate", "--size", "1,2"],
        ])
    func badOptions(arguments: [String]) throws {
        let result = try VRCBinary.run(arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("vrc: "))
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test(
        "Ctrl-C (SIGINT) and SIGTERM during a run: the namespaces it made are removed, exit 128 + signal", .kernel,
        arguments: [SIGINT, SIGTERM])
    func interrupted(_ number: Int32) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try VRCBinary.path())
        process.arguments = ["bench", "apply", "--sizes", "1000", "--runs", "9"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let prefix = "vrc-bench-\(process.processIdentifier)-"
        let own = { Self.benchNamespaces().filter { $0.hasPrefix(prefix) } }
        // Each measurement makes its namespace and removes it: the signal may land between two, so the test
        // remembers that one was seen rather than looking again.
        let deadline = ContinuousClock.now + .seconds(60)
        var seen = own()
        while seen.isEmpty, process.isRunning, ContinuousClock.now < deadline {
            usleep(2_000)
            seen = own()
        }
        try #require(!seen.isEmpty && process.isRunning, "the run made no namespace to interrupt")
        kill(process.processIdentifier, number)
        process.waitUntilExit()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 128 + number, "\(stderr)")
        #expect(stderr.contains("vrc: interrupted by SIG"), "\(stderr)")
        #expect(own().isEmpty, "left behind: \(own())")
    }

    @Test("bench needs root: status 2, nothing measured", .kernel)
    func needsRoot() throws {
        let result = try VRCBinary.runUnprivileged(["bench", "apply", "--sizes", "100", "--runs", "1"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("needs root"))
        #expect(result.stdout.isEmpty)
    }
}
