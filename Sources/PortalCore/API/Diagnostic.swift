/// A problem found in a content file, a template or the site settings, with where it is.
///
/// This is the one diagnostic type that reaches users: every stage reports problems as
/// values of this type, and the build prints them together at the end.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Comparable {
        /// Stops the build: nothing is written.
        case error
        /// Reported, but the site is still written.
        case warning

        /// Errors sort before warnings.
        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .error && rhs == .warning
        }
    }

    /// Error or warning.
    public var severity: Severity
    /// A stable identifier such as `link.broken` or `frontmatter.unknown-key`.
    public var id: String
    /// What is wrong, in plain words.
    public var message: String
    /// The file, relative to the folder the build ran in (`content/tutorials/x.md`).
    public var file: String
    /// 1-based line; 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based column in characters; 0 when the problem concerns the whole line or file.
    public var column: Int
    /// How to fix it, when the build can tell ("did you mean `agentic-ai`?").
    public var fix: String?
    /// The text of the line the problem is on, for the caret display.
    public var sourceLine: String?

    /// Creates a diagnostic.
    public init(
        _ severity: Severity, _ id: String, _ message: String,
        file: String, line: Int = 0, column: Int = 0, fix: String? = nil, sourceLine: String? = nil
    ) {
        self.severity = severity
        self.id = id
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.fix = fix
        self.sourceLine = sourceLine
    }

    /// `file:line:col: severity: message`, as a compiler prints it.
    public var description: String {
        var location = file
        if line > 0 { location += ":\(line)" }
        if line > 0, column > 0 { location += ":\(column)" }
        var text = "\(location): \(severity.rawValue): \(message)"
        if let fix { text += " (\(fix))" }
        return text
    }
}
