/// One file's text and display path, for making diagnostics that show the offending line.
struct SourceText: Sendable {
    /// The path shown to users (`content/tutorials/x.md`).
    let displayPath: String
    /// The file's lines, without line terminators.
    let lines: [Substring]

    init(displayPath: String, text: String) {
        self.displayPath = displayPath
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// A diagnostic at `line`:`column` of this file, carrying the text of that line.
    func diagnostic(
        _ severity: Diagnostic.Severity, _ id: String, _ message: String,
        line: Int, column: Int, fix: String? = nil
    ) -> Diagnostic {
        let source = line >= 1 && line <= lines.count ? String(lines[line - 1]) : nil
        return Diagnostic(severity, id, message, file: displayPath, line: line, column: column, fix: fix, sourceLine: source)
    }

    /// An error at `line`:`column` of this file.
    func error(_ id: String, _ message: String, line: Int, column: Int, fix: String? = nil) -> Diagnostic {
        diagnostic(.error, id, message, line: line, column: column, fix: fix)
    }
}
