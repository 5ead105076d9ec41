/// Finds where a string is written in a Markdown text, as 1-based line and character column.
struct SourceLocator {
    private let lines: [Substring]

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The first place at or after `start` where `needle` occurs.
    func locate(_ needle: String, from start: (line: Int, column: Int)) -> (line: Int, column: Int)? {
        guard !needle.isEmpty, start.line >= 1 else { return nil }
        var lineNumber = start.line
        while lineNumber <= lines.count {
            let line = lines[lineNumber - 1]
            let skip = lineNumber == start.line ? start.column - 1 : 0
            if skip < line.count {
                let searchStart = line.index(line.startIndex, offsetBy: skip)
                if let range = line[searchStart...].range(of: needle) {
                    return (lineNumber, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
                }
            }
            lineNumber += 1
        }
        return nil
    }
}
