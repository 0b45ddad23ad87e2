import ArgumentParser
import Foundation
import VRCBench

/// The output options every `vrc bench` subcommand shares.
internal struct BenchOutputOptions: ParsableArguments {
    @Flag(help: "Print the results as JSON instead of a table.")
    var json = false

    @Option(help: ArgumentHelp("Also draw the results as an SVG picture into this file.", valueName: "file"))
    var svg: String?

    @Option(help: "Measurements of each method at each size; the median is the figure, the range the spread.")
    var runs = 3

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs needs at least 1, not \(runs)") }
        if let svg, svg.isEmpty { throw ValidationError("--svg needs a file name") }
    }

    /// Prints `report` as JSON (`--json`) or as `table`, and with `--svg` writes `chart` to the file.
    func write<Report: Encodable>(_ report: Report, table: String, chart: SVGChart) throws(CommandFailure) {
        BenchRun.endProgress()
        if let svg {
            do {
                try Data(chart.render().utf8).write(to: URL(fileURLWithPath: svg))
            } catch {
                throw .badInput("cannot write the picture to \(svg): \(error.localizedDescription)")
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(
                positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            guard let data = try? encoder.encode(report) else { throw .badInput("cannot encode the results as JSON") }
            Output.line(String(decoding: data, as: UTF8.self))
        } else {
            Output.raw(table.hasSuffix("\n") ? table : table + "\n")
        }
    }
}
