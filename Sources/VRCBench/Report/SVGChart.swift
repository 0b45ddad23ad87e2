/// A line chart written as a self-contained SVG document: one line with markers per series, axes with ticks
/// on linear or logarithmic scales, a legend, axis titles, a title and a caption.
///
/// Each series has its own colour, dash pattern and marker shape, so that the lines stay apart in greyscale
/// print too. Points that a scale cannot place (not finite, or not positive on a logarithmic scale) are left
/// out; a chart with nothing to draw says "no data". The same chart always renders to the same bytes.
///
/// ```swift
/// let chart = SVGChart(
///     title: "Apply time", xLabel: "rules", yLabel: "milliseconds",
///     xScale: .logarithmic, yScale: .logarithmic,
///     series: [
///         .init(name: "nft -f", points: [.init(x: 1_000, y: 48.9), .init(x: 10_000, y: 445.7)]),
///         .init(name: "vrc", points: [.init(x: 1_000, y: 27.9), .init(x: 10_000, y: 145.9)]),
///     ],
///     caption: "2 cores, kernel 6.18, 2026-11-25, vrc bench apply --svg apply.svg")
/// try chart.render().write(toFile: "apply.svg", atomically: true, encoding: .utf8)
/// ```
public struct SVGChart: Sendable {
    /// How values are placed along an axis.
    public enum Scale: Sendable {
        /// Equal distances for equal differences; ticks 1, 2 or 5 times a power of ten apart.
        case linear
        /// Equal distances for equal ratios; a tick at every decade (1, 10, 100, 1k ...).
        case logarithmic
    }

    /// One measurement: `x` along the horizontal axis, `y` along the vertical one.
    public struct Point: Hashable, Sendable {
        /// The horizontal value, such as the size.
        public var x: Double
        /// The vertical value, such as the time.
        public var y: Double

        /// Creates a point.
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// One line of the chart, named in the legend.
    public struct Series: Sendable {
        /// The name shown in the legend.
        public var name: String
        /// The points, drawn in increasing `x`.
        public var points: [Point]

        /// Creates a series.
        public init(name: String, points: [Point]) {
            self.name = name
            self.points = points
        }
    }

    /// The title above the chart.
    public var title: String
    /// The title of the horizontal axis, units included (`"rules"`, `"time (ms)"`).
    public var xLabel: String
    /// The title of the vertical axis.
    public var yLabel: String
    /// The scale of the horizontal axis.
    public var xScale: Scale
    /// The scale of the vertical axis.
    public var yScale: Scale
    /// The lines, in legend order.
    public var series: [Series]
    /// Small print below the chart, such as the machine, kernel, date and command; `\n` starts a new line.
    public var caption: String?
    /// The width of the whole picture, in SVG user units (pixels); at least 320 is used.
    public var width: Double
    /// The height of the picture without the caption, which adds a line's height per line; at least 240 is used.
    public var height: Double

    /// Creates a chart; nothing is computed until ``render()``.
    public init(
        title: String, xLabel: String, yLabel: String, xScale: Scale = .linear, yScale: Scale = .linear,
        series: [Series], caption: String? = nil, width: Double = 800, height: Double = 480
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.series = series
        self.caption = caption
        self.width = width
        self.height = height
    }

    /// The chart as a complete SVG document (with its XML declaration).
    public func render() -> String {
        let lines = captionLines
        let size = (width: max(width, 320), height: max(height, 240) + Double(lines.count) * Layout.captionLine)
        var svg = SVGWriter()
        svg.open(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("width", SVGText.fixed(size.width)),
                ("height", SVGText.fixed(size.height)),
                ("viewBox", "0 0 \(SVGText.fixed(size.width)) \(SVGText.fixed(size.height))"),
                ("font-family", "sans-serif"), ("font-size", "12"),
            ])
        svg.element("title", text: title)
        svg.element("rect", [("width", "100%"), ("height", "100%"), ("fill", "#ffffff")])
        svg.element(
            "text",
            [
                ("class", "title"), ("x", SVGText.fixed(size.width / 2)), ("y", "28"), ("text-anchor", "middle"),
                ("font-size", "16"), ("font-weight", "bold"),
            ], text: title)

