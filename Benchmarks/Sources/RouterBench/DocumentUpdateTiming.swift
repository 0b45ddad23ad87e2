import VRCBench
import Foundation
import NFTables
import RouterCompiler
import RouterModel

/// One added port forward through the library, from the two decoded documents to the commit.
///
/// Each run starts from the document before the change, applied whole (not timed), and times: planning from the two
/// documents (`RouterCompiler.plan(from:to:)`, which compiles only the changed entries when it can), filling a
/// transaction, and committing it (its encode and kernel time). `compiledPlanMs` is the old way for comparison, not part
/// of the total: compiling both documents and planning between the two rulesets.
struct DocumentUpdateTiming {
    let generator: RouterGenerator
    let runs: Int

    func run() throws -> [String: Any] {
        var after = generator
        after.extraForward = true
        let beforeDocument = try RouterDocument.decode(from: Data(generator.json().utf8), source: "before.json")
        let afterDocument = try RouterDocument.decode(from: Data(after.json().utf8), source: "after.json")
        let compiler = RouterCompiler()
        let namespace = try BenchNamespace()
        defer { namespace.remove() }

        var compile: [Double] = []
        var plan: [Double] = []
        var encode: [Double] = []
        var kernel: [Double] = []
        var total: [Double] = []
        var operations = 0
        var elements = 0
        let clock = ContinuousClock()
        for _ in 0..<runs {
            try compiler.compile(beforeDocument).apply(to: .named(namespace.name))
            let start = clock.now
            let updatePlan = compiler.plan(from: beforeDocument, to: afterDocument)
            let planned = clock.now
            var transaction = Transaction(namespace: .named(namespace.name))
            updatePlan.fill(&transaction)
            let report = try transaction.commit()
            total.append((clock.now - start).milliseconds)
            plan.append((planned - start).milliseconds)

            let compileStart = clock.now
            let compiledPlan = RouterCompiler.plan(
                from: compiler.compile(beforeDocument), to: compiler.compile(afterDocument))
            compile.append((clock.now - compileStart).milliseconds)
            guard compiledPlan.operations == updatePlan.operations else {
                throw BenchError("the plan from the documents differs from the plan from the compiled rulesets")
            }
            encode.append(report.encodeTime.milliseconds)
            kernel.append(report.kernelTime.milliseconds)
            operations = updatePlan.operations.count
            elements = updatePlan.elementCount
        }
        return [
            "case": "update", "runs": runs, "portForwards": generator.portForwards,
            "aclEntries": generator.aclEntries,
            "compiledPlanMs": Statistics.median(compile), "planMs": Statistics.median(plan),
            "encodeMs": Statistics.median(encode), "kernelMs": Statistics.median(kernel),
            "totalMs": Statistics.median(total),
            "operations": operations, "planElements": elements,
            "peakRSSMiB": Statistics.peakResidentMiB(),
        ]
    }
}
