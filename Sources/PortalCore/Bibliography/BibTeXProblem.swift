/// A problem in a `.bib` file, at the place it is about, with a fix where one helps.
struct BibTeXProblem: Error, Sendable, Equatable {
    /// A stable identifier, as diagnostics have (`bibtex.syntax`, `bibtex.unknown-string`).
    let id: String
    let message: String
    let position: FilePosition
    let fix: String?
    /// Whether the entry is kept anyway (something left out), rather than not at all.
    var isWarning = false

    var line: Int { position.line }
    var column: Int { position.column }
}
