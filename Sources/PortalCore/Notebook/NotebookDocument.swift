import PortalMarkdown

/// A notebook made into a Markdown page, the one form every later stage reads: its front-matter
/// between `---` lines, each markdown cell's text as written, each code cell as a fenced code block
/// in the kernel's language whose rendering (`NotebookCodeCell`) the Markdown stage is handed, and a
/// map from every line back to the notebook's JSON, where diagnostics point.
///
/// Cells are separated by a blank line, and a fence a markdown cell leaves open is closed at the
/// cell's end, so one cell cannot swallow the next, as Jupyter renders each cell apart.
struct NotebookDocument: Sendable {
    /// The Markdown page.
    let text: String
    /// Where each line of `text` is written in the notebook.
    let map: SourceMap
    /// Each code cell's rendering, by the line of `text` its fence opens on.
    let codeCells: [Int: NotebookCodeCell]
    /// The images of the outputs, written as files beside the page.
    let images: [NotebookImage]
    /// Problems with the cells and outputs, which do not stop the page.
    let problems: [NotebookProblem]
    /// The markdown cells' attachments, written beside the page as images are.
    let attachments: [NotebookAttachmentFile]

    /// The language code cells are written in: the kernel's, as Jupyter names it in the metadata.
    static func language(of notebook: Notebook) -> String {
        notebook.metadata.kernelLanguage ?? notebook.metadata.languageName ?? ""
    }

    /// Makes the page of `notebook`, whose file's text is `file`; nil with a problem when it has no front-matter.
    static func make(_ notebook: Notebook, file: SourceText) -> Result<NotebookDocument, NotebookProblem> {
        var writer = Writer(map: SourceMap(file: file))
        let located: NotebookFrontMatter?
        switch NotebookFrontMatter.locate(in: notebook) {
        case .success(let value): located = value
        case .failure(let problem): return .failure(problem)
        }
        var cells = notebook.cells[...]
        switch located {
        case .rawCell(let yaml)?:
            let cell = cells.removeFirst()
            writer.line("---", at: cell.source.filePosition(utf8Offset: 0) ?? cell.position)
            writer.lines(of: yaml, droppingFinalEmptyLine: true)
            writer.line("---", at: yaml.filePosition(utf8Offset: yaml.text.utf8.count) ?? cell.position)
        case .metadata(let portal)?:
            writer.line("---", at: portal.position)
            writer.fileLines(of: portal, in: file)
            writer.line("---", at: portal.position)
        case nil:
            return .failure(NotebookProblem(
                id: "notebook.no-frontmatter", message: "the notebook has no front-matter, so the page has no title",
                position: FilePosition(offset: 0, line: 1, column: 1),
                fix: "make its first cell a raw cell holding '---', a 'title: …' line and '---' (or add a \"portal\" object to the notebook's metadata)"))
        }
        let language = Self.language(of: notebook)
        var codeCells: [Int: NotebookCodeCell] = [:]
        var images: [NotebookImage] = []
        var problems: [NotebookProblem] = []
        var attachments: [NotebookAttachmentFile] = []
        for index in cells.indices {
            let cell = cells[index]
            switch cell.kind {
            case .markdown:
                let first = writer.nextLine
                writer.markdown(cell.source)
                for attachment in cell.attachments {
                    switch Self.attachmentImage(attachment, cell: index) {
                    case .success(let image):
                        images.append(image)
                        attachments.append(NotebookAttachmentFile(name: attachment.name, lines: first...max(first, writer.nextLine - 1), file: image.name))
                    case .failure(let problem):
                        problems.append(problem)
                    }
                }
            case .code:
                let tags = Set(cell.tags)
                guard !tags.contains("remove-cell") else { continue }
                var outputs = NotebookOutputRenderer(cell: cell, cellIndex: index)
                let rendered = outputs.render()
                images += rendered.images
                problems += rendered.problems
                let line = writer.code(cell.source, language: language, at: cell.position)
                codeCells[line] = NotebookCodeCell(
                    executionCount: cell.executionCount,
                    input: tags.contains("remove-input") ? .removed : tags.contains("hide-input") ? .hidden : .shown,
                    outputs: tags.contains("remove-output") ? .removed : tags.contains("hide-output") ? .hidden : .shown,
                    outputHTML: rendered.html, outputMarkdown: rendered.markdown, outputText: rendered.text)
            case .raw:
                // Raw cells are meant for a converter's output format (nbconvert's `raw_mimetype`); a page has none.
                problems.append(NotebookProblem(id: "notebook.raw-cell", message: "a raw cell is not shown on the page; its text is left out",
                                                position: cell.position, fix: "make it a markdown or code cell, or delete it", isWarning: true))
            }
        }
        // The map keeps the notebook's lines its own lines come from, not the whole file: the
        // outputs' data (images in base64) is most of a notebook, and every page's body is held
        // until the Markdown stage.
        let map = writer.map.keeping(lines: Array(1...max(writer.map.count, 1)))
        return .success(NotebookDocument(text: writer.text, map: map, codeCells: codeCells, images: images, problems: problems, attachments: attachments))
    }

