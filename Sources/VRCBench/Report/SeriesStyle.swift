/// How the series at one index is drawn: colour, dash pattern and marker shape.
///
/// The colours are the Okabe-Ito palette (told apart with the common colour-vision deficiencies); dash
/// patterns and marker shapes change with the index too, so that lines stay apart in greyscale. The three
/// cycles have lengths 7, 6 and 5, so the first 210 series all look different.
internal struct SeriesStyle {
    /// A marker drawn at every point.
    enum Marker: CaseIterable {
        case circle, square, triangle, diamond, cross

        /// Draws the marker centred on (`x`, `y`); it takes fill and stroke from its group.
        func draw(_ svg: inout SVGWriter, x: Double, y: Double) {
            let r = 4.0
            switch self {
            case .circle:
                svg.element(
                    "circle", [("cx", SVGText.fixed(x)), ("cy", SVGText.fixed(y)), ("r", SVGText.fixed(r - 0.5))])
            case .square:
                svg.element(
                    "rect",
                    [
                        ("x", SVGText.fixed(x - r + 0.5)), ("y", SVGText.fixed(y - r + 0.5)),
                        ("width", SVGText.fixed(2 * r - 1)), ("height", SVGText.fixed(2 * r - 1)),
                    ])
            case .triangle:
                svg.element(
                    "polygon", [("points", Self.points([(x, y - r - 0.5), (x + r, y + r - 1), (x - r, y + r - 1)]))])
            case .diamond:
                svg.element(
                    "polygon", [("points", Self.points([(x, y - r - 1), (x + r, y), (x, y + r + 1), (x - r, y)]))])
            case .cross:
                let path =
                    "M" + Self.points([(x - r, y - r)]) + "L" + Self.points([(x + r, y + r)])
                    + "M" + Self.points([(x - r, y + r)]) + "L" + Self.points([(x + r, y - r)])
                svg.element("path", [("d", path), ("fill", "none"), ("stroke-width", "2")])
            }
        }

        private static func points(_ corners: [(Double, Double)]) -> String {
            corners.map { SVGText.fixed($0.0) + "," + SVGText.fixed($0.1) }.joined(separator: " ")
        }
    }

    private static let colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
    private static let dashes: [String?] = [nil, "8 4", "2 3", "10 3 2 3", "4 4", "12 3 2 3 2 3"]

    let colour: String
    /// The `stroke-dasharray`, nil for a solid line.
    let dash: String?
    let marker: Marker

    init(index: Int) {
        colour = Self.colours[index % Self.colours.count]
        dash = Self.dashes[index % Self.dashes.count]
        marker = Marker.allCases[index % Marker.allCases.count]
    }
}
