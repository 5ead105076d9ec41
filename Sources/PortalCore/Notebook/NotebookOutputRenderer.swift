import PortalMarkdown
import PortalMath

/// A code cell's outputs as stored (portal does not run notebooks), rendered for the page, its
/// Markdown twin and search, with the images to write beside the page.
///
/// Of the representations of a rich output, the richest the page can show safely is chosen, in
/// Jupyter's order; HTML and SVG are reduced to an allowlist (`NotebookHTMLSanitizer`), and each
/// kind of thing left out is a warning at the output. Images are files named by a hash of their
/// bytes, never inlined, and take their alt text from the cell's metadata (`alt` or `caption`).
struct NotebookOutputRenderer {
    /// One cell's outputs, rendered.
    struct Rendered: Sendable {
        var html = ""
        var markdown = ""
        var text = ""
        var images: [NotebookImage] = []
        var problems: [NotebookProblem] = []
    }

    /// The MIME types shown, richest first.
    static let shownTypes = ["image/svg+xml", "image/png", "image/jpeg", "image/gif", "text/html", "text/latex", "text/markdown", "text/plain"]
    /// Outputs that need a running kernel or a browser script to be anything.
    static let interactiveTypes = ["application/vnd.jupyter.widget-view+json", "application/javascript", "text/javascript"]
    /// The file extension of each image type.
    static let imageExtensions = ["image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"]

    let cell: NotebookCell
    /// The cell's place in the notebook, which names its images' data for the writer.
    let cellIndex: Int
    private var rendered = Rendered()

    init(cell: NotebookCell, cellIndex: Int) {
        self.cell = cell
        self.cellIndex = cellIndex
    }

    /// The cell's alt text for its images, from its metadata: `alt`, or MyST-NB's `mystnb.image.alt`,
    /// else the caption.
    var altText: String? {
        Self.text(cell.metadata, "alt") ?? Self.text(cell.metadata, "mystnb", "image", "alt") ?? caption
    }

    /// The cell's caption for its images: `caption`, or MyST-NB's `mystnb.figure.caption`.
    var caption: String? {
        Self.text(cell.metadata, "caption") ?? Self.text(cell.metadata, "mystnb", "figure", "caption")
    }

    /// The text at `path` in `node`'s objects, if it is text other than spaces.
    private static func text(_ node: JSONNode?, _ path: String...) -> String? {
        var current = node
        for name in path { current = current?.object?[name] }
        guard let text = current?.string?.value, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return text
    }

    mutating func render() -> Rendered {
        for (index, output) in cell.outputs.enumerated() {
            switch output.kind {
            case .stream(let name, let text):
                let isError = name == "stderr"
                preformatted(ANSIText.html(text.text), plain: ANSIText.plain(text.text), classes: isError ? "nb-stream nb-stderr" : "nb-stream")
            case .displayData(let bundle), .executeResult(let bundle, _):
                rich(bundle, output: output, index: index)
            case .error(let name, let value, let traceback):
                let lines = traceback.isEmpty ? ["\(name): \(value)"] : traceback
                let joined = lines.joined(separator: "\n")
                preformatted(ANSIText.html(joined), plain: ANSIText.plain(joined), classes: "nb-error")
            }
        }
        // The Markdown stage marks headings and formulas with control characters; an output must not forge them.
        rendered.html = Self.withoutControls(rendered.html)
        rendered.text = Self.withoutControls(rendered.text)
        return rendered
    }

    /// Text as the terminal showed it: in a box that scrolls sideways and so takes the keyboard's focus.
    private mutating func preformatted(_ html: String, plain: String, classes: String) {
        rendered.html += "<pre class=\"nb-output \(classes)\" tabindex=\"0\">\(html)</pre>\n"
        rendered.markdown += Self.fenced(plain)
        rendered.text += plain + "\n"
    }

