import ArgumentParser
import Foundation
import VRCBench

/// The output options every `vrc bench` subcommand shares.
internal struct BenchOutputOptions: ParsableArguments {
    @Flag(help: "Print the results as JSON instead of a table.")
    var json = false

    @Option(help: ArgumentHelp("Also draw the results as an SVG picture into this file.", valueName: "file"))
    var svg: String?

    @Option(
        help: ArgumentHelp(
            "Measure nothing: print and draw the results a run saved with --json-file.", valueName: "file"))
    var from: String?

    @Option(
        name: .customLong("json-file"),
        help: ArgumentHelp("Also write the results as JSON into this file.", valueName: "file"))
    var jsonFile: String?

    @Option(help: "Measurements of each method at each size; the median is the figure, the range the spread.")
    var runs = 3

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs needs at least 1, not \(runs)") }
        if let svg, svg.isEmpty { throw ValidationError("--svg needs a file name") }
        if let jsonFile, jsonFile.isEmpty { throw ValidationError("--json-file needs a file name") }
        // Checked before measuring, so that minutes of measurements are not lost to a typo at the end.
        for path in [svg, jsonFile].compactMap({ $0 }) {
            var isDirectory: ObjCBool = false
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
            else { throw ValidationError("cannot write \(path): no directory \(directory)") }
        }
    }

    /// The results saved in the `--from` file, or `nil` when the run should measure.
    func savedReport<Report: Decodable>(_ type: Report.Type) throws(CommandFailure) -> Report? {
        guard let from else { return nil }
        guard let data = FileManager.default.contents(atPath: from) else {
            throw .badInput("\(from): no such file, or it cannot be read")
        }
        do {
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(
                positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            return try decoder.decode(type, from: data)
        } catch {
            throw .badInput("\(from): not the results of this benchmark saved with --json-file (\(error))")
        }
    }

    /// Prints `report` as JSON (`--json`) or as `table`; with `--svg` writes `chart`, with `--json-file` the JSON,
    /// to those files.
    func write<Report: Encodable>(_ report: Report, table: String, chart: SVGChart) throws(CommandFailure) {
        BenchRun.endProgress()
        if let svg {
            do {
                try Data(chart.render().utf8).write(to: URL(fileURLWithPath: svg))
            } catch {
                throw .badInput("cannot write the picture to \(svg): \(error.localizedDescription)")
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? encoder.encode(report) else { throw .badInput("cannot encode the results as JSON") }
        if let jsonFile {
            do {
                try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: jsonFile))
            } catch {
                throw .badInput("cannot write the results to \(jsonFile): \(error.localizedDescription)")
            }
        }
        if json {
            Output.line(String(decoding: data, as: UTF8.self))
        } else {
            Output.raw(table.hasSuffix("\n") ? table : table + "\n")
        }
    }
}
