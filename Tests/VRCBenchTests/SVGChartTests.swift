import Foundation
import Testing
import VRCBench

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("SVGChart")
struct SVGChartTests {
    private static let apply = SVGChart(
        title: "Apply time", xLabel: "rules", yLabel: "milliseconds", xScale: .logarithmic, yScale: .logarithmic,
        series: [
            .init(name: "nft -f", points: [.init(x: 100, y: 5), .init(x: 1_000, y: 48.9), .init(x: 10_000, y: 445.7)]),
            .init(name: "vrc", points: [.init(x: 100, y: 3), .init(x: 1_000, y: 27.9), .init(x: 10_000, y: 145.9)]),
            .init(name: "iptables", points: [.init(x: 100, y: 80), .init(x: 1_000, y: 900)]),
        ],
        caption: "2 cores, kernel 6.18, 2026-11-25\nvrc bench apply --svg apply.svg")

    @Test("the output is well-formed XML with an svg root, a title and the caption")
    func wellFormed() throws {
        let svg = try ParsedSVG(Self.apply.render())
        #expect(svg.root?.name == "svg")
        #expect(svg.root?.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(svg.texts(ofClass: "title") == ["Apply time"])
        #expect(svg.texts(ofClass: "x-title") == ["rules"])
        #expect(svg.texts(ofClass: "y-title") == ["milliseconds"])
        let caption = svg.elements.filter { $0.name == "tspan" }.map(\.text)
        #expect(caption == ["2 cores, kernel 6.18, 2026-11-25", "vrc bench apply --svg apply.svg"])
    }