        let plotted = plottedSeries
        let frame = Layout.Frame(
            left: Layout.left, top: Layout.top, right: size.width - legendWidth(plotted, chartWidth: size.width),
            bottom: size.height - Layout.bottom - Double(lines.count) * Layout.captionLine)
        if plotted.allSatisfy({ $0.points.isEmpty }) {
            svg.element(
                "text",
                [
                    ("class", "no-data"), ("x", SVGText.fixed(frame.centerX)), ("y", SVGText.fixed(frame.centerY)),
                    ("text-anchor", "middle"), ("font-size", "18"), ("fill", "#555555"),
                ], text: "no data")
        } else {
            let xAxis = ChartAxis(scale: xScale, values: plotted.flatMap { $0.points.map(\.x) })
            let yAxis = ChartAxis(scale: yScale, values: plotted.flatMap { $0.points.map(\.y) })
            drawAxes(&svg, frame: frame, xAxis: xAxis, yAxis: yAxis)
            for (index, line) in plotted.enumerated() where !line.points.isEmpty {
                drawSeries(&svg, line, style: SeriesStyle(index: index), frame: frame, xAxis: xAxis, yAxis: yAxis)
            }
            drawLegend(&svg, plotted, frame: frame)
        }
        if !lines.isEmpty {
            svg.open(
                "text",
                [
                    ("class", "caption"), ("x", SVGText.fixed(Layout.gap)),
                    ("y", SVGText.fixed(size.height - Double(lines.count) * Layout.captionLine + 4)),
                    ("font-size", "11"), ("fill", "#555555"),
                ])
            for (index, line) in lines.enumerated() {
                svg.element(
                    "tspan",
                    [("x", SVGText.fixed(Layout.gap)), ("dy", index == 0 ? "0" : SVGText.fixed(Layout.captionLine))],
                    text: line)
            }
            svg.close("text")
        }
        svg.close("svg")
        return svg.text
    }

    // MARK: Data

    /// Each series with only the points both scales can place, in increasing `x` (then `y`).
    private var plottedSeries: [Series] {
        series.map { line in
            let points = line.points.filter {
                ChartAxis.accepts($0.x, on: xScale) && ChartAxis.accepts($0.y, on: yScale)
            }
            return Series(name: line.name, points: points.sorted { ($0.x, $0.y) < ($1.x, $1.y) })
        }
    }