    /// The image of a markdown cell's attachment, named as output images are; an attachment that
    /// is no image a page can show is a warning.
    private static func attachmentImage(_ attachment: NotebookAttachment, cell: Int) -> Result<NotebookImage, NotebookProblem> {
        guard let entry = ["image/png", "image/jpeg", "image/gif", "image/svg+xml"].lazy.compactMap({ attachment.bundle[$0] }).first else {
            let types = attachment.bundle.entries.map { "'\($0.type)'" }.joined(separator: ", ")
            return .failure(NotebookProblem(id: "notebook.attachment", message: "the file '\(attachment.name)' attached to this cell (\(types)) is no image a page can show; it is left out",
                                            position: attachment.position, fix: "attach a PNG, JPEG, GIF or SVG image, or link to the file", isWarning: true))
        }
        switch NotebookOutputRenderer.imageBytes(entry) {
        case .success(let data):
            let name = "output-\(NotebookOutputRenderer.hash(data.bytes)).\(NotebookOutputRenderer.imageExtensions[entry.type] ?? "bin")"
            return .success(NotebookImage(name: name, cell: cell, output: 0, attachment: attachment.name, type: entry.type))
        case .failure(let problem):
            return .failure(problem)
        }
    }

    /// Writes the page's lines and their map together.
    private struct Writer {
        var text = ""
        var map: SourceMap
        /// The 1-based number of the next line written.
        var nextLine: Int { map.count + 1 }

        mutating func line(_ line: String, at position: FilePosition) {
            text += line
            text += "\n"
            map.append(at: position)
        }

        /// Each line of `source`, mapped character for character to the notebook.
        mutating func lines(of source: NotebookText, droppingFinalEmptyLine: Bool) {
            let lines = source.text.split(separator: "\n", omittingEmptySubsequences: false)
            let count = droppingFinalEmptyLine && lines.last?.isEmpty == true ? lines.count - 1 : lines.count
            for (index, line) in lines.prefix(count).enumerated() {
                // A CR before LF (a notebook written on Windows keeps them inside its strings) is the line's ending.
                let line = line.last == "\r" ? line.dropLast() : line
                text += line
                text += "\n"
                map.append(line: index + 1, of: source, characterCount: line.count)
            }
        }

        /// A markdown cell's lines, then a blank line; a code fence the cell leaves open is closed first.
        mutating func markdown(_ source: NotebookText) {
            lines(of: source, droppingFinalEmptyLine: true)
            let end = source.filePosition(utf8Offset: source.text.utf8.count) ?? FilePosition(offset: 0, line: 1, column: 1)
            if let fence = Self.openFence(in: source.text) { line(fence, at: end) }
            line("", at: end)
        }

