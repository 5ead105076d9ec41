/// Finds where a string is written in a Markdown text, as 1-based line and character column.
///
/// cmark-gfm reports positions as lines and byte columns; line starts are found once, in one
/// pass over the bytes, and byte columns are turned into character columns only for results,
/// counting on from the previous result when it stands on the same line (a generated line may hold
/// thousands of links).
struct SourceLocator {
    private let bytes: [UInt8]
    private let lineStarts: [Int]
    /// The last result: a byte offset and its line and character column.
    private var previous: (offset: Int, line: Int, column: Int)?

    init(_ text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            starts.append(offset + 1)
        }
        lineStarts = starts
    }

    /// The last place of `needle` that starts between two cmark positions (line, byte column),
    /// inclusive, looking back from the end at most `window` bytes.
    ///
    /// A link's destination stands near the link's end, after any nested links of its text, so
    /// searching back finds the link's own destination, and the bounded window keeps thousands of
    /// nested links linear.
    /// Also returns the byte offset just after the match.
    mutating func locateLast(_ needle: String, from start: (line: Int, column: Int), through end: (line: Int, column: Int),
                             window: Int) -> (line: Int, column: Int, end: Int)? {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, let first = offset(start), let last = offset(end) else { return nil }
        var offset = min(last, bytes.count - pattern.count)
        let lowest = max(first, last - window)
        while offset >= lowest {
            if bytes[offset] == pattern[0], bytes[offset..<offset + pattern.count].elementsEqual(pattern) {
                let found = position(of: offset)
                return (found.line, found.column, offset + pattern.count)
            }
            offset -= 1
        }
        return nil
    }

    /// The byte at `offset`, if the text is that long.
    func byte(at offset: Int) -> UInt8? {
        offset >= 0 && offset < bytes.count ? bytes[offset] : nil
    }

    /// The first place of `needle` that starts at or after byte offset `first`, at most `window`
    /// bytes on, as a line and character column and the byte offset just after it.
    mutating func locate(_ needle: String, fromOffset first: Int, window: Int) -> (line: Int, column: Int, end: Int)? {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, first >= 0 else { return nil }
        var offset = first
        let last = first + window
        while offset <= last, offset + pattern.count <= bytes.count {
            if bytes[offset] == pattern[0], bytes[offset..<offset + pattern.count].elementsEqual(pattern) {
                let found = position(of: offset)
                return (found.line, found.column, offset + pattern.count)
            }
            offset += 1
        }
        return nil
    }

    /// The first place of `needle` at or after the cmark position `start` (line, byte column) and
    /// on the same line, as line and character column; nil when that line does not hold it.
    mutating func locate(_ needle: String, onLineFrom start: (line: Int, column: Int)) -> (line: Int, column: Int)? {
        guard let first = offset(start) else { return nil }
        let lineEnd = start.line < lineStarts.count ? lineStarts[start.line] - 1 : bytes.count
        guard let found = locate(needle, fromOffset: first, window: lineEnd - first - needle.utf8.count) else { return nil }
        return (found.line, found.column)
    }

    /// A cmark position (line, byte column) as line and character column.
    ///
    /// A position outside the text (which cmark reports for some nodes) is moved to the nearest place in it.
    mutating func characterPosition(_ position: (line: Int, column: Int)) -> (line: Int, column: Int) {
        let line = min(max(1, position.line), lineStarts.count)
        let lineEnd = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        return self.position(of: min(lineStarts[line - 1] + max(1, position.column) - 1, lineEnd))
    }

    /// Whether the text holds `needle` at byte `offset`.
    func matches(_ needle: ArraySlice<UInt8>, at offset: Int) -> Bool {
        offset >= 0 && offset + needle.count <= bytes.count && bytes[offset..<(offset + needle.count)].elementsEqual(needle)
    }

    /// The byte offset of the end of the line holding byte `offset` (its line break, or the text's end).
    func lineEnd(after offset: Int) -> Int {
        bytes[min(offset, bytes.count)...].firstIndex(of: 0x0A) ?? bytes.count
    }

    /// The line and character column of byte `offset`.
    mutating func position(ofOffset offset: Int) -> (line: Int, column: Int) {
        position(of: offset)
    }

    func offset(_ position: (line: Int, column: Int)) -> Int? {
        guard position.line >= 1, position.line <= lineStarts.count, position.column >= 1 else { return nil }
        return min(lineStarts[position.line - 1] + position.column - 1, bytes.count)
    }

    /// The line and character column of a byte offset.
    private mutating func position(of rawOffset: Int) -> (line: Int, column: Int) {
        // cmark can report a byte column inside a multi-byte character (after a run of U+FFFD, say):
        // the position is that character's.
        var offset = rawOffset
        while offset > 0, offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        var column: Int
        if let previous, previous.line == low + 1 {
            // Offsets found here start an ASCII `](` or a `[`, which begin a new character, or were
            // moved to the start of their character above: a slice between two never starts or
            // ends inside one.
            if previous.offset <= offset {
                column = previous.column + String(decoding: bytes[previous.offset..<offset], as: UTF8.self).count
            } else {
                column = previous.column - String(decoding: bytes[offset..<previous.offset], as: UTF8.self).count
            }
        } else {
            column = String(decoding: bytes[lineStarts[low]..<offset], as: UTF8.self).count + 1
        }
        previous = (offset, low + 1, column)
        return (low + 1, column)
    }
}
