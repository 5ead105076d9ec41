/// A Markdown file cut into its YAML front-matter and its body.
struct SplitDocument: Sendable {
    /// The YAML between the `---` lines.
    let yaml: String
    /// The line of the file on which the YAML's first line stands (1-based).
    let yamlFirstLine: Int
    /// The Markdown after the closing `---`: a slice of the file's text, which the page keeps anyway.
    let body: Substring
    /// The line of the file on which the body's first line stands (1-based).
    let bodyFirstLine: Int
}

/// Stage 2: splits `---`-delimited front-matter from the Markdown body.
enum FrontMatterSplitter {
    /// Normalises a file's text: drops a UTF-8 byte-order mark and turns CRLF and CR into LF.
    static func normalise(_ text: String) -> String {
        var text = text
        if text.utf8.starts(with: [0xEF, 0xBB, 0xBF]) { text.removeFirst() }
        // Over the contiguous bytes: most files have no CR, and this scan then touches every byte.
        let hasCarriageReturn = text.utf8.withContiguousStorageIfAvailable { ByteScan.first(0x0D, in: $0) != nil } ?? text.utf8.contains(0x0D)
        if hasCarriageReturn {
            // "\r\n" is one Character in Swift, so both forms are caught here.
            text = String(text.map { $0 == "\r\n" || $0 == "\r" ? "\n" : $0 })
        }
        return text
    }

    /// Splits `text` (already normalised); reports a missing or unclosed block against `source`.
    ///
    /// Only the front-matter lines are visited; the body is taken whole.
    static func split(_ text: String, source: SourceText) -> Result<SplitDocument, Diagnostic> {
        let firstLine = text.prefix { $0 != "\n" }
        guard firstLine.trimmingTrailingSpaces() == "---" else {
            if text.isEmpty {
                return .failure(Diagnostic(.error, "frontmatter.missing", "the file is empty; a page needs front-matter with at least a title", file: source.displayPath, line: 1, column: 1, fix: "start the file with '---', a 'title: …' line and '---'"))
            }
            return .failure(source.error("frontmatter.missing", "the file does not start with front-matter", line: 1, column: 1, fix: "add a '---' line, the fields (title: …) and a closing '---' at the top"))
        }
        guard firstLine.endIndex < text.endIndex else {
            return .failure(source.error("frontmatter.unterminated", "the front-matter that starts here is never closed", line: 1, column: 1, fix: "add a line with '---' after the last field"))
        }
        let yamlStart = text.index(after: firstLine.endIndex)
        var lineStart = yamlStart
        var lineNumber = 2
        // The lines are found on the bytes: normalised text has no CR, so each LF byte ends a line, and a
        // line is `---` (or `...`) with trailing spaces and tabs exactly when its bytes are.
        let bytes = text.utf8
        while lineStart < text.endIndex {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? text.endIndex
            if isDelimiter(bytes[lineStart..<lineEnd]) {
                let yaml = lineStart > yamlStart ? String(text[yamlStart..<text.index(before: lineStart)]) : ""
                let body = lineEnd < text.endIndex ? text[text.index(after: lineEnd)...] : ""
                return .success(SplitDocument(yaml: yaml, yamlFirstLine: 2, body: body, bodyFirstLine: lineNumber + 1))
            }
            guard lineEnd < text.endIndex else { break }
            lineStart = text.index(after: lineEnd)
            lineNumber += 1
        }
        return .failure(source.error("frontmatter.unterminated", "the front-matter that starts here is never closed", line: 1, column: 1, fix: "add a line with '---' after the last field"))
    }

    /// Whether a line's bytes are `---` or `...` followed only by spaces and tabs.
    private static func isDelimiter(_ line: Substring.UTF8View) -> Bool {
        var end = line.endIndex
        while end > line.startIndex, line[line.index(before: end)] == 0x20 || line[line.index(before: end)] == 0x09 {
            end = line.index(before: end)
        }
        let trimmed = line[line.startIndex..<end]
        return trimmed.elementsEqual("---".utf8) || trimmed.elementsEqual("...".utf8)
    }
}

extension Substring {
    /// The text without trailing spaces and tabs.
    func trimmingTrailingSpaces() -> Substring {
        var end = endIndex
        while end > startIndex {
            let previous = index(before: end)
            guard self[previous] == " " || self[previous] == "\t" else { break }
            end = previous
        }
        return self[startIndex..<end]
    }
}
