import Foundation
import Yams

/// Front-matter as `portal import` writes it: one top-level key per block, values quoted only
/// where YAML would read them otherwise, so that the editor who finishes the import reads plain
/// YAML.
enum ImportYAML {
    /// One key and its value, as lines (a list's items on lines of their own).
    static func block(_ key: String, _ value: ImportValue, comment: String? = nil) -> String {
        let tail = comment.map { "  # \($0)" } ?? ""
        switch value {
        case .text(let text): return "\(key): \(scalar(text))\(tail)"
        case .integer(let number): return "\(key): \(number)\(tail)"
        case .date(let date): return "\(key): \(date)\(tail)"
        case .bool(let flag): return "\(key): \(flag ? "true" : "false")\(tail)"
        case .list(let items):
            if items.isEmpty { return "\(key): []\(tail)" }
            return "\(key):\(tail)\n" + items.map { "  - \(scalar($0))" }.joined(separator: "\n")
        case .yaml(let text):
            let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            return "\(key):\(tail)\n" + lines.map { "  " + $0 }.joined(separator: "\n")
        }
    }

    /// `text` as a YAML scalar: as written when YAML reads it back as the same text, else in
    /// double quotes.
    static func scalar(_ text: String) -> String {
        let plainUnsafe = text.isEmpty || text.contains(": ") || text.contains(" #") || text.hasSuffix(":") || text.hasSuffix(" ") || text.hasPrefix(" ")
            || text.first.map { "!&*?|>%@`{}[]-,#'\"".contains($0) } == true
            || text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}" || $0 == "\u{FEFF}" }
            || looksTyped(text)
        guard plainUnsafe else { return text }
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "\"": output += "\\\""
            case "\n": output += "\\n"
            case "\t": output += "\\t"
            case "\r": output += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{85}" || scalar == "\u{FEFF}" {
                    output += String(format: "\\u%04X", scalar.value)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }

    /// Whether YAML would read `text` as something other than text: a boolean, null, a number or
    /// a date.
    private static func looksTyped(_ text: String) -> Bool {
        let lower = text.lowercased()
        if ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"].contains(lower) { return true }
        if Double(text) != nil || Int(text) != nil { return true }
        if lower.hasPrefix("0x") || lower.hasPrefix("0o") || lower.hasPrefix(".inf") || lower.hasPrefix("-.inf") || lower == ".nan" { return true }
        let bytes = Array(text.utf8)
        if bytes.count >= 10, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[0..<4].allSatisfy({ (0x30...0x39).contains($0) }) { return true }
        return false
    }

    /// The root node of YAML read from the source (a configuration file, a page's front-matter whose
    /// first line is line `firstLine` of `file`), or nil with a note when it does not read.
    ///
    /// A lesson's `_config.yml`, `mkdocs.yml` or `_toc.yml` is as untrusted as its pages, so it
    /// passes the checks the build makes on front-matter first: an alias bomb would otherwise keep
    /// Yams hashing keys for ever. Tags the file gives its own tools
    /// (`!!python/name:material.extensions.emoji.twemoji` in `mkdocs.yml`) are kept as the scalars
    /// they tag: only composing is done, never constructing Python objects.
    static func node(_ text: String, file: String, firstLine: Int = 1, notes: inout [ImportNote]) -> Node? {
        if let problem = FrontMatterLimits.check(text, source: SourceText(displayPath: file, text: text), firstLine: firstLine) {
            notes.append(ImportNote(file: file, line: problem.line, column: problem.column, construct: "configuration",
                                    message: "'\(file)' was not read: \(problem.message)", fix: problem.fix ?? "mend the YAML, then import again"))
            return nil
        }
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            var line = 1
            var column = 1
            switch error {
            case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
                line = mark.line
                column = mark.column
            default: break
            }
            let reason = String("\(error)".split(separator: "\n").first ?? "")
            notes.append(ImportNote(file: file, line: firstLine + line - 1, column: column, construct: "configuration",
                                    message: "'\(file)' is not YAML portal can read: \(reason)", fix: "mend the YAML, then import again"))
            return nil
        } catch {
            notes.append(ImportNote(file: file, line: firstLine, column: 1, construct: "configuration",
                                    message: "'\(file)' is not YAML portal can read", fix: "mend the YAML, then import again"))
            return nil
        }
    }

    /// The top-level keys of a front-matter text (between the `---` lines), each with its lines as
    /// written (comments and nested lines included), in order.
    static func blocks(of frontMatter: String) -> [(key: String, text: String)] {
        var result: [(key: String, text: String)] = []
        for line in frontMatter.split(separator: "\n", omittingEmptySubsequences: false) {
            let first = line.first
            if let first, first != " ", first != "\t", first != "#", first != "-", let colon = line.firstIndex(of: ":") {
                result.append((String(line[..<colon]).trimmingCharacters(in: .whitespaces), String(line)))
            } else if !result.isEmpty, !line.isEmpty, first != "#" {
                result[result.count - 1].text += "\n" + line
            }
        }
        return result
    }

    /// A page's text split into its front-matter (without the `---` lines) and its body; nil when
    /// it does not start with front-matter.
    static func split(_ text: String) -> (frontMatter: String, body: String)? {
        guard text.hasPrefix("---\n") else { return nil }
        let rest = text.dropFirst(4)
        var offset = rest.startIndex
        while offset < rest.endIndex {
            let lineEnd = rest[offset...].firstIndex(of: "\n") ?? rest.endIndex
            let line = rest[offset..<lineEnd]
            if line == "---" || line == "..." {
                let bodyStart = lineEnd < rest.endIndex ? rest.index(after: lineEnd) : lineEnd
                return (String(rest[rest.startIndex..<offset]), String(rest[bodyStart...]))
            }
            offset = lineEnd < rest.endIndex ? rest.index(after: lineEnd) : lineEnd
        }
        return nil
    }
}
