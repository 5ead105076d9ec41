/// A problem in a notebook file, at the value it is about, with a fix where one helps.
struct NotebookProblem: Error, Sendable, Equatable {
    /// A stable identifier, as diagnostics have (`notebook.json`, `notebook.format`).
    let id: String
    let message: String
    let position: FilePosition
    let fix: String?

    var line: Int { position.line }
    var column: Int { position.column }
}
