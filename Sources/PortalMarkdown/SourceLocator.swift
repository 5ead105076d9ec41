/// Finds where a string is written in a Markdown text, as 1-based line and character column.
///
/// cmark-gfm reports positions as lines and byte columns; line starts are found once, in one
/// pass over the bytes, and byte columns are turned into character columns only for results.
struct SourceLocator {
    private let bytes: [UInt8]
    private let lineStarts: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            starts.append(offset + 1)
        }
        lineStarts = starts
    }

    /// The first place of `needle` that starts between two cmark positions (line, byte column), inclusive,
    /// as a line and character column and the byte offset just after it.
    func locate(_ needle: String, from start: (line: Int, column: Int), through end: (line: Int, column: Int)) -> (line: Int, column: Int, end: Int)? {
        guard let first = offset(start), let last = offset(end) else { return nil }
        return locate(needle, fromOffset: first, throughOffset: last)
    }

    /// The first place of `needle` that starts between two byte offsets, inclusive (by default up to the end).
    func locate(_ needle: String, fromOffset first: Int, throughOffset last: Int = .max) -> (line: Int, column: Int, end: Int)? {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, first >= 0 else { return nil }
        var offset = first
        while offset <= last, offset + pattern.count <= bytes.count {
            if bytes[offset] == pattern[0], bytes[offset..<offset + pattern.count].elementsEqual(pattern) {
                let found = position(of: offset)
                return (found.line, found.column, offset + pattern.count)
            }
            offset += 1
        }
        return nil
    }

    /// A cmark position (line, byte column) as line and character column.
    ///
    /// A position outside the text (which cmark reports for some nodes) is moved to the nearest place in it.
    func characterPosition(_ position: (line: Int, column: Int)) -> (line: Int, column: Int) {
        let line = min(max(1, position.line), lineStarts.count)
        let lineEnd = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        return self.position(of: min(lineStarts[line - 1] + max(1, position.column) - 1, lineEnd))
    }

    private func offset(_ position: (line: Int, column: Int)) -> Int? {
        guard position.line >= 1, position.line <= lineStarts.count, position.column >= 1 else { return nil }
        return min(lineStarts[position.line - 1] + position.column - 1, bytes.count)
    }

    /// The line and character column of a byte offset.
    private func position(of offset: Int) -> (line: Int, column: Int) {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let prefix = String(decoding: bytes[lineStarts[low]..<offset], as: UTF8.self)
        return (low + 1, prefix.count + 1)
    }
}
