import Foundation

/// A notebook chapter: its title, taken from its first Markdown cell's `# H1` (which portal would
/// show twice), and that line taken out of the notebook's bytes, every other byte kept.
enum JupyterBookNotebook {
    /// What reading a notebook gave.
    struct Chapter {
        var title: String?
        var bytes: [UInt8]
        /// The Markdown cells' text, for counting formulas.
        var markdown: [String]
    }

    static func read(_ bytes: [UInt8]) -> Chapter? {
        guard let root = JSONReader.read(bytes).root, let cells = root.object?["cells"]?.array else { return nil }
        let markdown = cells.filter { $0.object?["cell_type"]?.string?.equals("markdown") == true }.compactMap { cell -> String? in
            guard let source = cell.object?["source"] else { return nil }
            if let text = source.string { return text.value }
            return source.array?.compactMap { $0.string?.value }.joined()
        }
        guard let first = cells.first(where: { $0.object?["cell_type"]?.string?.equals("markdown") == true }),
              let source = first.object?["source"] else { return Chapter(title: nil, bytes: bytes, markdown: markdown) }
        if let items = source.array {
            let lines = items.compactMap(\.string)
            guard lines.count == items.count else { return Chapter(title: nil, bytes: bytes, markdown: markdown) }
            guard let heading = lines.firstIndex(where: { !$0.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }),
                  let title = title(of: lines[heading].value) else { return Chapter(title: nil, bytes: bytes, markdown: markdown) }
            // The heading's item and a blank item after it go.
            var last = heading
            if last + 1 < lines.count, lines[last + 1].value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { last += 1 }
            let cut: Range<Int>
            if last + 1 < lines.count {
                cut = (lines[heading].contentRange.lowerBound - 1)..<(lines[last + 1].contentRange.lowerBound - 1)
            } else if heading > 0 {
                cut = (lines[heading - 1].contentRange.upperBound + 1)..<(lines[last].contentRange.upperBound + 1)
            } else {
                cut = (lines[heading].contentRange.lowerBound - 1)..<(lines[last].contentRange.upperBound + 1)
            }
            var edited = bytes
            edited.removeSubrange(cut)
            return Chapter(title: title, bytes: edited, markdown: markdown)
        }
        guard let text = source.string else { return Chapter(title: nil, bytes: bytes, markdown: markdown) }
        var rest = text.value.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let line = rest.first, line.trimmingCharacters(in: .whitespaces).isEmpty { rest = rest.dropFirst() }
        guard let line = rest.first, let title = title(of: String(line)) else { return Chapter(title: nil, bytes: bytes, markdown: markdown) }
        rest = rest.dropFirst()
        if let blank = rest.first, blank.trimmingCharacters(in: .whitespaces).isEmpty { rest = rest.dropFirst() }
        var edited = bytes
        edited.replaceSubrange(text.contentRange, with: Array(ImportedNotebook.jsonEscape(rest.joined(separator: "\n")).utf8))
        return Chapter(title: title, bytes: edited, markdown: markdown)
    }

    /// The text of a `# H1` line, or nil.
    private static func title(of line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("# ") else { return nil }
        let title = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)
        return title.isEmpty ? nil : title
    }
}
