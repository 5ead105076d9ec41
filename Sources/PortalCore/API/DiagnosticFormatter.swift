/// Turns diagnostics into text for a terminal or for GitHub Actions.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    /// `file:line:col: error: message`, the source line and a caret.
    case text
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::…`).
    case github
    /// One JSON object per line: `{"severity", "id", "message", "file", "line", "column", "fix"}`.
    case json

    /// Formats one diagnostic.
    ///
    /// Control characters from a file (an escape sequence in a field name, say) are written as
    /// `\u{1B}`: printed raw they would be commands to the terminal or the CI log showing them.
    public func format(_ diagnostic: Diagnostic) -> String {
        var diagnostic = diagnostic
        diagnostic.message = ControlCharacters.escaped(Self.clipped(diagnostic.message))
        diagnostic.file = ControlCharacters.escaped(diagnostic.file)
        diagnostic.fix = diagnostic.fix.map { ControlCharacters.escaped(Self.clipped($0)) }
        switch self {
        case .text: return Self.text(diagnostic)
        case .github: return Self.github(diagnostic)
        case .json: return Self.json(diagnostic)
        }
    }

    private static func json(_ diagnostic: Diagnostic) -> String {
        JSONValue.object([
            "severity": .string(diagnostic.severity.rawValue), "id": .string(diagnostic.id), "message": .string(diagnostic.message),
            "file": .string(diagnostic.file), "line": .number(diagnostic.line), "column": .number(diagnostic.column),
            "fix": .optional(diagnostic.fix),
        ]).text
    }

    private static func clipped(_ text: String) -> String {
        text.count > textLimit ? text.prefix(textLimit) + "…" : text
    }

    /// The longest source line shown whole; longer ones show a window around the column.
    static let sourceWindow = 160
    /// The longest message or fix shown whole: they quote the file, which can hold anything.
    static let textLimit = 500

    private static func text(_ diagnostic: Diagnostic) -> String {
        var output = diagnostic.description
        if let source = diagnostic.sourceLine, diagnostic.line > 0 {
            var shown = Substring(source.replacingOccurrences(of: "\t", with: " "))
            var column = diagnostic.column
            var lead = ""
            // A minified or generated line can be megabytes long: show the part around the column.
            let length = shown.count
            if length > sourceWindow {
                let start = max(0, min(column - 1 - sourceWindow / 2, length - sourceWindow))
                lead = start > 0 ? "…" : ""
                column = column > 0 ? column - start + lead.count : 0
                shown = shown.dropFirst(start).prefix(sourceWindow) + (start + sourceWindow < length ? "…" : "")
            }
            let line = lead + shown
            output += "\n    \(ControlCharacters.escaped(String(line)))"
            if column > 0 {
                // The caret stands under the character, however wide the escapes before it print.
                let before = ControlCharacters.escaped(String(line.prefix(column - 1))).count
                let pad = String(repeating: " ", count: before + max(0, column - 1 - line.count))
                output += "\n    \(pad)^"
            }
        }
        return output
    }

    private static func github(_ diagnostic: Diagnostic) -> String {
        var properties = ["file=\(escapeProperty(diagnostic.file))"]
        if diagnostic.line > 0 { properties.append("line=\(diagnostic.line)") }
        if diagnostic.column > 0 { properties.append("col=\(diagnostic.column)") }
        properties.append("title=\(escapeProperty(diagnostic.id))")
        var message = diagnostic.message
        if let fix = diagnostic.fix { message += " (\(fix))" }
        let command = diagnostic.severity == .error ? "error" : "warning"
        return "::\(command) \(properties.joined(separator: ","))::\(escapeData(message))"
    }

    /// Escapes a workflow-command message as the Actions runner expects.
    private static func escapeData(_ value: String) -> String {
        value.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Escapes a workflow-command property value.
    private static func escapeProperty(_ value: String) -> String {
        escapeData(value).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
