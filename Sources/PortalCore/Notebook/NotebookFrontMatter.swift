/// Where a notebook's front-matter is written: found here, decoded by the front-matter stage.
enum NotebookFrontMatter: Sendable {
    /// YAML between `---` lines at the top of the first cell, a raw cell (as Quarto and Jupyter Book
    /// write it): the lines between the delimiters, mapping to the file.
    case rawCell(NotebookText)
    /// `metadata.portal` of the notebook, a JSON object.
    case metadata(JSONNode)

    /// Finds the front-matter of `notebook`: a raw first cell that starts with a `---` line wins over
    /// `metadata.portal`; nil when there is neither. A raw first cell that opens the block and never
    /// closes it is an error at its `---`.
    ///
    /// The closing line may be `---` or `...`, and trailing spaces are allowed, as in a Markdown page.
    static func locate(in notebook: Notebook) -> Result<NotebookFrontMatter?, NotebookProblem> {
        if let first = notebook.cells.first, first.kind == .raw, let yaml = yamlBlock(first.source) {
            return yaml
        }
        if let portal = notebook.metadata.portal, portal.object != nil {
            return .success(.metadata(portal))
        }
        return .success(nil)
    }

    /// The YAML block at the top of `source`, or nil when the text does not start with a `---` line.
    private static func yamlBlock(_ source: NotebookText) -> Result<NotebookFrontMatter?, NotebookProblem>? {
        let bytes = Array(source.text.utf8)
        // Lines end at LF; a CR before it belongs to the line ending.
        func lineEnd(from start: Int) -> Int { bytes[start...].firstIndex(of: 0x0A) ?? bytes.count }
        func isDelimiter(_ line: ArraySlice<UInt8>, allowDots: Bool) -> Bool {
            var end = line.endIndex
            while end > line.startIndex, [0x20, 0x09, 0x0D].contains(line[end - 1]) { end -= 1 }
            let trimmed = line[line.startIndex..<end]
            return trimmed.elementsEqual("---".utf8) || (allowDots && trimmed.elementsEqual("...".utf8))
        }
        let firstEnd = lineEnd(from: 0)
        guard isDelimiter(bytes[0..<firstEnd], allowDots: false) else { return nil }
        let yamlStart = min(firstEnd + 1, bytes.count)
        var lineStart = yamlStart
        while lineStart < bytes.count {
            let end = lineEnd(from: lineStart)
            if isDelimiter(bytes[lineStart..<end], allowDots: true) {
                // The YAML keeps its last line break, as the splitter of Markdown pages does not: both parse the same.
                return .success(.rawCell(source.slice(yamlStart..<lineStart)))
            }
            lineStart = end + 1
        }
        let position = source.filePosition(utf8Offset: 0) ?? FilePosition(offset: 0, line: 1, column: 1)
        return .failure(NotebookProblem(id: "notebook.frontmatter-unterminated", message: "the front-matter that starts here, in the first (raw) cell, is never closed",
                                        position: position, fix: "add a line with '---' after the last field, in the same cell"))
    }
}
