/// A problem in one formula, with its place in the formula's source and, where it can, a way out.
///
/// Conversion goes on after most errors, so a result can hold several; the integrator turns each into a
/// page diagnostic by adding the formula's own place in the page to `offset` (or to `line`/`column`).
public struct MathError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable name a diagnostic id can be built from.
    public enum Kind: String, Sendable {
        case unknownCommand = "unknown-command"
        case unknownEnvironment = "unknown-environment"
        case unbalancedBrace = "unbalanced-brace"
        case missingRight = "missing-right"
        case unmatchedRight = "unmatched-right"
        case environmentMismatch = "environment-mismatch"
        case badColumnSpec = "bad-column-spec"
        case misplacedAlignment = "misplaced-alignment"
        case misplacedRowBreak = "misplaced-row-break"
        case missingArgument = "missing-argument"
        case badDelimiter = "bad-delimiter"
        case doubleScript = "double-script"
        case controlCharacter = "control-character"
        case mathShift = "math-shift"
        case badMacro = "bad-macro"
        case macroExpansionLimit = "macro-expansion-limit"
        case nestingLimit = "nesting-limit"
        case unknownColor = "unknown-color"
        case badLength = "bad-length"
        case badLabel = "bad-label"
        case badTag = "bad-tag"
        case misplacedEnvironment = "misplaced-environment"
        case misplacedCommand = "misplaced-command"
        case tooManyErrors = "too-many-errors"
    }

    /// What went wrong.
    public var kind: Kind
    /// Byte offset (UTF-8) of the problem in the formula source.
    public var offset: Int
    /// Length in bytes of the source the problem is about (0 at the end of the formula).
    public var length: Int
    /// Line of `offset` in the formula source, from 1.
    public var line: Int
    /// Column of `offset` on its line, in Unicode scalars, from 1.
    public var column: Int
    /// The problem in plain words.
    public var message: String
    /// A replacement the author probably meant, such as `\alpha` for `\alpah`.
    public var suggestion: String?
    /// How to fix it when no replacement is known, such as where to define a macro.
    public var fix: String?

    /// Creates an error; `line` and `column` are computed from the source by the converter.
    public init(kind: Kind, offset: Int, length: Int, line: Int = 1, column: Int = 1, message: String, suggestion: String? = nil, fix: String? = nil) {
        self.kind = kind
        self.offset = offset
        self.length = length
        self.line = line
        self.column = column
        self.message = message
        self.suggestion = suggestion
        self.fix = fix
    }

    /// The message followed by the suggestion and the fix, as one line.
    public var description: String {
        var text = "\(line):\(column): \(message)"
        if let suggestion { text += " (did you mean `\(suggestion)`?)" }
        if let fix { text += "; \(fix)" }
        return text
    }

    /// Sets `line` and `column` from `offset` in `source`.
    mutating func locate(in source: [UInt8]) {
        source.withUnsafeBufferPointer { locate(in: $0) }
    }

    /// Sets `line` and `column` from `offset` in `source`.
    mutating func locate(in source: UnsafeBufferPointer<UInt8>) {
        var line = 1
        var column = 1
        var index = 0
        let end = min(offset, source.count)
        while index < end {
            let byte = source[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        self.line = line
        self.column = column
    }
}

/// A site-wide macro that could not be defined, with the name it was given under.
public struct MacroDefinitionError: Error, Equatable, Sendable {
    /// The name as written in the configuration.
    public var name: String
    /// What is wrong with it; its position is in the definition's body.
    public var error: MathError
}
