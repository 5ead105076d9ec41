import Foundation

/// One file's text and display path, for making diagnostics that show the offending line.
///
/// Lines are found only when a diagnostic needs one, so clean files cost nothing here; the line
/// starts are then kept, so a file with thousands of diagnostics is still scanned once.
struct SourceText: Sendable {
    /// The path shown to users (`content/tutorials/x.md`).
    let displayPath: String
    /// The file's text, line endings already normalised to `\n`.
    let text: String
    private let lineStarts = LineStarts()
    /// Lines kept past the end of `text`, by number: see `keeping(firstLines:and:)`.
    private var laterLines: [Int: String] = [:]

    init(displayPath: String, text: String) {
        self.displayPath = displayPath
        self.text = text
    }

    /// The same file with only its first `count` lines kept whole, and the lines numbered in `lines`:
    /// what diagnostics made after the body is rendered can still show.
    func keeping(firstLines count: Int, and lines: [Int]) -> SourceText {
        let utf8 = text.utf8
        var end = utf8.startIndex
        for _ in 0..<max(count, 0) {
            guard let newline = utf8[end...].firstIndex(of: 0x0A) else {
                end = utf8.endIndex
                break
            }
            end = utf8.index(after: newline)
        }
        var kept = SourceText(displayPath: displayPath, text: String(text[..<end]))
        for number in lines where number > count {
            kept.laterLines[number] = line(number).map(String.init)
        }
        return kept
    }

    /// The file's lines, without line terminators (computed on each use: for error paths).
    var lines: [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The text of 1-based line `number`, if the file has it.
    func line(_ number: Int) -> Substring? {
        if let kept = laterLines[number] { return kept[...] }
        let starts = lineStarts.offsets(in: text)
        guard number >= 1, number <= starts.count else { return nil }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: starts[number - 1])
        let end = number < starts.count ? utf8.index(utf8.startIndex, offsetBy: starts[number] - 1) : utf8.endIndex
        return text[start..<end]
    }

    /// A diagnostic at `line`:`column` of this file, carrying the text of that line.
    func diagnostic(
        _ severity: Diagnostic.Severity, _ id: String, _ message: String,
        line: Int, column: Int, fix: String? = nil
    ) -> Diagnostic {
        Diagnostic(severity, id, message, file: displayPath, line: line, column: column, fix: fix, sourceLine: self.line(line).map(String.init))
    }

    /// An error at `line`:`column` of this file.
    func error(_ id: String, _ message: String, line: Int, column: Int, fix: String? = nil) -> Diagnostic {
        diagnostic(.error, id, message, line: line, column: column, fix: fix)
    }
}

/// The UTF-8 offsets at which a text's lines start, computed on first use and then shared.
private final class LineStarts: @unchecked Sendable {
    private let lock = NSLock()
    private var cached: [Int]?

    func offsets(in text: String) -> [Int] {
        lock.withLock {
            if let cached { return cached }
            var offsets = [0]
            for (offset, byte) in text.utf8.enumerated() where byte == 0x0A {
                offsets.append(offset + 1)
            }
            cached = offsets
            return offsets
        }
    }
}