    private mutating func rich(_ bundle: MIMEBundle, output: NotebookOutput, index: Int) {
        guard let entry = Self.shownTypes.lazy.compactMap({ bundle[$0] }).first else {
            note(for: bundle, output: output)
            return
        }
        // A widget's `text/plain` is its Python repr (`IntSlider(value=5)`): the note says more.
        if entry.type == "text/plain", Self.interactiveTypes.contains(where: { bundle[$0] != nil }) {
            note(for: bundle, output: output)
            return
        }
        switch entry.type {
        case "image/svg+xml", "image/png", "image/jpeg", "image/gif":
            image(entry, bundle: bundle, output: output, index: index)
        case "text/html":
            let source = entry.text?.text ?? ""
            let sanitized = NotebookHTMLSanitizer.sanitize(html: source)
            report(Self.withoutTableStyling(sanitized.removals, source: source), in: "HTML", at: output)
            // pandas leaves the corner above a table's index an empty header cell, which names no column for a screen reader.
            let html = TextSearch.replacing("<th></th>", with: "<td></td>", in: sanitized.html)
            rendered.html += "<div class=\"nb-output nb-html\" tabindex=\"0\">\n\(html)\n</div>\n"
            let plain = bundle["text/plain"]?.text?.text
            rendered.markdown += plain.map(Self.fenced) ?? ""
            rendered.text += (plain ?? "") + "\n"
        case "text/latex":
            latex(entry.text?.text ?? "", output: output, plain: bundle["text/plain"]?.text?.text)
        case "text/markdown":
            let source = entry.text?.text ?? ""
            var resolver = OutputLinks()
            let markdown = MarkdownRenderer(options: MarkdownOptions()).render(source, resolver: &resolver)
            // What the Markdown module found wrong in it (a formula, raw HTML left out) is said, once per output.
            if let first = markdown.refusal?.message ?? markdown.problems.first?.message {
                let more = markdown.problems.count > 1 ? " (and \(markdown.problems.count - 1) more)" : ""
                rendered.problems.append(NotebookProblem(id: "notebook.output-markdown", message: "this Markdown output is not shown as written: \(first)\(more)",
                                                         position: output.position, fix: "change the code that displays it, and run the cell again", isWarning: true))
            }
            rendered.html += "<div class=\"nb-output nb-markdown\">\n\(markdown.html)</div>\n"
            rendered.markdown += source + "\n\n"
            rendered.text += markdown.plainText + "\n"
        default:
            let text = entry.text?.text ?? ""
            preformatted(ANSIText.html(text), plain: ANSIText.plain(text), classes: "nb-result")
        }
    }

    /// An image output written as a file named by its bytes' hash.
    private mutating func image(_ entry: MIMEBundle.Entry, bundle: MIMEBundle, output: NotebookOutput, index: Int) {
        let bytes: [UInt8]
        switch Self.imageBytes(entry) {
        case .success(let data): bytes = data.bytes
            if entry.type == "image/svg+xml" { report(data.removals, in: "SVG", at: output) }
        case .failure(let problem):
            rendered.problems.append(problem)
            return
        }
        let name = "output-\(Self.hash(bytes)).\(Self.imageExtensions[entry.type] ?? "bin")"
        rendered.images.append(NotebookImage(name: name, cell: cellIndex, output: index, type: entry.type))
        let alt = altText
        if alt == nil {
            rendered.problems.append(NotebookProblem(
                id: "image.no-alt", message: "this plot has no alt text, so screen-reader users cannot know what it shows", position: output.position,
                fix: "describe it in the cell's metadata: \"alt\": \"what the plot shows\" (Jupyter: the cell's property inspector)", isWarning: true))
        }
        let size = Self.size(of: bundle, type: entry.type)
        let figcaption = caption.map { "<figcaption>\(HTMLEscaping.escape($0))</figcaption>" } ?? ""
        rendered.html += "<figure class=\"nb-output nb-image\"><img src=\"\(name)\" alt=\"\(HTMLEscaping.escape(alt ?? ""))\"\(size) loading=\"lazy\">\(figcaption)</figure>\n"
        rendered.markdown += "![\(MarkdownEscaping.inline(alt ?? ""))](\(name))\n\n"
        if let plain = bundle["text/plain"]?.text?.text, alt == nil { rendered.text += plain + "\n" }
        if let alt { rendered.text += alt + "\n" }
    }