        /// A code cell's code as a fenced block in `language`, then a blank line; returns the fence's line.
        mutating func code(_ source: NotebookText, language: String, at position: FilePosition) -> Int {
            let fence = NotebookOutputRenderer.codeFence(for: source.text)
            let opening = nextLine
            // The language is a word: anything else after the fence would be read as options.
            line(fence + language.filter { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "_" }, at: position)
            if !source.text.isEmpty { lines(of: source, droppingFinalEmptyLine: true) }
            line(fence, at: position)
            line("", at: position)
            return opening
        }

        /// The notebook's own lines holding the JSON object `node` (JSON is YAML), with what comes
        /// before the object on its first line blanked and what follows it on its last left out.
        mutating func fileLines(of node: JSONNode, in file: SourceText) {
            // The file's text is the notebook's bytes with CRs and the byte-order mark normalised away,
            // so the object is found again in it by its line and column.
            guard let first = file.line(node.position.line) else { return }
            let prefix = String(repeating: " ", count: node.position.column - 1)
            var firstLine = String(first.dropFirst(node.position.column - 1))
            var lineNumber = node.position.line
            var collected: [String] = []
            var depth = 0
            var inString = false
            var escaped = false
            var done = false
            var current = firstLine
            while !done {
                var kept = ""
                for character in current {
                    kept.append(character)
                    if inString {
                        if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                        continue
                    }
                    if character == "\"" { inString = true }
                    if character == "{" || character == "[" { depth += 1 }
                    if character == "}" || character == "]" {
                        depth -= 1
                        if depth == 0 {
                            done = true
                            break
                        }
                    }
                }
                collected.append(kept)
                if done { break }
                lineNumber += 1
                guard let next = file.line(lineNumber) else { break }
                current = String(next)
            }
            firstLine = prefix + (collected.first ?? "")
            collected[0] = firstLine
            for line in collected { text += line + "\n" }
            map.appendFileLines(from: node.position.line, count: collected.count)
        }

        /// The closing fence for a fenced code block `text` opens and never closes, if any.
        static func openFence(in text: String) -> String? {
            var open: (character: Character, count: Int)?
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let indent = line.prefix { $0 == " " }.count
                guard indent <= 3 else { continue }
                let rest = line.dropFirst(indent)
                guard let first = rest.first, first == "`" || first == "~" else { continue }
                let run = rest.prefix { $0 == first }.count
                guard run >= 3 else { continue }
                if let current = open {
                    if first == current.character, run >= current.count, rest.dropFirst(run).allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { open = nil }
                } else if first == "~" || !rest.dropFirst(run).contains("`") {
                    open = (first, run)
                }
            }
            return open.map { String(repeating: $0.character, count: $0.count) }
        }
    }
}

/// An image of a notebook's outputs, written beside the page under a name made from a hash of its bytes.
struct NotebookImage: Sendable, Hashable {
    /// The file name (`output-1f2e….png`).
    let name: String
    /// Where the image's data is: the cell's and the output's places in the notebook (or the name
    /// of an attachment of the cell), and the MIME type.
    let cell: Int
    let output: Int
    var attachment: String?
    let type: String
}

/// An image attached to a markdown cell, which the cell's text links as `attachment:NAME`.
struct NotebookAttachmentFile: Sendable, Hashable {
    let name: String
    /// The lines of the page the cell's text is on.
    let lines: ClosedRange<Int>
    /// The file it is written to beside the page.
    let file: String
}

/// What a page made from a notebook keeps for the later stages.
struct NotebookPage: Sendable, Hashable {
    /// The notebook's file name, under which it is copied beside the page for download.
    let fileName: String
    /// The output images to write beside the page.
    let images: [NotebookImage]
    /// The kernel's language (`python`), empty when the notebook does not say.
    let language: String
    /// The markdown cells' attachments, which links name `attachment:NAME`.
    var attachments: [NotebookAttachmentFile] = []

    /// The file an `attachment:NAME` link on page line `line` shows.
    func attachment(_ name: String, line: Int) -> String? {
        attachments.first { $0.name == name && $0.lines.contains(line) }?.file
    }
}
