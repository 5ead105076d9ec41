/// One file's text and display path, for making diagnostics that show the offending line.
///
/// Lines are found only when a diagnostic needs one, so clean files cost nothing here.
struct SourceText: Sendable {
    /// The path shown to users (`content/tutorials/x.md`).
    let displayPath: String
    /// The file's text, line endings already normalised to `\n`.
    let text: String

    init(displayPath: String, text: String) {
        self.displayPath = displayPath
        self.text = text
    }

    /// The file's lines, without line terminators (computed on each use: for error paths).
    var lines: [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The text of 1-based line `number`, if the file has it.
    func line(_ number: Int) -> Substring? {
        guard number >= 1 else { return nil }
        var current = 1
        var start = text.startIndex
        while current < number {
            guard let newline = text[start...].firstIndex(of: "\n") else { return nil }
            start = text.index(after: newline)
            current += 1
        }
        return text[start...].prefix { $0 != "\n" }
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