    /// The bytes written for an image entry: base64 decoded, or an SVG's text sanitised.
    static func imageBytes(_ entry: MIMEBundle.Entry) -> Result<(bytes: [UInt8], removals: [OutputRemoval]), NotebookProblem> {
        if entry.type == "image/svg+xml" {
            let sanitized = NotebookHTMLSanitizer.sanitize(svg: entry.text?.text ?? "")
            return .success((Array(sanitized.html.utf8), sanitized.removals))
        }
        return entry.decodedData().map { ($0, []) }
    }

    /// `width` and `height` attributes from the output's metadata (`{"image/png": {"width": 400}}`), which keep the layout from jumping.
    private static func size(of bundle: MIMEBundle, type: String) -> String {
        guard let sizes = bundle.metadata?.object?[type]?.object else { return "" }
        var attributes = ""
        for name in ["width", "height"] {
            if let value = sizes[name]?.integer, value > 0, value < 100_000 { attributes += " \(name)=\"\(value)\"" }
        }
        return attributes
    }

    private mutating func latex(_ tex: String, output: NotebookOutput, plain: String?) {
        var body = tex.trimmingCharacters(in: .whitespacesAndNewlines)
        // IPython's Math and Latex objects write the formula between $$ or $ (sympy writes $\displaystyle …$).
        for delimiter in ["$$", "$"] where body.hasPrefix(delimiter) && body.hasSuffix(delimiter) && body.count >= 2 * delimiter.count {
            body = String(body.dropFirst(delimiter.count).dropLast(delimiter.count))
            break
        }
        var converter = MathConverter()
        let result = converter.convert(body, display: true)
        if let error = result.errors.first {
            rendered.problems.append(NotebookProblem(id: "math.output", message: "this LaTeX output cannot be shown as a formula: \(error.message); its text is shown",
                                                     position: output.position, fix: nil, isWarning: true))
            preformatted(HTMLEscaping.escape(plain ?? tex), plain: plain ?? tex, classes: "nb-result")
            return
        }
        rendered.html += "<div class=\"nb-output math-display\" tabindex=\"0\">\(result.mathML)</div>\n"
        rendered.markdown += "$$\n\(body)\n$$\n\n"
        rendered.text += MathConverter.searchText(body) + "\n"
    }

    /// The note for an output only a running kernel or a script can show, or one of a type portal does not know.
    private mutating func note(for bundle: MIMEBundle, output: NotebookOutput) {
        let interactive = Self.interactiveTypes.contains { bundle[$0] != nil }
        let text = interactive
            ? "This output is interactive: it needs a running Jupyter kernel. Open the notebook in Jupyter to use it."
            : "This output (\(bundle.entries.map(\.type).joined(separator: ", "))) cannot be shown on a web page."
        rendered.html += "<p class=\"nb-output nb-note\">\(HTMLEscaping.escape(text))</p>\n"
        rendered.markdown += "> \(text)\n\n"
        if !interactive {
            rendered.problems.append(NotebookProblem(
                id: "notebook.output-type", message: "an output of type \(bundle.entries.map { "'\($0.type)'" }.joined(separator: ", ")) cannot be shown; a note stands in its place",
                position: output.position, fix: "have the cell also display a static image or text (for a plotly figure: fig.show(\"png\"))", isWarning: true))
        }
    }

    /// One warning for what the sanitiser left out of an HTML or SVG output, naming each kind.
    private mutating func report(_ removals: [OutputRemoval], in what: String, at output: NotebookOutput) {
        guard !removals.isEmpty else { return }
        let listed = removals.map { $0.count > 1 ? "\($0.what) (\($0.count) times)" : $0.what }.joined(separator: ", ")
        rendered.problems.append(NotebookProblem(
            id: "notebook.unsafe-output", message: "left out of this \(what) output, as pages show only what cannot run code or load from elsewhere: \(listed)",
            position: output.position, fix: "nothing to do if the output reads well without it; docs/notebook-outputs.md lists what is kept", isWarning: true))
    }

