/// A code block's lines wrapped for their numbers and highlights.
///
/// Each line becomes `<span class="line">…</span>` (`line hl` when highlighted), with its number in
/// a `data-line` attribute when the lines are numbered; the theme shows the number with CSS
/// (`content: attr(data-line)`), so the number is no text of the page: selecting and copying the
/// code, and the Copy button (which reads the code's `textContent`), give the code alone. The line
/// breaks stay between the spans, so the text is the code exactly. The Content-Security-Policy
/// forbids inline styles, so the first number is in the attributes and the width of the numbers'
/// column is a class (`ln-w3` for numbers of three digits).
extension CodeBlockOptions {
    /// How many lines `code` has: a last line without a line break counts.
    static func lineCount(of code: String) -> Int {
        var count = 0
        var last: UInt8 = 0x0A
        for byte in code.utf8 {
            if byte == 0x0A { count += 1 }
            last = byte
        }
        return last == 0x0A ? count : count + 1
    }

    /// The problem of the first highlighted range that runs past the end of a block of `lineCount`
    /// lines, if any (those ranges are highlighted as far as the block goes).
    func linesPastEnd(_ lineCount: Int) -> Problem? {
        let past = highlighted.filter { $0.last > lineCount }
        guard let range = past.first else { return nil }
        let place = range.written == range.option ? "" : " in \(Self.shortened(range.option))"
        let what = range.first == range.last ? "line \(range.first)\(place) is" : "the range \(range.written)\(place) runs"
        let others = past.count > 1 ? ", and so do \(past.count - 1) more range\(past.count == 2 ? "" : "s")" : ""
        return Problem(kind: "code.bad-lines", message: "\(what) past the end of this code block, which has \(lineCount) line\(lineCount == 1 ? "" : "s")\(others)",
                       fix: lineCount == 0 ? "remove the range" : "highlight lines 1 to \(lineCount) only", written: range.option)
    }

    /// These options with `other`'s (kramdown's list after the block) applied over them.
    func merging(_ other: CodeBlockOptions) -> CodeBlockOptions {
        var merged = self
        merged.lineNumbers = other.lineNumbers ?? lineNumbers
        merged.firstNumber = other.firstNumber ?? firstNumber
        merged.highlighted += other.highlighted
        return merged
    }

    /// `html`, a code block's HTML (escaped text with spans that never cross a line break), with
    /// each of its `lineCount` lines wrapped; and the classes its `<code>` takes.
    func wrappingLines(of html: String, lineCount: Int) -> (html: String, classes: String) {
        let first = numbersLines ? (firstNumber ?? 1) : 1
        let marked = markedRanges(lineCount)
        var output: [UInt8] = []
        let bytes = Array(html.utf8)
        output.reserveCapacity(bytes.count + lineCount * (numbersLines ? 40 : 26))
        var rangeIndex = 0
        var line = 1
        var segment = 0
        func write(_ end: Int, lineBreak: Bool) {
            while rangeIndex < marked.count && marked[rangeIndex].upperBound < line { rangeIndex += 1 }
            let isMarked = rangeIndex < marked.count && marked[rangeIndex].contains(line)
            output += isMarked ? Self.markedLineOpening : Self.lineOpening
            if numbersLines {
                output += Self.numberOpening
                output += String(first + line - 1).utf8
                output.append(0x22)
            }
            output.append(0x3E)
            output += bytes[segment..<end]
            output += Self.lineClosing
            if lineBreak { output.append(0x0A) }
            segment = end + 1
            line += 1
        }
        for index in bytes.indices where bytes[index] == 0x0A { write(index, lineBreak: true) }
        if segment < bytes.count { write(bytes.count, lineBreak: false) }
        var classes = "lines"
        if numbersLines {
            classes += " linenos"
            let digits = String(first + max(lineCount, 1) - 1).count
            if digits > 2 { classes += " ln-w\(min(digits, 10))" }
        }
        return (String(decoding: output, as: UTF8.self), classes)
    }

    /// The highlighted lines within the block's `lineCount`, as sorted ranges that do not overlap.
    private func markedRanges(_ lineCount: Int) -> [ClosedRange<Int>] {
        let ranges = highlighted.filter { $0.first <= lineCount }.map { $0.first...min($0.last, lineCount) }.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<Int>] = []
        for range in ranges {
            if let last = merged.last, range.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    private static let lineOpening = Array("<span class=\"line\"".utf8)
    private static let markedLineOpening = Array("<span class=\"line hl\"".utf8)
    private static let numberOpening = Array(" data-line=\"".utf8)
    private static let lineClosing = Array("</span>".utf8)
}