    @Test("one line per series, each with its own colour and dash pattern, and a legend entry each")
    func oneLinePerSeries() throws {
        let svg = try ParsedSVG(Self.apply.render())
        let lines = svg.elements.filter { $0.name == "polyline" }
        #expect(lines.count == 3)
        #expect(Set(lines.compactMap { $0.attributes["stroke"] }).count == 3)
        #expect(Set(lines.map { $0.attributes["stroke-dasharray"] ?? "solid" }).count == 3)
        #expect(try lines.map { try Self.coordinates($0).count } == [3, 3, 2])
        #expect(svg.texts(ofClass: "legend-label") == ["nft -f", "vrc", "iptables"])
        #expect(
            svg.elements.filter { $0.attributes["class"] == "series" }.map { $0.attributes["data-name"] ?? "" }
                == ["nft -f", "vrc", "iptables"])
    }

    @Test("log scale: decade ticks labelled 100, 1k, 10k, equally spaced, and positions increase with the value")
    func logScaleDecades() throws {
        let chart = SVGChart(
            title: "t", xLabel: "x", yLabel: "y", xScale: .logarithmic, yScale: .logarithmic,
            series: [.init(name: "a", points: [1, 10, 100, 1_000, 10_000].map { .init(x: $0, y: $0) })])
        let svg = try ParsedSVG(chart.render())
        let points = try Self.firstLine(svg)
        #expect(points.count == 5)
        // x grows to the right, y up (SVG's y grows downwards).
        #expect(zip(points, points.dropFirst()).allSatisfy { $0.x < $1.x && $0.y > $1.y })
        let xSteps = zip(points, points.dropFirst()).map { $1.x - $0.x }
        let ySteps = zip(points, points.dropFirst()).map { $0.y - $1.y }
        for step in xSteps + [] { #expect(abs(step - xSteps[0]) <= 0.02, "decades must be equally spaced: \(xSteps)") }
        for step in ySteps { #expect(abs(step - ySteps[0]) <= 0.02, "decades must be equally spaced: \(ySteps)") }
        #expect(xSteps[0] > 50)

        let xLabels = svg.tickLabels(axis: "x-axis")
        #expect(xLabels == ["1", "10", "100", "1k", "10k"])
        // The labelled ticks sit where the points of the same value are.
        let ticks = svg.ticks(axis: "x-axis")
        #expect(ticks.count == 5)
        for (tick, point) in zip(ticks, points) { #expect(abs(tick - point.x) <= 0.02) }
    }

    @Test("log scale: values between decades land between the decades' ticks, in order")
    func logScaleMonotonic() throws {
        let values: [Double] = [3, 7, 20, 450, 999, 1_001, 65_000]
        let chart = SVGChart(
            title: "t", xLabel: "x", yLabel: "y", xScale: .logarithmic, yScale: .linear,
            series: [.init(name: "a", points: values.map { .init(x: $0, y: 1) })])
        let svg = try ParsedSVG(chart.render())
        let points = try Self.firstLine(svg)
        #expect(zip(points, points.dropFirst()).allSatisfy { $0.x < $1.x })
        #expect(svg.tickLabels(axis: "x-axis") == ["1", "10", "100", "1k", "10k", "100k"])
        let ticks = svg.ticks(axis: "x-axis")
        let decade = (ticks[1] - ticks[0])
        // 450 is log10(4.5) = 0.653 of a decade past 100.
        let expected = ticks[2] + decade * 0.6532
        #expect(abs(points[3].x - expected) < 0.1)
    }

    @Test("linear scale: ticks 1, 2 or 5 times a power of ten apart, starting at 0 for positive data")
    func linearNiceTicks() throws {
        let chart = SVGChart(
            title: "t", xLabel: "rules", yLabel: "packets per second",
            series: [.init(name: "a", points: [.init(x: 0, y: 812_000), .init(x: 100_000, y: 790_500)])])
        let svg = try ParsedSVG(chart.render())
        #expect(svg.tickLabels(axis: "x-axis") == ["0", "20k", "40k", "60k", "80k", "100k"])
        #expect(svg.tickLabels(axis: "y-axis") == ["0", "200k", "400k", "600k", "800k", "1M"])
        let ticks = svg.ticks(axis: "x-axis")
        let steps = zip(ticks, ticks.dropFirst()).map { $1 - $0 }
        for step in steps { #expect(abs(step - steps[0]) <= 0.02) }
    }

    @Test("linear scale with fractions and negative values")
    func linearFractions() throws {
        let chart = SVGChart(
            title: "t", xLabel: "x", yLabel: "y",
            series: [.init(name: "a", points: [.init(x: -0.3, y: 0.25), .init(x: 0.7, y: 1.5)])])
        let svg = try ParsedSVG(chart.render())
        #expect(svg.tickLabels(axis: "x-axis") == ["-0.4", "-0.2", "0", "0.2", "0.4", "0.6", "0.8"])
        #expect(svg.tickLabels(axis: "y-axis") == ["0", "0.5", "1", "1.5"])
    }

    @Test("text is escaped everywhere: title, axis titles, series names, caption")
    func escaping() throws {
        let nasty = "a & b < c > d \"e\" 'f' </svg>"
        let chart = SVGChart(
            title: nasty, xLabel: nasty, yLabel: nasty,
            series: [.init(name: nasty, points: [.init(x: 1, y: 1), .init(x: 2, y: 2)])], caption: nasty)
        let output = chart.render()
        #expect(!output.contains(nasty))
        #expect(output.contains("a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos; &lt;/svg&gt;"))
        let svg = try ParsedSVG(output)
        #expect(svg.texts(ofClass: "title") == [nasty])
        #expect(svg.texts(ofClass: "x-title") == [nasty])
        #expect(svg.texts(ofClass: "legend-label") == [nasty])
        #expect(svg.elements.first { $0.attributes["class"] == "series" }?.attributes["data-name"] == nasty)
        #expect(svg.elements.filter { $0.name == "tspan" }.map(\.text) == [nasty])
    }

    @Test("control characters in names do not break the document")
    func controlCharacters() throws {
        let chart = SVGChart(
            title: "bell\u{7}", xLabel: "x", yLabel: "y",
            series: [.init(name: "nul\u{0}", points: [.init(x: 1, y: 1)])])
        let svg = try ParsedSVG(chart.render())
        #expect(svg.texts(ofClass: "title") == ["bell\u{FFFD}"])
    }

    @Test("NaN, infinities, zero and negative values on log scales are skipped, the rest drawn")
    func skipsUnplaceablePoints() throws {
        let chart = SVGChart(
            title: "t", xLabel: "x", yLabel: "y", xScale: .logarithmic, yScale: .logarithmic,
            series: [
                .init(
                    name: "a",
                    points: [
                        .init(x: 10, y: 5), .init(x: .nan, y: 1), .init(x: 100, y: 0), .init(x: 0, y: 3),
                        .init(x: -10, y: 3), .init(x: 1_000, y: .infinity), .init(x: 1_000, y: 50),
                        .init(x: 100, y: -.infinity), .init(x: 10_000, y: -2),
                    ])
            ])
        let output = chart.render()
        let svg = try ParsedSVG(output)
        let points = try Self.firstLine(svg)
        #expect(points.count == 2)
        #expect(!output.contains("nan") && !output.contains("NaN") && !output.contains("inf"))
        #expect(svg.tickLabels(axis: "x-axis") == ["10", "100", "1k"])
    }

    @Test("linear scales keep zero and negative values but skip NaN and infinities")
    func linearSkipsNonFinite() throws {
        let chart = SVGChart(
            title: "t", xLabel: "x", yLabel: "y",
            series: [
                .init(
                    name: "a",
                    points: [.init(x: 0, y: 0), .init(x: 1, y: -1), .init(x: 2, y: .nan), .init(x: .infinity, y: 1)])
            ])
        let svg = try ParsedSVG(chart.render())
        let points = try Self.firstLine(svg)
        #expect(points.count == 2)
    }

    @Test(
        "no series, empty series, or only unplaceable points: an SVG saying no data",
        arguments: [
            [SVGChart.Series](),
            [.init(name: "empty", points: [])],
            [.init(name: "zero", points: [.init(x: 0, y: 0), .init(x: .nan, y: 1)])],
        ])
    func noData(series: [SVGChart.Series]) throws {
        let chart = SVGChart(
            title: "Packets", xLabel: "x", yLabel: "y", xScale: .logarithmic, yScale: .logarithmic, series: series)
        let svg = try ParsedSVG(chart.render())
        #expect(svg.root?.name == "svg")
        #expect(svg.texts(ofClass: "no-data") == ["no data"])
        #expect(svg.elements.filter { $0.name == "polyline" }.isEmpty)
        #expect(svg.texts(ofClass: "title") == ["Packets"])
    }

    @Test("a series without points is in the legend as no data, the others are drawn")
    func oneEmptySeries() throws {
        let chart = SVGChart(
            title: "t", xLabel: "x", yLabel: "y",
            series: [.init(name: "a", points: [.init(x: 1, y: 2)]), .init(name: "b", points: [])])
        let svg = try ParsedSVG(chart.render())
        #expect(svg.elements.filter { $0.name == "polyline" }.count == 1)
        #expect(svg.texts(ofClass: "legend-label") == ["a", "b (no data)"])
    }

    @Test("one value only, on each scale: still a chart with ticks around it")
    func singleValue() throws {
        for scale in [SVGChart.Scale.linear, .logarithmic] {
            let chart = SVGChart(
                title: "t", xLabel: "x", yLabel: "y", xScale: scale, yScale: scale,
                series: [.init(name: "a", points: [.init(x: 100, y: 100)])])
            let svg = try ParsedSVG(chart.render())
            let point = try #require(try Self.firstLine(svg).first)
            #expect(point.x.isFinite && point.y.isFinite)
            #expect(svg.tickLabels(axis: "x-axis").count >= 2)
        }
    }

    @Test("extreme values give finite coordinates")
    func extremes() throws {
        let chart = SVGChart(
            title: "t", xLabel: "x", yLabel: "y", xScale: .linear, yScale: .logarithmic,
            series: [
                .init(
                    name: "a",
                    points: [
                        .init(x: -.greatestFiniteMagnitude, y: .leastNonzeroMagnitude),
                        .init(x: .greatestFiniteMagnitude, y: .greatestFiniteMagnitude),
                    ])
            ])
        let output = chart.render()
        let svg = try ParsedSVG(output)
        let points = try Self.firstLine(svg)
        #expect(points.count == 2)
        #expect(points.allSatisfy { $0.x.isFinite && $0.y.isFinite && abs($0.x) < 10_000 && abs($0.y) < 10_000 })
    }

    @Test("the same chart renders to the same bytes, and numbers have at most two decimals")
    func deterministic() throws {
        let first = Self.apply.render()
        #expect(first == Self.apply.render())
        #expect(
            first
                == SVGChart(
                    title: Self.apply.title, xLabel: Self.apply.xLabel, yLabel: Self.apply.yLabel,
                    xScale: .logarithmic, yScale: .logarithmic, series: Self.apply.series, caption: Self.apply.caption
                ).render())
        let svg = try ParsedSVG(first)
        for line in svg.elements.filter({ $0.name == "polyline" }) {
            for number in (line.attributes["points"] ?? "").split(whereSeparator: { $0 == " " || $0 == "," }) {
                let decimals = number.split(separator: ".").dropFirst().first?.count ?? 0
                #expect(decimals <= 2, "\(number)")
            }
        }
    }

    @Test("points are drawn in increasing x whatever their order in the series")
    func sortsPoints() throws {
        let shuffled = SVGChart(
            title: "t", xLabel: "x", yLabel: "y",
            series: [.init(name: "a", points: [.init(x: 3, y: 1), .init(x: 1, y: 2), .init(x: 2, y: 3)])])
        let svg = try ParsedSVG(shuffled.render())
        let points = try Self.firstLine(svg)
        #expect(zip(points, points.dropFirst()).allSatisfy { $0.x < $1.x })
    }

    // MARK: Helpers

    private struct Position {
        var x: Double
        var y: Double
    }

    /// The points of the first polyline.
    private static func firstLine(_ svg: ParsedSVG) throws -> [Position] {
        try coordinates(try #require(svg.elements.first { $0.name == "polyline" }))
    }

    /// The points of a polyline.
    private static func coordinates(_ element: ParsedSVG.Element) throws -> [Position] {
        let text = try #require(element.attributes["points"])
        return try text.split(separator: " ").map { pair in
            let parts = pair.split(separator: ",")
            #expect(parts.count == 2)
            return Position(x: try #require(Double(String(parts[0]))), y: try #require(Double(String(parts[1]))))
        }
    }
}

/// An SVG document read back with Foundation's XML parser: every element in document order.
private final class ParsedSVG: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
        /// The classes of the enclosing elements, innermost last.
        var ancestors: [String]
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []

    init(_ text: String) throws {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        guard parser.parse() else {
            throw ParseError(description: "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?")")
        }
    }

    var root: Element? { elements.first }

    func texts(ofClass name: String) -> [String] {
        elements.filter { $0.attributes["class"] == name }.map(\.text)
    }

    /// The labels of an axis's labelled ticks, left to right or bottom to top.
    func tickLabels(axis: String) -> [String] {
        let labels = elements.filter { $0.attributes["class"] == "tick-label" && $0.ancestors.last == axis }
        return sortedAlong(axis, labels, x: "x", y: "y").map(\.text)
    }

    /// The positions of an axis's labelled ticks: x for the x axis (left to right), y for the y axis (bottom to
    /// top).
    func ticks(axis: String) -> [Double] {
        let ticks = elements.filter { $0.attributes["class"] == "tick" && $0.ancestors.last == axis }
        let key = axis == "x-axis" ? "x1" : "y1"
        return sortedAlong(axis, ticks, x: "x1", y: "y1").compactMap { $0.attributes[key].flatMap(Double.init) }
    }

    private func sortedAlong(_ axis: String, _ elements: [Element], x: String, y: String) -> [Element] {
        let key = axis == "x-axis" ? x : y
        let position = { (element: Element) in element.attributes[key].flatMap(Double.init) ?? .nan }
        // SVG's y grows downwards: bottom to top is decreasing y.
        return elements.sorted { axis == "x-axis" ? position($0) < position($1) : position($0) > position($1) }
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let ancestors = open.compactMap { elements[$0].attributes["class"] }
        elements.append(Element(name: elementName, attributes: attributes, ancestors: ancestors))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard let index = open.last, elements[index].name != "svg", elements[index].name != "g" else { return }
        elements[index].text += string
    }
}