    private var captionLines: [String] {
        guard let caption, !caption.isEmpty else { return [] }
        return caption.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Room for the legend right of the plot: enough for the longest name (at about 7 units a character),
    /// at most 40 % of the picture.
    private func legendWidth(_ lines: [Series], chartWidth: Double) -> Double {
        let longest = lines.map { $0.points.isEmpty ? $0.name.count + 10 : $0.name.count }.max() ?? 0
        return min(max(Layout.legendMinimum, 64 + 7 * Double(longest)), chartWidth * 0.4)
    }

    // MARK: Drawing

    private func drawAxes(_ svg: inout SVGWriter, frame: Layout.Frame, xAxis: ChartAxis, yAxis: ChartAxis) {
        svg.open("g", [("class", "grid"), ("stroke-width", "1")])
        for tick in xAxis.ticks {
            let x = frame.x(tick.fraction)
            svg.element(
                "line",
                [
                    ("x1", SVGText.fixed(x)), ("y1", SVGText.fixed(frame.top)), ("x2", SVGText.fixed(x)),
                    ("y2", SVGText.fixed(frame.bottom)), ("stroke", tick.label == nil ? "#f0f0f0" : "#dddddd"),
                ])
        }
        for tick in yAxis.ticks {
            let y = frame.y(tick.fraction)
            svg.element(
                "line",
                [
                    ("x1", SVGText.fixed(frame.left)), ("y1", SVGText.fixed(y)), ("x2", SVGText.fixed(frame.right)),
                    ("y2", SVGText.fixed(y)), ("stroke", tick.label == nil ? "#f0f0f0" : "#dddddd"),
                ])
        }
        svg.close("g")

        svg.open("g", [("class", "x-axis"), ("stroke", "#333333")])
        svg.element(
            "line",
            [
                ("x1", SVGText.fixed(frame.left)), ("y1", SVGText.fixed(frame.bottom)),
                ("x2", SVGText.fixed(frame.right)), ("y2", SVGText.fixed(frame.bottom)),
            ])
        for tick in xAxis.ticks {
            let x = frame.x(tick.fraction)
            let length = tick.label == nil ? 3.0 : 6.0
            svg.element(
                "line",
                [
                    ("class", tick.label == nil ? "minor-tick" : "tick"), ("x1", SVGText.fixed(x)),
                    ("y1", SVGText.fixed(frame.bottom)), ("x2", SVGText.fixed(x)),
                    ("y2", SVGText.fixed(frame.bottom + length)),
                ])
            if let label = tick.label {
                svg.element(
                    "text",
                    [
                        ("class", "tick-label"), ("x", SVGText.fixed(x)), ("y", SVGText.fixed(frame.bottom + 20)),
                        ("text-anchor", "middle"), ("stroke", "none"), ("fill", "#333333"),
                    ], text: label)
            }
        }
        svg.close("g")

        svg.open("g", [("class", "y-axis"), ("stroke", "#333333")])
        svg.element(
            "line",
            [
                ("x1", SVGText.fixed(frame.left)), ("y1", SVGText.fixed(frame.top)),
                ("x2", SVGText.fixed(frame.left)), ("y2", SVGText.fixed(frame.bottom)),
            ])
        for tick in yAxis.ticks {
            let y = frame.y(tick.fraction)
            let length = tick.label == nil ? 3.0 : 6.0
            svg.element(
                "line",
                [
                    ("class", tick.label == nil ? "minor-tick" : "tick"), ("x1", SVGText.fixed(frame.left - length)),
                    ("y1", SVGText.fixed(y)), ("x2", SVGText.fixed(frame.left)), ("y2", SVGText.fixed(y)),
                ])
            if let label = tick.label {
                svg.element(
                    "text",
                    [
                        ("class", "tick-label"), ("x", SVGText.fixed(frame.left - 9)), ("y", SVGText.fixed(y + 4)),
                        ("text-anchor", "end"), ("stroke", "none"), ("fill", "#333333"),
                    ], text: label)
            }
        }
        svg.close("g")

        svg.element(
            "text",
            [
                ("class", "x-title"), ("x", SVGText.fixed(frame.centerX)), ("y", SVGText.fixed(frame.bottom + 42)),
                ("text-anchor", "middle"), ("font-size", "13"),
            ], text: xLabel)
        let titleX = SVGText.fixed(18)
        let titleY = SVGText.fixed(frame.centerY)
        svg.element(
            "text",
            [
                ("class", "y-title"), ("x", titleX), ("y", titleY), ("text-anchor", "middle"), ("font-size", "13"),
                ("transform", "rotate(-90 \(titleX) \(titleY))"),
            ], text: yLabel)
    }

    private func drawSeries(
        _ svg: inout SVGWriter, _ line: Series, style: SeriesStyle, frame: Layout.Frame, xAxis: ChartAxis,
        yAxis: ChartAxis
    ) {
        let positions = line.points.map { (x: frame.x(xAxis.fraction(of: $0.x)), y: frame.y(yAxis.fraction(of: $0.y))) }
        svg.open("g", [("class", "series"), ("data-name", line.name)])
        var attributes = [
            ("points", positions.map { SVGText.fixed($0.x) + "," + SVGText.fixed($0.y) }.joined(separator: " ")),
            ("fill", "none"), ("stroke", style.colour), ("stroke-width", "2"), ("stroke-linejoin", "round"),
        ]
        if let dash = style.dash { attributes.append(("stroke-dasharray", dash)) }
        svg.element("polyline", attributes)
        svg.open("g", [("class", "markers"), ("fill", style.colour), ("stroke", style.colour)])
        for position in positions {
            style.marker.draw(&svg, x: position.x, y: position.y)
        }
        svg.close("g")
        svg.close("g")
    }

    private func drawLegend(_ svg: inout SVGWriter, _ lines: [Series], frame: Layout.Frame) {
        let left = frame.right + Layout.gap
        svg.open("g", [("class", "legend")])
        for (index, line) in lines.enumerated() {
            let style = SeriesStyle(index: index)
            let y = frame.top + 8 + Double(index) * 22
            var attributes = [
                ("x1", SVGText.fixed(left)), ("y1", SVGText.fixed(y)), ("x2", SVGText.fixed(left + 32)),
                ("y2", SVGText.fixed(y)), ("stroke", style.colour), ("stroke-width", "2"),
            ]
            if let dash = style.dash { attributes.append(("stroke-dasharray", dash)) }
            svg.element("line", attributes)
            svg.open("g", [("fill", style.colour), ("stroke", style.colour)])
            style.marker.draw(&svg, x: left + 16, y: y)
            svg.close("g")
            let name = line.points.isEmpty ? line.name + " (no data)" : line.name
            svg.element(
                "text", [("class", "legend-label"), ("x", SVGText.fixed(left + 40)), ("y", SVGText.fixed(y + 4))],
                text: name)
        }
        svg.close("g")
    }
}

extension SVGChart {
    /// Sizes of the parts around the plot.
    fileprivate enum Layout {
        static let left = 80.0
        static let top = 50.0
        static let bottom = 60.0
        static let legendMinimum = 120.0
        static let gap = 16.0
        static let captionLine = 15.0

        /// The plot area.
        struct Frame {
            var left: Double
            var top: Double
            var right: Double
            var bottom: Double

            var centerX: Double { (left + right) / 2 }
            var centerY: Double { (top + bottom) / 2 }
            /// The horizontal position of an axis fraction (0 left, 1 right).
            func x(_ fraction: Double) -> Double { left + fraction * (right - left) }
            /// The vertical position of an axis fraction (0 bottom, 1 top).
            func y(_ fraction: Double) -> Double { bottom - fraction * (bottom - top) }
        }
    }
}
