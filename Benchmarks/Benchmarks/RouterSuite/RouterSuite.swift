import Benchmark
import Foundation
import NFTables
import RouterCompiler
import RouterModel
import SuiteSupport
import VRCBench

/// The router document's pure path at each size: decode the JSON, compile the document, encode the netlink batch
/// that `vrc apply` sends (`Transaction.withEncodedBatch`, no kernel), and render the ruleset as nft text.
///
/// The documents are `RouterGenerator.cloudRouter(ruleEquivalents:)` (60 % ACL entries, 20 % port forwards, 15 %
/// firewall entries, 5 % static NATs; sizes in rules of the linear form, as `vrc bench` counts them), made once per
/// size outside the measurement.
let benchmarks: @Sendable () -> Void = {
    for size in SuiteSizes.selected {
        let configuration = SuiteSizes.configuration(size: size)

        Benchmark("Decode/\(size)", configuration: configuration) { benchmark in
            let data = RouterFixtures.json[size]
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try RouterDocument.decode(from: data, source: "cloud-router-\(size).json"))
            }
        }

        Benchmark("Compile/\(size)", configuration: configuration) { benchmark in
            let document = try RouterFixtures.documents[size].get()
            let compiler = RouterCompiler()
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(compiler.compile(document))
            }
        }

        Benchmark("Encode/\(size)", configuration: configuration) { benchmark in
            let ruleset = try RouterFixtures.rulesets[size].get()
            var transaction = Transaction()
            for table in ruleset.tables {
                transaction.replace(table)
            }
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try transaction.withEncodedBatch { bytes, messages in bytes.count + messages })
            }
        }

        Benchmark("Encode nft text/\(size)", configuration: configuration) { benchmark in
            let ruleset = try RouterFixtures.rulesets[size].get()
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(ruleset.nftText())
            }
        }
    }
}
