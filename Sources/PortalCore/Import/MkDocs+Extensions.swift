import Foundation

/// The Python-Markdown extensions MkDocs Material sites use, line by line: `pymdownx.snippets`,
/// `attr_list`, `md_in_html`, `abbr` and the icon shortcodes of `pymdownx.emoji`.
extension MkDocsPage {
    /// The lines with each `--8<-- "file"` line replaced by the file's lines (a range `file:3:8`
    /// too), looked up in the snippet folders; a file that is not in the source is noted and the line kept.
    mutating func expandSnippets(_ lines: [MkDocsLine]) -> [MkDocsLine] {
        var output: [MkDocsLine] = []
        for line in lines {
            let indent = line.text.prefix { $0 == " " }.count
            let rest = line.text.dropFirst(indent)
            guard rest.hasPrefix("--8<--") else {
                output.append(line)
                continue
            }
            let argument = rest.dropFirst(6).trimmingCharacters(in: .whitespaces)
            guard argument.count >= 2, argument.hasPrefix("\"") || argument.hasPrefix("'"), argument.last == argument.first else {
                output.append(line)
                notes.append(ImportNote(file: file, line: line.line, column: line.dedent + indent + 1, construct: "snippet",
                                        message: "the snippet line '\(rest)' names no quoted file; it is shown as written",
                                        fix: "write one '--8<-- \"file\"' line per file"))
                continue
            }
            var name = String(argument.dropFirst().dropLast())
            var range: ClosedRange<Int>?
            let parts = name.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 3, let first = Int(parts[1]), let last = Int(parts[2]), first >= 1, last >= first {
                name = String(parts[0])
                range = first...last
            }
            let candidates = snippetFolders.compactMap { ImportSource.normalize($0.isEmpty ? name : "\($0)/\(name)") } + [ImportSource.resolve(name, from: file)].compactMap { $0 }
            guard let path = candidates.first(where: source.contains), let text = source.text(path) else {
                output.append(line)
                notes.append(ImportNote(file: file, line: line.line, column: line.dedent + indent + 1, construct: "snippet",
                                        message: "the snippet '\(name)' is not a file of the site; the line is shown as written",
                                        fix: "paste the text it stands for, or add the file to the source and import again"))
                continue
            }
            var included = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if included.last == "" { included.removeLast() }
            if let range { included = Array(included[min(range.lowerBound - 1, included.count)..<min(range.upperBound, included.count)]) }
            let pad = String(repeating: " ", count: indent)
            output += included.map { MkDocsLine(text: $0.isEmpty ? "" : pad + $0, line: line.line, dedent: line.dedent) }
        }
        return output
    }

