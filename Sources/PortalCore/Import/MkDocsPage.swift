import Foundation

/// Converts one MkDocs page's Markdown to portal Markdown: snippets expanded, admonitions and
/// content tabs as blocks, `attr_list` attributes portal applies kept in its spelling and the others
/// taken out, `<div markdown>` wrappers unwrapped; abbreviations and icons noted.
struct MkDocsPage {
    /// The page's file, relative to the source.
    let file: String
    let source: ImportSource
    /// The folders snippets are looked up in, relative to the source (`pymdownx.snippets`' `base_path`).
    let snippetFolders: [String]

    var notes: [ImportNote] = []
    var blocks = 0
    var mathSpans = 0
    /// Icon shortcodes (`:material-database:`): how many, and the first one's place.
    var icons: (count: Int, line: Int, column: Int, first: String)?
    /// The open `<div markdown>` wrappers, whose closing tags go with them.
    var wrappers: [String] = []

    init(file: String, source: ImportSource, snippetFolders: [String]) {
        self.file = file
        self.source = source
        self.snippetFolders = snippetFolders
    }

    /// The converted body; `lineOffset` lines (the front-matter) come before it in the file.
    mutating func convert(_ body: String, lineOffset: Int) -> String {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
            MkDocsLine(text: String($0.element), line: lineOffset + $0.offset + 1)
        }
        let output = convert(expandSnippets(lines)).joined(separator: "\n")
        if let icons {
            notes.append(ImportNote(file: file, line: icons.line, column: icons.column, construct: "icon",
                                    message: "\(icons.count) icon shortcode\(icons.count == 1 ? "" : "s") (\(icons.first)\(icons.count > 1 ? ", …" : "")) \(icons.count == 1 ? "is" : "are") shown as written: portal has no icon set",
                                    fix: "remove them, or write the word the icon stands for"))
        }
        return output
    }

    /// Lines converted: blocks read by indentation, the other lines one by one.
    mutating func convert(_ lines: [MkDocsLine]) -> [String] {
        var output: [String] = []
        var fence: (character: Character, count: Int)?
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if let open = fence {
                if let marker = ImportLinks.fenceMarker(line.text[...]), marker.character == open.character, marker.count >= open.count,
                   marker.rest.allSatisfy(\.isWhitespace) { fence = nil }
                output.append(line.text)
                index += 1
                continue
            }
            if let marker = ImportLinks.fenceMarker(line.text[...]) {
                fence = (marker.character, marker.count)
                output.append(line.text)
                mathSpans += marker.rest.trimmingCharacters(in: .whitespaces) == "math" ? 1 : 0
                index += 1
                continue
            }
            if let admonition = Self.admonition(line.text) {
                let (body, next) = Self.indentedBlock(lines, from: index + 1, indent: admonition.indent + 4)
                let inner = convert(body)
                let kind = Self.kind(of: admonition.type, title: admonition.title, collapsed: admonition.marker == "???")
                if !kind.known {
                    notes.append(ImportNote(file: file, line: line.line, column: line.dedent + admonition.indent + admonition.marker.count + 2, construct: "admonition",
                                            message: "the admonition type '\(admonition.type)' is not one of MkDocs Material's; it is shown as a callout",
                                            fix: "pick the block that fits: note, tip, warning, caution, challenge, solution…"))
                }
                let indent = String(repeating: " ", count: admonition.indent)
                let colons = String(repeating: ":", count: Self.colons(around: inner))
                let title = admonition.title.map { $0.isEmpty ? "" : " \"\($0.replacingOccurrences(of: "\"", with: "'"))\"" } ?? ""
                output.append(indent + colons + " " + kind.name + title)
                output.append("")
                output += inner.map { $0.isEmpty ? "" : indent + $0 }
                output.append("")
                output.append(indent + colons)
                blocks += 1
                index = next
                continue
            }
            if let tab = Self.tab(line.text) {
                index = convertTabs(lines, from: index, indent: tab.indent, into: &output)
                continue
            }
            if let converted = convertLine(line) { output.append(converted) }
            index += 1
        }
        return output
    }

    /// A set of consecutive content tabs from `start`, written as portal's tab block; the index after it.
    private mutating func convertTabs(_ lines: [MkDocsLine], from start: Int, indent: Int, into output: inout [String]) -> Int {
        var tabs: [(title: String, body: [String])] = []
        var index = start
        while index < lines.count, let tab = Self.tab(lines[index].text), tab.indent == indent, tabs.isEmpty || !tab.startsSet {
            let (body, next) = Self.indentedBlock(lines, from: index + 1, indent: indent + 4)
            tabs.append((tab.title, convert(body)))
            index = next
            // Blank lines between two tabs keep them in one set.
            var after = index
            while after < lines.count, lines[after].text.trimmingCharacters(in: .whitespaces).isEmpty { after += 1 }
            guard after < lines.count, let following = Self.tab(lines[after].text), following.indent == indent, !following.startsSet else { break }
            index = after
        }
        let pad = String(repeating: " ", count: indent)
        let item = Self.colons(around: tabs.flatMap(\.body), atLeast: 4)
        output.append(pad + String(repeating: ":", count: item + 1) + " tab-set")
        for tab in tabs {
            output.append(pad + String(repeating: ":", count: item) + " tab-item " + tab.title)
            output.append("")
            output += tab.body.map { $0.isEmpty ? "" : pad + $0 }
            output.append("")
            output.append(pad + String(repeating: ":", count: item))
        }
        output.append(pad + String(repeating: ":", count: item + 1))
        blocks += 1
        return index
    }
}
