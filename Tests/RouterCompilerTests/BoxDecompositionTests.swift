import Testing

@testable import RouterCompiler

/// The decomposition behind every interval set: disjoint boxes covering exactly the union, the same for any
/// order of the input.
@Suite("Disjoint boxes")
struct BoxDecompositionTests {
    @Test("random unions: pieces are disjoint, cover exactly the union, and do not depend on the input order")
    func randomUnions() {
        var random = SeededGenerator(seed: 0xB0C5)
        for _ in 0..<500 {
            let dimensions = 1 + Int.random(in: 0..<3, using: &random)
            let boxes = (0..<(1 + Int.random(in: 0..<6, using: &random))).map { _ in
                (0..<dimensions).map { _ -> Span in
                    let lower = UInt128(Int.random(in: 0..<12, using: &random))
                    return Span(lower, lower + UInt128(Int.random(in: 0..<5, using: &random)))
                }
            }
            let pieces = BoxDecomposition.disjoint(boxes)
            #expect(pieces == BoxDecomposition.disjoint(boxes.shuffled(using: &random)))
            for (index, piece) in pieces.enumerated() {
                for other in pieces[(index + 1)...] {
                    #expect(!Self.overlaps(piece, other), "\(piece) overlaps \(other) from \(boxes)")
                }
            }
            // Every point of a small grid is covered by the pieces exactly when it is covered by the boxes.
            for point in Self.grid(dimensions: dimensions, size: 18) {
                let inUnion = boxes.contains { Self.contains($0, point) }
                let inPieces = pieces.contains { Self.contains($0, point) }
                #expect(inUnion == inPieces, "point \(point) of \(boxes)")
            }
        }
    }

    @Test("nested prefixes with shared ports fold into one element per port, and adjacent ranges merge")
    func foldsNestedAndAdjacent() {
        let boxes = [[Span(0, 255), Span(80, 80)], [Span(16, 31), Span(80, 80)], [Span(256, 511), Span(80, 80)]]
        #expect(BoxDecomposition.disjoint(boxes) == [[Span(0, 511), Span(80, 80)]])
        #expect(
            BoxDecomposition.merged([Span(5, 9), Span(0, 4), Span(20, 30), Span(25, 26)]) == [
                Span(0, 9), Span(20, 30),
            ])
    }

    @Test("the whole 128-bit axis does not overflow")
    func wholeAxis() {
        let boxes = [[Span(0, .max), Span(1, 1)], [Span(.max, .max), Span(2, 2)]]
        #expect(
            BoxDecomposition.disjoint(boxes) == [
                [Span(0, .max - 1), Span(1, 1)], [Span(.max, .max), Span(1, 2)],
            ])
    }

    @Test("larger unions, where active sets recur: every point covered exactly once; the limit gives up exactly")
    func largerUnionsAndLimit() {
        var random = SeededGenerator(seed: 0x5EED)
        let size = 20
        for _ in 0..<60 {
            let dimensions = 2 + Int.random(in: 0..<2, using: &random)
            // Wide boxes around many narrow ones, so that the same active set comes back between the narrow ones.
            let boxes = (0..<(10 + Int.random(in: 0..<40, using: &random))).map { _ in
                (0..<dimensions).map { _ -> Span in
                    let wide = Int.random(in: 0..<4, using: &random) == 0
                    let lower = wide ? Int.random(in: 0..<3, using: &random) : Int.random(in: 0..<18, using: &random)
                    let length =
                        wide ? 12 + Int.random(in: 0..<5, using: &random) : Int.random(in: 0..<3, using: &random)
                    return Span(UInt128(lower), UInt128(min(lower + length, size - 1)))
                }
            }
            let pieces = BoxDecomposition.disjoint(boxes)
            #expect(pieces == BoxDecomposition.disjoint(boxes.shuffled(using: &random)))
            var inUnion = [Bool](repeating: false, count: Self.cells(dimensions, size))
            var coverings = [Int](repeating: 0, count: inUnion.count)
            for box in boxes {
                for cell in Self.cells(of: box, size: size) { inUnion[cell] = true }
            }
            for piece in pieces {
                for cell in Self.cells(of: piece, size: size) { coverings[cell] += 1 }
            }
            #expect(zip(inUnion, coverings).allSatisfy { $1 == ($0 ? 1 : 0) }, "\(boxes)")
            // A limit below the count gives up; at or above it, the same pieces come out.
            #expect(BoxDecomposition.disjoint(boxes, limit: pieces.count) == pieces)
            #expect(BoxDecomposition.disjoint(boxes, limit: pieces.count + 3) == pieces)
            #expect(BoxDecomposition.disjoint(boxes, limit: pieces.count - 1) == nil)
            #expect(BoxDecomposition.disjoint(boxes, limit: pieces.count / 2) == nil)
        }
    }

    static func cells(_ dimensions: Int, _ size: Int) -> Int {
        (0..<dimensions).reduce(1) { product, _ in product * size }
    }

    /// The cells of a `size`-wide grid inside `box`, as indices into a flat array.
    static func cells(of box: [Span], size: Int) -> [Int] {
        var cells = [0]
        for span in box {
            cells = cells.flatMap { base in (Int(span.lower)...Int(span.upper)).map { base * size + $0 } }
        }
        return cells
    }

    static func overlaps(_ lhs: [Span], _ rhs: [Span]) -> Bool {
        zip(lhs, rhs).allSatisfy { $0.lower <= $1.upper && $1.lower <= $0.upper }
    }

    static func contains(_ box: [Span], _ point: [UInt128]) -> Bool {
        zip(box, point).allSatisfy { $0.lower <= $1 && $1 <= $0.upper }
    }

    static func grid(dimensions: Int, size: Int) -> [[UInt128]] {
        var points: [[UInt128]] = [[]]
        for _ in 0..<dimensions {
            points = points.flatMap { prefix in (0..<size).map { prefix + [UInt128($0)] } }
        }
        return points
    }
}
