import Foundation

/// Why a Markdown body was not parsed: it holds a shape that cmark-gfm 0.29.0.gfm.6 parses in time
/// that grows with the square of its size, found by `ComplexityCheck` before parsing, or its parse
/// went over its budget of processor time.
public struct MarkdownRefusal: Sendable, Hashable {
    /// What gave the body away.
    public enum Reason: Sendable, Hashable {
        /// A known shape over its limit, at `line` and `column`.
        case shape
        /// The parse used more processor time than its budget; `line` and `column` are the body's start.
        case overBudget
    }

    /// What gave the body away.
    public var reason: Reason
    /// 1-based line of the start of the shape in the Markdown text.
    public var line: Int
    /// 1-based column (in characters) of the start of the shape.
    public var column: Int
    /// What the shape is, in plain words.
    public var message: String
    /// How to write it so that it parses in linear time.
    public var fix: String

    /// Creates a refusal.
    public init(reason: Reason = .shape, line: Int, column: Int, message: String, fix: String) {
        self.reason = reason
        self.line = line
        self.column = column
        self.message = message
        self.fix = fix
    }

    /// The refusal of a body of `bytes` whose parse went over its `budget` of processor seconds.
    static func overBudget(_ budget: Double, bytes: Int) -> MarkdownRefusal {
        MarkdownRefusal(
            reason: .overBudget, line: 1, column: 1,
            message: "cmark-gfm used more than \(budget.formatted(.number.precision(.fractionLength(1)))) s of processor time, "
                + "this page's budget for its \(bytes / 1024) KB, and was stopped",
            fix: "look for a long run of one construct (nesting, brackets, '<', addresses, emphasis, table cells) and split it")
    }
}
