/// A problem in a notebook file, at the value it is about, with a fix where one helps.
struct NotebookProblem: Error, Sendable, Equatable {
    /// A stable identifier, as diagnostics have (`notebook.json`, `notebook.format`).
    let id: String
    let message: String
    let position: FilePosition
    let fix: String?
    /// Whether the page is built anyway (something left out or shown differently), rather than not at all.
    var isWarning = false

    var line: Int { position.line }
    var column: Int { position.column }
}
