/// Turns a union of boxes (one span per key part) into disjoint boxes that cover exactly the same points.
///
/// The kernel refuses an element of a concatenated interval set whose first or last point lies in another
/// element, so overlapping ACL or firewall entries cannot go in as they are. The result is canonical: it depends
/// only on the points covered, not on the boxes or their order. Along the first part it cuts the axis where any box
/// starts or ends, and joins neighbouring pieces whose cross-sections (decomposed the same way, recursively) are
/// equal; along the last part it merges overlapping and adjacent spans. A small change of the union therefore
/// changes few elements, which keeps update plans small.
internal enum BoxDecomposition {
    /// Disjoint boxes covering the union of `boxes`, sorted part by part. Every box must have the same number of
    /// parts.
    static func disjoint(_ boxes: [[Span]]) -> [[Span]] {
        decompose(boxes.map { $0[...] })
    }

    private static func decompose(_ boxes: [ArraySlice<Span>]) -> [[Span]] {
        guard let width = boxes.first?.count, width > 0 else { return [] }
        if width == 1 {
            return merged(boxes.map { $0[$0.startIndex] }).map { [$0] }
        }
        let byLower = boxes.indices.sorted { boxes[$0].first!.lower < boxes[$1].first!.lower }
        let byUpper = boxes.indices.sorted { boxes[$0].first!.upper < boxes[$1].first!.upper }
        var cuts: [UInt128] = []
        cuts.reserveCapacity(boxes.count * 2)
        for box in boxes {
            let span = box.first!
            cuts.append(span.lower)
            if span.upper != .max { cuts.append(span.upper + 1) }
        }
        cuts.sort()

        var result: [[Span]] = []
        var active = Set<Int>()
        var nextStart = 0
        var nextEnd = 0
        // The piece being grown: its span on this axis and its cross-section.
        var pending: (span: Span, section: [[Span]])?

        func flush() {
            guard let piece = pending else { return }
            for rest in piece.section {
                result.append([piece.span] + rest)
            }
            pending = nil
        }

        var index = 0
        while index < cuts.count {
            let start = cuts[index]
            while index < cuts.count && cuts[index] == start { index += 1 }
            let end = index < cuts.count ? cuts[index] - 1 : UInt128.max
            while nextStart < byLower.count && boxes[byLower[nextStart]].first!.lower <= start {
                active.insert(byLower[nextStart])
                nextStart += 1
            }
            while nextEnd < byUpper.count && boxes[byUpper[nextEnd]].first!.upper < start {
                active.remove(byUpper[nextEnd])
                nextEnd += 1
            }
            guard !active.isEmpty else {
                flush()
                continue
            }
            let section = decompose(active.map { boxes[$0].dropFirst() })
            if var piece = pending, piece.section == section, piece.span.upper &+ 1 == start {
                piece.span.upper = end
                pending = piece
            } else {
                flush()
                pending = (Span(start, end), section)
            }
        }
        flush()
        return result
    }

    /// Overlapping and adjacent spans joined, sorted.
    static func merged(_ spans: [Span]) -> [Span] {
        var result: [Span] = []
        for span in spans.sorted() {
            if var last = result.last, last.upper == .max || span.lower <= last.upper + 1 {
                last.upper = max(last.upper, span.upper)
                result[result.count - 1] = last
            } else {
                result.append(span)
            }
        }
        return result
    }
}
