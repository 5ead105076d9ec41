/// A problem in a file a reader parses (a notebook's JSON, a bibliography), at the place it is
/// about, with a fix where one helps; the stage that reads the file makes it a diagnostic.
struct FileProblem: Error, Sendable, Equatable {
    /// A stable identifier, as diagnostics have (`notebook.json`, `bibtex.syntax`).
    let id: String
    let message: String
    let position: FilePosition
    let fix: String?
    /// Whether what the file makes is kept anyway (something left out or shown differently), rather than not at all.
    var isWarning = false

    var line: Int { position.line }
    var column: Int { position.column }
}
