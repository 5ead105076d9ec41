/// Turns diagnostics into text for a terminal or for GitHub Actions.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    /// `file:line:col: error: message`, the source line and a caret.
    case text
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::…`).
    case github
    /// One JSON object per line: `{"severity", "id", "message", "file", "line", "column", "fix"}`.
    case json

    /// Formats one diagnostic.
    public func format(_ diagnostic: Diagnostic) -> String {
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

    private static func text(_ diagnostic: Diagnostic) -> String {
        var output = diagnostic.description
        if let source = diagnostic.sourceLine, diagnostic.line > 0 {
            let shown = source.replacingOccurrences(of: "\t", with: " ")
            output += "\n    \(shown)"
            if diagnostic.column > 0 {
                let pad = String(repeating: " ", count: max(0, diagnostic.column - 1))
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
