import Foundation
/// One Mustache tag with where it is written.
struct TemplateTag: Sendable {
    enum Kind: Sendable, Equatable {
        case variable, unescaped, section, inverted, close, partial, comment
        /// Mustache features the theme may not use (inheritance, delimiters, pragmas, dynamic partials).
        case unsupported(String)
    }

    let kind: Kind
    /// The name inside the tag, trimmed (`page.title`, `first()`, `count(items)`).
    let name: String
    let line: Int
    let column: Int
    /// Where the tag starts and ends in the template, counted in Unicode scalars.
    var offset = 0
    var endOffset = 0
}

/// Cuts a Mustache template into its tags, with line and column, for checking against the context.
enum TemplateScanner {
    /// Sections may be nested this deep; rendering and checking recurse once per level.
    static let maximumDepth = 100

    /// The tags of `text`, or a diagnostic for a tag that is never closed or sections nested too deeply.
    static func scan(_ text: String, source: SourceText) -> Result<[TemplateTag], Diagnostic> {
        var tags: [TemplateTag] = []
        var depth = 0
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var line = 1
        var lineStart = 0
        func matches(_ literal: String, at position: Int) -> Bool {
            var offset = position
            for scalar in literal.unicodeScalars {
                guard offset < scalars.count, scalars[offset] == scalar else { return false }
                offset += 1
            }
            return true
        }
        while index < scalars.count {
            if scalars[index] == "\n" {
                line += 1
                lineStart = index + 1
                index += 1
                continue
            }
            guard matches("{{", at: index) else {
                index += 1
                continue
            }
            let tagLine = line
            let tagStart = index
            let tagColumn = index - lineStart + 1
            var start = index + 2
            let triple = matches("{", at: start)
            if triple { start += 1 }
            let closer = triple ? "}}}" : "}}"
            var end = start
            while end < scalars.count, !matches(closer, at: end) {
                if scalars[end] == "\n" {
                    line += 1
                    lineStart = end + 1
                }
                end += 1
            }
            guard end < scalars.count else {
                return .failure(source.error("template.syntax", "this tag is never closed with '\(closer)'", line: tagLine, column: tagColumn))
            }
            var inner = String(String.UnicodeScalarView(scalars[start..<end]))
            index = end + closer.unicodeScalars.count
            let kind: TemplateTag.Kind
            if triple {
                kind = .unescaped
            } else {
                let sigil = inner.first
                switch sigil {
                case "#": kind = .section
                case "^": kind = .inverted
                case "/": kind = .close
                case ">": kind = .partial
                case "!": kind = .comment
                case "&": kind = .unescaped
                case "<", "$", "=", "%": kind = .unsupported(String(sigil ?? " "))
                default: kind = .variable
                }
                if kind != .variable { inner.removeFirst() }
            }
            var name = inner.trimmingCharacters(in: .whitespacesAndNewlines)
            if kind == .partial, name.hasPrefix("*") {
                tags.append(TemplateTag(kind: .unsupported("*"), name: name, line: tagLine, column: tagColumn, offset: tagStart, endOffset: index))
                continue
            }
            if kind == .comment { name = "" }
            if kind == .section || kind == .inverted {
                depth += 1
                if depth > maximumDepth {
                    return .failure(source.error("template.too-deep", "sections are nested more than \(maximumDepth) levels deep here", line: tagLine, column: tagColumn,
                                                 fix: "close each section before opening more"))
                }
            } else if kind == .close {
                depth = max(0, depth - 1)
            }
            tags.append(TemplateTag(kind: kind, name: name, line: tagLine, column: tagColumn, offset: tagStart, endOffset: index))
        }
        return .success(tags)
    }
}
