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
    /// Where each line of `text` is written in the file, when `text` was made from it (a notebook's
    /// cells joined as Markdown); diagnostics then point at the file and show its lines.
    private(set) var map: SourceMap?
    /// The first of the lines that every copy `keeping(firstLines:and:)` makes keeps, to the end:
    /// the lines of a `.bib` entry that a Markdown resource completes, appended after the Markdown
    /// file's own, which the page's fields from the entry point at for as long as the page lives.
    private var alwaysKeptFrom: Int?

    init(displayPath: String, text: String) {
        self.displayPath = displayPath
        self.text = text
    }

    /// A text made from the file at `displayPath`, whose lines `map` places in it.
    init(displayPath: String, text: String, map: SourceMap) {
        self.displayPath = displayPath
        self.text = text
        self.map = map
    }

    /// A text made from pieces of files, whose lines from `alwaysKeptFrom` on every kept copy keeps.
    init(displayPath: String, text: String, map: SourceMap, alwaysKeptFrom: Int) {
        self.init(displayPath: displayPath, text: text, map: map)
        self.alwaysKeptFrom = alwaysKeptFrom
    }

    /// The same file with only its first `count` lines kept whole, and the lines numbered in `lines`:
    /// what diagnostics made after the body is rendered can still show.
    func keeping(firstLines count: Int, and lines: [Int]) -> SourceText {
        var lines = lines
        if let alwaysKeptFrom, let total = map?.count, alwaysKeptFrom <= total { lines += Array(alwaysKeptFrom...total) }
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
        kept.map = map?.keeping(lines: Array(1...max(count, 1)) + lines)
        kept.alwaysKeptFrom = alwaysKeptFrom
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
        if let map {
            let place = map.filePosition(line: line, column: column)
            return Diagnostic(severity, id, message, file: map.displayPath(ofFile: place.file), line: place.line, column: place.column, fix: fix,
                              sourceLine: map.fileLine(place.line, file: place.file))
        }
        return Diagnostic(severity, id, message, file: displayPath, line: line, column: column, fix: fix, sourceLine: self.line(line).map(String.init))
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
            // Over the bytes themselves: a notebook's text runs to megabytes of base64.
            var text = text
            let offsets = text.withUTF8 { ByteScan.starts(after: 0x0A, in: $0) }
            cached = offsets
            return offsets
        }
    }
}