    /// `removals` without what pandas writes into every table it shows: a `<style scoped>` of
    /// `.dataframe` alignment rules, `style="text-align: …"` on header rows and `halign` on the
    /// headers of a MultiIndex. The theme aligns and styles tables itself, so leaving these out
    /// loses nothing, and a warning on every DataFrame would be one nobody can act on.
    static func withoutTableStyling(_ removals: [OutputRemoval], source: String) -> [OutputRemoval] {
        removals.filter { removal in
            switch removal.what {
            case "<style>": !onlyTableStyles(source)
            case "the attribute style": !onlyAlignmentAttributes(source)
            case "the attribute halign": false
            default: true
            }
        }
    }

    /// Whether every `<style>` element of `html` holds only rules for `.dataframe` tables that set
    /// alignment. One pass: an element never closed is not pandas'.
    private static func onlyTableStyles(_ html: String) -> Bool {
        let text = html.lowercased()
        var from = text.startIndex
        var found = false
        while let open = text.range(of: "<style", range: from..<text.endIndex) {
            guard let tagEnd = text.range(of: ">", range: open.upperBound..<text.endIndex),
                  let close = text.range(of: "</style", range: tagEnd.upperBound..<text.endIndex) else { return false }
            let rules = text[tagEnd.upperBound..<close.lowerBound].split(separator: "}", omittingEmptySubsequences: false)
            for (index, rule) in rules.enumerated() {
                let trimmed = rule.trimmingCharacters(in: .whitespacesAndNewlines)
                if trimmed.isEmpty, index == rules.count - 1 { continue }
                let parts = trimmed.split(separator: "{", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, parts[0].hasPrefix(".dataframe"), onlyAlignment(parts[1]) else { return false }
            }
            found = true
            from = close.upperBound
        }
        return found
    }

    /// Whether every `style` attribute of `html` only aligns text. One pass over its occurrences.
    private static func onlyAlignmentAttributes(_ html: String) -> Bool {
        let text = html.lowercased()
        var from = text.startIndex
        var found = false
        while let name = text.range(of: "style", range: from..<text.endIndex) {
            from = name.upperBound
            guard name.lowerBound > text.startIndex, text[text.index(before: name.lowerBound)].isWhitespace else { continue }
            var cursor = text[name.upperBound...].drop { $0.isWhitespace }
            guard cursor.first == "=" else { continue }
            cursor = cursor.dropFirst().drop { $0.isWhitespace }
            guard let quote = cursor.first, quote == "\"" || quote == "'" else { return false }
            let value = cursor.dropFirst().prefix { $0 != quote }
            guard onlyAlignment(value) else { return false }
            found = true
        }
        return found
    }

    /// Whether CSS declarations set only `text-align` and `vertical-align` to keywords.
    private static func onlyAlignment(_ declarations: Substring) -> Bool {
        declarations.split(separator: ";").allSatisfy { declaration in
            let parts = declaration.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            guard parts.count == 2 else { return declaration.allSatisfy(\.isWhitespace) }
            return ["text-align", "vertical-align"].contains(parts[0]) && !parts[1].isEmpty && parts[1].allSatisfy { $0.isLetter || $0 == "-" }
        }
    }

    /// `text` as a fenced code block for the twin, with a fence longer than any backtick run in it.
    static func fenced(_ text: String) -> String {
        let fence = codeFence(for: text)
        return "\(fence)text\n\(text)\(text.hasSuffix("\n") || text.isEmpty ? "" : "\n")\(fence)\n\n"
    }

    /// A fence of backticks for a code block holding `text`: longer than any run of backticks in it.
    static func codeFence(for text: String) -> String {
        var longest = 0
        var run = 0
        for byte in text.utf8 {
            run = byte == UInt8(ascii: "`") ? run + 1 : 0
            longest = max(longest, run)
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }

    /// FNV-1a (64 bits) of `bytes`, as 16 hexadecimal digits: the same image gets the same name from build to build.
    static func hash(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// `text` with C0 controls other than tab and line breaks replaced by U+FFFD.
    static func withoutControls(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" ? "\u{FFFD}" : $0 }))
    }
}

/// Links in a Markdown output are shown as written: they are the output of code, not the site's pages.
private struct OutputLinks: MarkdownLinkResolving {
    mutating func resolve(_ link: MarkdownLink) -> String? { nil }
}
