/// Something in a parsed Markdown body that would lose text silently, at its position in the body:
/// an error, or a warning where the body's meaning is kept and only a detail is left out.
public struct MarkdownProblem: Sendable, Hashable {
    /// A stable name for the kind of problem (`unclosed-html`).
    public var kind: String
    /// 1-based line in the Markdown text.
    public var line: Int
    /// 1-based column, in characters, of the start of the problem.
    public var column: Int
    /// What is wrong, in plain words.
    public var message: String
    /// How to fix it.
    public var fix: String
    /// Whether the problem is a warning (an error otherwise).
    public var isWarning: Bool

    /// Creates a problem.
    public init(kind: String, line: Int, column: Int, message: String, fix: String, isWarning: Bool = false) {
        self.kind = kind
        self.line = line
        self.column = column
        self.message = message
        self.fix = fix
        self.isWarning = isWarning
    }
}
