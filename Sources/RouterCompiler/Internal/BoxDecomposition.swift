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
        disjoint(boxes, limit: .max)!
    }

    /// The same as `disjoint(_:)`, or nil as soon as it is known to hold more than `limit` boxes (which saves
    /// finishing a decomposition that is going to be thrown away).
    static func disjoint(_ boxes: [[Span]], limit: Int) -> [[Span]]? {
        guard let width = boxes.first?.count, width > 0 else { return [] }
        guard let result = flatDisjoint(boxes, order: Array(0..<width), limit: limit) else { return nil }
        return stride(from: 0, to: result.count, by: width).map { Array(result[$0..<$0 + width]) }
    }

    /// The disjoint boxes of `boxes` cut along their parts in `order` (a permutation of the part numbers), in one
    /// flat array (`order.count` spans a box, each part back in its own place); nil when they are more than
    /// `limit`. The result is the one `disjoint(_:)` gives for the boxes with their parts permuted, sorted that way.
    static func flatDisjoint(_ boxes: [[Span]], order: [Int], limit: Int) -> [Span]? {
        let width = order.count
        guard width > 0, !boxes.isEmpty else { return [] }
        var store: [Span] = []
        store.reserveCapacity(boxes.count * width)
        for box in boxes {
            for part in order {
                store.append(box[part])
            }
        }
        let flat = Flat(store: store, width: width)
        guard let result = flat.decompose(Array(boxes.indices), axis: 0, limit: limit) else { return nil }
        guard order != Array(0..<width) else { return result }
        var restored = result
        for start in stride(from: 0, to: result.count, by: width) {
            for (position, part) in order.enumerated() {
                restored[start + part] = result[start + position]
            }
        }
        return restored
    }

    /// The boxes in one flat array, `width` spans each, so that the recursion passes box numbers and builds flat
    /// cross-sections instead of allocating an array per box and per part: the decomposition visits every box
    /// once per piece it covers, and allocation was most of its cost.
    private struct Flat {
        let store: [Span]
        let width: Int

        func span(_ box: Int, _ axis: Int) -> Span {
            store[box * width + axis]
        }

        /// A box entering or leaving the sweep along one axis.
        struct Event {
            var at: UInt128
            var box: Int
            var entering: Bool
        }

        /// Active sets smaller than this are cheaper to decompose again than to remember.
        static let rememberedSize = 8

        /// A well-mixed 64-bit value for a box number (SplitMix64's finaliser), so that the XOR of the values of
        /// the active boxes tells sets apart.
        static func scramble(_ box: Int) -> UInt64 {
            var value = UInt64(truncatingIfNeeded: box) &+ 0x9E37_79B9_7F4A_7C15
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }

        /// The disjoint boxes covering the union of `boxes` from part `axis` on, flat (`width - axis` spans each),
        /// or nil when they are more than `limit`.
        func decompose(_ boxes: [Int], axis: Int, limit: Int) -> [Span]? {
            let parts = width - axis
            if parts == 1 {
                let spans = merged(boxes.map { span($0, axis) })
                return spans.count > limit ? nil : spans
            }
            // A box comes in at its lower end and goes out after its upper end. Boxes are named by their place in
            // `boxes`, so that the active ones can be tracked in plain arrays.
            var events: [Event] = []
            events.reserveCapacity(boxes.count * 2)
            for (place, box) in boxes.enumerated() {
                let piece = span(box, axis)
                events.append(Event(at: piece.lower, box: place, entering: true))
                if piece.upper != .max { events.append(Event(at: piece.upper + 1, box: place, entering: false)) }
            }
            events.sort { $0.at < $1.at }

            var result: [Span] = []
            var resultCount = 0
            var active: [Int] = []
            var position = [Int](repeating: -1, count: boxes.count)
            // The same active boxes come back between the pieces they enclose (a /16 around many /24s, a wide
            // port range around many single ports), and with them the same section: sections are kept by the
            // active set, found by an order-free hash of it (updated as boxes come and go) and checked member by
            // member.
            var activeHash: UInt64 = 0
            var sections: [UInt64: [(members: [Int], section: [Span])]] = [:]
            // The piece being grown: its span on this axis and its cross-section (flat, `parts - 1` spans a box).
            var pendingSpan: Span?
            var pendingSection: [Span] = []

            func flush() {
                guard let pieceSpan = pendingSpan else { return }
                var offset = 0
                while offset < pendingSection.count {
                    result.append(pieceSpan)
                    result.append(contentsOf: pendingSection[offset..<offset + parts - 1])
                    offset += parts - 1
                }
                resultCount += pendingSection.count / (parts - 1)
                pendingSpan = nil
            }

            var index = 0
            while index < events.count {
                let start = events[index].at
                while index < events.count && events[index].at == start {
                    let event = events[index]
                    index += 1
                    activeHash ^= Self.scramble(event.box)
                    if event.entering {
                        position[event.box] = active.count
                        active.append(event.box)
                    } else {
                        let last = active.removeLast()
                        if last != event.box {
                            active[position[event.box]] = last
                            position[last] = position[event.box]
                        }
                        position[event.box] = -1
                    }
                }
                let end = index < events.count ? events[index].at - 1 : UInt128.max
                guard !active.isEmpty else {
                    flush()
                    continue
                }
                // Every section ends up in the result (its own piece or the equal one it joins), so one longer
                // than what is left of the limit means the whole result is too.
                let remaining = limit - resultCount
                let section: [Span]
                let known = sections[activeHash]?.first { entry in
                    entry.members.count == active.count && entry.members.allSatisfy { position[$0] >= 0 }
                }
                if let known {
                    guard known.section.count / (parts - 1) <= remaining else { return nil }
                    section = known.section
                } else {
                    guard let computed = decompose(active.map { boxes[$0] }, axis: axis + 1, limit: remaining)
                    else { return nil }
                    section = computed
                    if active.count >= Self.rememberedSize {
                        sections[activeHash, default: []].append((active, section))
                    }
                }
                if let pieceSpan = pendingSpan, pendingSection == section, pieceSpan.upper &+ 1 == start {
                    pendingSpan = Span(pieceSpan.lower, end)
                } else {
                    flush()
                    guard resultCount <= limit else { return nil }
                    pendingSpan = Span(start, end)
                    pendingSection = section
                }
            }
            flush()
            return resultCount > limit ? nil : result
        }
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