    /// One line outside blocks and code, converted; nil when it goes (a `<div markdown>` wrapper's tag).
    mutating func convertLine(_ line: MkDocsLine) -> String? {
        var text = line.text
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        // md_in_html: the wrapper goes, its Markdown stays.
        if let tag = Self.markdownWrapper(trimmed) {
            wrappers.append(tag)
            notes.append(ImportNote(file: file, line: line.line, column: line.dedent + text.prefix { $0 == " " }.count + 1, construct: "md-in-html",
                                    message: "the HTML wrapper <\(tag) markdown> was taken out; the Markdown inside it is kept, without the wrapper's layout",
                                    fix: "check that the text reads well without it"))
            return nil
        }
        if let open = wrappers.last, trimmed == "</\(open)>" {
            wrappers.removeLast()
            return nil
        }
        if trimmed.hasPrefix("*["), let close = trimmed.firstIndex(of: "]"), trimmed[close...].hasPrefix("]:") {
            let word = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 2)..<close]
            notes.append(ImportNote(file: file, line: line.line, column: line.dedent + text.prefix { $0 == " " }.count + 1, construct: "abbreviation",
                                    message: "the abbreviation '\(word)' is shown as written: portal has no abbreviation list",
                                    fix: "spell the abbreviation out where it is first used, and remove this line"))
            return text
        }
        // A line holding only an attribute list (`{ .annotate }` after a list or code block).
        if trimmed.hasPrefix("{"), trimmed.hasSuffix("}"), !trimmed.hasPrefix("{:"), !trimmed.hasPrefix("{{"), Self.isAttributeList(trimmed) {
            notes.append(ImportNote(file: file, line: line.line, column: line.dedent + text.prefix { $0 == " " }.count + 1, construct: "attribute",
                                    message: "the attribute list \(trimmed) was taken out: portal does not apply it",
                                    fix: "check that the text reads well without it"))
            return nil
        }
        text = convertAttributes(text, line: line)
        countIcons(text, line: line)
        mathSpans += JupyterBookMath.count(in: text)
        return text
    }

    /// `<div markdown>`, `<div class="grid" markdown="1">`: the tag name, or nil.
    static func markdownWrapper(_ trimmed: String) -> String? {
        guard trimmed.hasPrefix("<"), trimmed.hasSuffix(">"), !trimmed.hasPrefix("</") else { return nil }
        let inner = trimmed.dropFirst().dropLast()
        let tag = inner.prefix { $0.isLetter || $0.isNumber }
        guard !tag.isEmpty else { return nil }
        let attributes = inner.dropFirst(tag.count).split(separator: " ")
        guard attributes.contains(where: { $0 == "markdown" || $0.hasPrefix("markdown=") }) else { return nil }
        return String(tag)
    }

    /// Whether `{ … }` reads as an `attr_list` list: `.class`, `#id` and `key=value` words.
    static func isAttributeList(_ text: String) -> Bool {
        let inner = text.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
        guard !inner.isEmpty else { return false }
        return attributeWords(inner) != nil
    }

    /// The words of an attribute list, or nil when it is not one.
    static func attributeWords(_ inner: String) -> [String]? {
        var words: [String] = []
        var rest = inner[...]
        while true {
            rest = rest.drop { $0 == " " }
            guard let first = rest.first else { break }
            if first == "." || first == "#" {
                let word = rest.prefix { $0 != " " }
                guard word.count > 1 else { return nil }
                words.append(String(word))
                rest = rest.dropFirst(word.count)
                continue
            }
            let key = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            guard !key.isEmpty, rest.dropFirst(key.count).first == "=" else { return nil }
            var value = rest.dropFirst(key.count + 1)
            if let quote = value.first, quote == "\"" || quote == "'" {
                guard let end = value.dropFirst().firstIndex(of: quote) else { return nil }
                words.append(String(rest[rest.startIndex...end]))
                value = value[value.index(after: end)...]
            } else {
                let word = value.prefix { $0 != " " }
                words.append(String(rest[rest.startIndex..<word.endIndex]))
                value = value[word.endIndex...]
            }
            rest = value
        }
        return words
    }

    /// `attr_list` lists at the end of a heading (taken out: portal gives headings their ids) and after
    /// an image (`{ width="300" }` → `{: width="300"}`, the attributes portal applies; others taken out).
    private mutating func convertAttributes(_ text: String, line: MkDocsLine) -> String {
        guard text.contains("{"), text.hasSuffix("}") || text.contains("){") || text.contains(") {") else { return text }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("#"), let open = text.lastIndex(of: "{"), text.hasSuffix("}") {
            let inner = String(text[text.index(after: open)..<text.index(before: text.endIndex)]).trimmingCharacters(in: .whitespaces)
            guard let words = Self.attributeWords(inner.hasPrefix(":") ? String(inner.dropFirst()) : inner) else { return text }
            let heading = text[..<open].trimmingCharacters(in: .whitespaces)
            notes.append(ImportNote(file: file, line: line.line, column: line.dedent + text.distance(from: text.startIndex, to: open) + 1, construct: "attribute",
                                    message: "the heading's attributes {\(words.joined(separator: " "))} were taken out: portal gives a heading the id made from its text",
                                    fix: words.contains(where: { $0.hasPrefix("#") }) ? "links to the old id (#\(words.first { $0.hasPrefix("#") }?.dropFirst() ?? "")) must use the heading's text's id" : "nothing to do"))
            return heading
        }
        // An image's list, right after it or after a space.
        var output = text
        var searchStart = output.startIndex
        while let close = output[searchStart...].range(of: ")") {
            var brace = close.upperBound
            if brace < output.endIndex, output[brace] == " " { brace = output.index(after: brace) }
            guard brace < output.endIndex, output[brace] == "{", !output[brace...].hasPrefix("{:"),
                  let end = output[brace...].firstIndex(of: "}"),
                  let words = Self.attributeWords(String(output[output.index(after: brace)..<end])), !words.isEmpty else {
                searchStart = close.upperBound
                continue
            }
            let kept = words.filter { word in ["width=", "height=", "alt=", "title="].contains { word.hasPrefix($0) } }
            let dropped = words.filter { !kept.contains($0) }
            if !dropped.isEmpty {
                notes.append(ImportNote(file: file, line: line.line, column: line.dedent + output.distance(from: output.startIndex, to: brace) + 1, construct: "attribute",
                                        message: "the attributes \(dropped.joined(separator: " ")) were taken out: portal applies width, height, alt and title only",
                                        fix: "check that the image reads well without them"))
            }
            let replacement = kept.isEmpty ? "" : "{: \(kept.joined(separator: " "))}"
            output.replaceSubrange(close.upperBound...end, with: replacement)
            searchStart = output.index(close.upperBound, offsetBy: replacement.count)
        }
        return output
    }

    /// Notes the icon shortcodes (`:material-database:`, `:fontawesome-brands-github:`), once a page.
    private mutating func countIcons(_ text: String, line: MkDocsLine) {
        for prefix in [":material-", ":fontawesome-", ":octicons-", ":simple-"] {
            var searchStart = text.startIndex
            while let found = text[searchStart...].range(of: prefix) {
                let name = text[found.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
                let end = name.endIndex
                searchStart = end
                guard !name.isEmpty, end < text.endIndex, text[end] == ":" else { continue }
                let shortcode = String(text[found.lowerBound...end])
                if let existing = icons {
                    icons = (existing.count + 1, existing.line, existing.column, existing.first)
                } else {
                    icons = (1, line.line, line.dedent + text.distance(from: text.startIndex, to: found.lowerBound) + 1, shortcode)
                }
            }
        }
    }
}
