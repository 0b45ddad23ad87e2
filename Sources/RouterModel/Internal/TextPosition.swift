/// Turns byte offsets into 1-based line and column numbers (columns count Unicode scalars, as editors do).
struct TextPosition: Hashable, Sendable {
    var line: Int
    var column: Int

    /// Finds the line starts once, so that placing many problems stays cheap on a large document.
    struct Locator {
        private let bytes: UnsafeRawBufferPointer
        private let lineStarts: [Int]

        init(_ bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
            var starts = [0]
            for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
                starts.append(offset + 1)
            }
            lineStarts = starts
        }

        func position(of offset: Int) -> TextPosition {
            let offset = max(0, min(offset, bytes.count))
            var low = 0
            var high = lineStarts.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
            }
            var column = 1
            for position in lineStarts[low]..<offset where bytes[position] & 0xC0 != 0x80 {
                column += 1
            }
            return TextPosition(line: low + 1, column: column)
        }
    }
}
