import Benchmark
import ImportDumps
import IptablesImport
import SuiteSupport

/// Importing an `iptables-save` dump at each size: parsing it, and translating the parsed dump into an
/// nftables ruleset, plain and with `--optimize` (runs of rules merged into set lookups).
///
/// The dumps are `DumpGenerator(rules:)` (the same as `ImportBench`'s), made once per size outside the
/// measurement.
let benchmarks: @Sendable () -> Void = {
    for size in SuiteSizes.selected {
        let configuration = SuiteSizes.configuration(size: size)

        Benchmark("Import parse/\(size)", configuration: configuration) { benchmark in
            let bytes = ImportFixtures.dumps[size]
            let parser = SaveDumpParser(file: "cloud-router-\(size).rules")
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try parser.parse(bytes))
            }
        }

        for optimize in [false, true] {
            let name = optimize ? "Import translate optimized" : "Import translate"
            Benchmark("\(name)/\(size)", configuration: configuration) { benchmark in
                let dump = try ImportFixtures.parsed[size].get()
                let importer = IptablesImporter(options: .init(optimize: optimize))
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    blackHole(try importer.importDump(dump))
                }
            }
        }
    }
}
