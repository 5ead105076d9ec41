import Foundation

/// One line of an MkDocs page, with where it stands in its file: blocks are read by indentation, and
/// their content, four spaces less indented, keeps its place for notes.
struct MkDocsLine {
    var text: String
    /// The 1-based line in the file.
    var line: Int
    /// How many columns were taken off the line's start (the indentation of the blocks around it).
    var dedent = 0
}

/// MkDocs Material's admonitions (`!!! note "Title"`, `??? note` closed, `???+ note` open) and content
/// tabs (`=== "Python"`), whose content is indented four spaces, as portal's `:::` blocks and tab block.
extension MkDocsPage {
    /// An admonition's opening line: its marker, type, title and indentation.
    struct Admonition {
        var marker: String
        var type: String
        var title: String?
        var indent: Int
    }

    /// Reads `!!! type "Title"`, `??? type`, `???+ type inline end "Title"`.
    static func admonition(_ text: String) -> Admonition? {
        let indent = text.prefix { $0 == " " }.count
        let rest = text.dropFirst(indent)
        let marker: String
        if rest.hasPrefix("???+ ") { marker = "???+" } else if rest.hasPrefix("??? ") { marker = "???" } else if rest.hasPrefix("!!! ") { marker = "!!!" } else { return nil }
        var words = rest.dropFirst(marker.count).drop { $0 == " " }
        var title: String?
        if let quote = words.firstIndex(of: "\"") {
            let quoted = words[words.index(after: quote)...]
            guard let end = quoted.lastIndex(of: "\"") else { return nil }
            title = String(quoted[..<end])
            words = words[..<quote]
        }
        // The first word is the type; `inline` and `end` place it beside the text.
        guard let type = words.split(separator: " ").first, type.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
        return Admonition(marker: marker, type: type.lowercased(), title: title, indent: indent)
    }

    /// A content tab's opening line, `=== "Title"` (`===!` starts a new set, `===+` is the one shown first).
    static func tab(_ text: String) -> (title: String, indent: Int, startsSet: Bool)? {
        let indent = text.prefix { $0 == " " }.count
        let rest = text.dropFirst(indent)
        guard rest.hasPrefix("===") else { return nil }
        var after = rest.dropFirst(3)
        let startsSet = after.first == "!"
        if after.first == "!" || after.first == "+" { after = after.dropFirst() }
        if after.first == "!" || after.first == "+" { after = after.dropFirst() }
        let trimmed = after.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 2, trimmed.hasPrefix("\""), trimmed.hasSuffix("\"") else { return nil }
        return (String(trimmed.dropFirst().dropLast()), indent, startsSet)
    }

    /// The portal block an admonition type becomes, and whether the type was one MkDocs Material names.
    static func kind(of type: String, title: String?, collapsed: Bool) -> (name: String, known: Bool) {
        let lowered = title?.lowercased() ?? ""
        if collapsed {
            if lowered.hasPrefix("solution") || lowered.hasPrefix("answer") { return ("solution", true) }
            if lowered.hasPrefix("hint") { return ("hint", true) }
        }
        switch type {
        case "note", "seealso", "info", "todo": return (collapsed ? "spoiler" : "note", true)
        case "abstract", "summary", "tldr", "success", "check", "done", "quote", "cite":
            return (collapsed ? "spoiler" : "callout", true)
        case "tip", "hint": return (collapsed ? "spoiler" : "tip", true)
        case "important": return (collapsed ? "spoiler" : "important", true)
        case "question", "help", "faq": return (collapsed ? "spoiler" : "discussion", true)
        case "warning", "attention": return (collapsed ? "spoiler" : "warning", true)
        case "caution", "failure", "fail", "missing", "danger", "error", "bug": return (collapsed ? "spoiler" : "caution", true)
        case "example":
            if lowered.hasPrefix("exercise") { return ("exercise", true) }
            if lowered.hasPrefix("challenge") { return ("challenge", true) }
            return (collapsed ? "spoiler" : "callout", true)
        default: return (collapsed ? "spoiler" : "callout", false)
        }
    }

    /// The lines after `start` indented at least `indent` spaces (and the blank lines between them),
    /// with that indentation taken off; and the index of the first line after them.
    static func indentedBlock(_ lines: [MkDocsLine], from start: Int, indent: Int) -> (body: [MkDocsLine], next: Int) {
        var end = start
        var lastContent = start
        while end < lines.count {
            let text = lines[end].text
            if text.trimmingCharacters(in: .whitespaces).isEmpty {
                end += 1
                continue
            }
            guard text.prefix(while: { $0 == " " }).count >= indent else { break }
            end += 1
            lastContent = end
        }
        let body = lines[start..<lastContent].map { line in
            MkDocsLine(text: line.text.trimmingCharacters(in: .whitespaces).isEmpty ? "" : String(line.text.dropFirst(indent)),
                       line: line.line, dedent: line.dedent + indent)
        }
        return (body, lastContent)
    }

    /// The number of colons a block around `inner` needs to read well: one more than any fence inside.
    static func colons(around inner: [String], atLeast minimum: Int = 3) -> Int {
        var longest = minimum - 1
        for line in inner {
            let trimmed = line.drop { $0 == " " }
            let count = trimmed.prefix { $0 == ":" }.count
            if count >= 3 { longest = max(longest, count) }
        }
        return longest + 1
    }
}
