/// What the walk does with a code block: its language and options (from the fence, MyST's
/// directive, or kramdown's attribute line after it), GitHub's `math` blocks, highlighting, and
/// line numbers and highlighted lines.
extension MarkdownRenderer.DocumentWalk {
    /// MyST's and Jupyter Book's directives, which name the language after them (```` ```{code-cell} ipython3 ````).
    private static let directives: Set<Substring> = ["{code-cell}", "{code-block}", "{code}", "{sourcecode}"]

    /// Reads a code block's language and options and reports their problems; queues its HTML when
    /// it is highlighted or its lines are numbered or highlighted (else cmark-gfm writes it).
    mutating func enterCode(_ node: MarkdownNode, code: String) {
        if let cell = options.codeCells[node.startLine] {
            enterNotebookCell(node, code: code, cell: cell)
            return
        }
        let attributes = blocks != nil ? applyCodeAttributes(to: node) : nil
        var code = code
        var cellTags: [Substring] = []
        var words = node.fenceInfo.split(separator: " ")
        if let first = words.first, Self.directives.contains(first) {
            words.removeFirst()
            node.setFenceInfo(words.joined(separator: " "))
            let read = mystOptions(of: node, code: code, directive: first.dropFirst().dropLast(), known: first == "{code-cell}" ? ["tags"] : [])
            code = read.code
            // Jupyter Book's cell tags, as a YAML list (`[remove-input, hide-output]`); those about outputs
            // or running have nothing to act on in a page without outputs.
            cellTags = read.options["tags"].map { $0.split { "[], \"'".contains($0) } } ?? []
            if cellTags.contains("remove-cell") || cellTags.contains("remove-input") {
                highlighted.append((node, ""))
                return
            }
        } else if words.first == "{tableofcontents}" || words.first == "{toctree}", node.isFenced {
            // Jupyter Book's contents: in a series, its parts; elsewhere there is nothing to list.
            if let contents = options.tableOfContents {
                highlighted.append((node, contents))
            } else {
                problems.append(MarkdownProblem(kind: "block.no-contents", line: node.startLine, column: node.startColumn,
                                                message: "\(words[0]) lists the parts of a series, and this page is not in one; it is left out",
                                                fix: "remove it: a section's index lists its pages", isWarning: true))
                highlighted.append((node, ""))
            }
            return
        } else if words.first == "{math}", node.isFenced {
            let (tex, options) = mystOptions(of: node, code: code, directive: "math", known: ["label"])
            // A labelled formula is numbered, and its label an anchor, as in Sphinx and Jupyter Book.
            let label = options["label"].map { "\\begin{equation}\\label{\($0)}" } ?? ""
            enterMathBlock(node, tex: label.isEmpty ? tex : label + tex + "\\end{equation}")
            return
        }
        let fence = CodeBlockOptions(info: node.fenceInfo)
        let language = fence.language
        // GitHub's ```math (MyST's ```{math} is read above).
        if language == "math", node.isFenced, !node.fenceInfo.hasPrefix("{") {
            enterMathBlock(node, tex: code)
            return
        }
        // Counted only for a block whose lines are numbered or highlighted: most blocks have no options.
        let lineCount = fence.marksLines || !fence.highlighted.isEmpty || attributes != nil ? CodeBlockOptions.lineCount(of: code) : 0
        for problem in fence.problems + [fence.linesPastEnd(lineCount)].compactMap({ $0 }) {
            let position = optionPosition(problem.written, of: node)
            problems.append(MarkdownProblem(kind: problem.kind, line: position.line, column: position.column, message: problem.message,
                                            fix: problem.fix, isWarning: true))
        }
        var options = fence
        if let attributes {
            for problem in attributes.options.problems + [attributes.options.linesPastEnd(lineCount)].compactMap({ $0 }) {
                problems.append(MarkdownProblem(kind: problem.kind, line: attributes.line, column: attributes.column, message: problem.message,
                                                fix: problem.fix, isWarning: true))
            }
            options = options.merging(attributes.options)
        }
        let spans = language.isEmpty ? nil : SyntaxHighlighter.highlight(code, language: language)
        // The class names the language by its usual name (`ipython3` is Python), which the theme labels.
        let languageClass = spans != nil ? SyntaxHighlighter.usualName(of: language) ?? "text" : MarkdownRenderer.escapedHTML(language)
        var html: String?
        if options.marksLines {
            let lines = options.wrappingLines(of: spans ?? MarkdownRenderer.escapedHTML(code), lineCount: lineCount)
            let classes = (languageClass.isEmpty ? "" : "language-\(languageClass) ") + lines.classes
            html = "<pre><code class=\"\(classes)\">\(lines.html)</code></pre>\n"
        } else if let spans {
            html = "<pre><code class=\"language-\(languageClass)\">\(spans)</code></pre>\n"
        }
        if cellTags.contains("hide-input") {
            // Closed until the reader opens it, as Jupyter Book shows such a cell; no JavaScript.
            let code = html ?? "<pre><code\(languageClass.isEmpty ? "" : " class=\"language-\(languageClass)\"")>\(MarkdownRenderer.escapedHTML(code))</code></pre>\n"
            html = "<details class=\"code-hidden\">\n<summary>Show code</summary>\n" + code + "</details>\n"
        }
        if let html { highlighted.append((node, html)) }
    }

    /// A notebook's code cell: its code highlighted in the fence's language, its execution count,
    /// and its outputs, each shown, closed under a summary, or left out as the cell's tags say.
    private mutating func enterNotebookCell(_ node: MarkdownNode, code: String, cell: NotebookCodeCell) {
        let language = CodeBlockOptions(info: node.fenceInfo).language
        let spans = language.isEmpty ? nil : SyntaxHighlighter.highlight(code, language: language)
        let languageClass = spans != nil ? SyntaxHighlighter.usualName(of: language) ?? "text" : MarkdownRenderer.escapedHTML(language)
        let classAttribute = languageClass.isEmpty ? "" : " class=\"language-\(languageClass)\""
        var html = "<div class=\"nb-cell\">\n"
        if cell.input != .removed {
            let count = cell.executionCount.map { "[\($0)]" } ?? "[ ]"
            let block = "<pre><code\(classAttribute)>\(spans ?? MarkdownRenderer.escapedHTML(code))</code></pre>\n"
            html += "<div class=\"nb-input\">\n<p class=\"nb-count\"><span class=\"visually-hidden\">Input </span>\(count)</p>\n"
            html += cell.input == .hidden ? "<details class=\"code-hidden\">\n<summary>Show code</summary>\n\(block)</details>\n" : block
            html += "</div>\n"
        }
        if cell.outputs != .removed, !cell.outputHTML.isEmpty {
            let outputs = "<div class=\"nb-outputs\">\n\(cell.outputHTML)</div>\n"
            html += cell.outputs == .hidden ? "<details class=\"output-hidden\">\n<summary>Show output</summary>\n\(outputs)</details>\n" : outputs
        }
        html += "</div>\n"
        highlighted.append((node, html))
        if cell.outputs != .removed, !cell.outputText.isEmpty {
            plain.append(cell.outputText)
            plain.append("\n")
        }
        if !cell.outputMarkdown.isEmpty { cellOutputs.append((node, cell.outputMarkdown)) }
    }

    /// MyST's options at the top of a directive's code (`:tags: [hide-input]`, `:label: eq-x`): the
    /// code with their lines emptied (so the lines after keep their numbers) and, when any were
    /// there, with the node's text changed to it; the options named in `known`; a warning for each other.
    private mutating func mystOptions(of node: MarkdownNode, code: String, directive: Substring, known: Set<String> = []) -> (code: String, options: [String: String]) {
        guard code.hasPrefix(":") || code.hasPrefix(" :") else { return (code, [:]) }
        var lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        var options: [String: String] = [:]
        var index = 0
        while index < lines.count, let (name, value) = Self.mystOption(lines[index]) {
            if known.contains(name) {
                options[name] = value
            } else {
                problems.append(MarkdownProblem(kind: "code.unknown-option", line: node.startLine + 1 + index, column: 1,
                                                message: "portal does not apply the option :\(name): of {\(directive)}; it is left out",
                                                fix: "remove it", isWarning: true))
            }
            lines[index] = ""
            index += 1
        }
        guard index > 0 else { return (code, [:]) }
        // The blank line that ends the options goes with them.
        var start = index
        if start < lines.count, lines[start].allSatisfy({ $0 == " " || $0 == "\t" }) { start += 1 }
        let shown = lines[start...].joined(separator: "\n")
        if directive != "math" { node.setLiteral(shown) }
        return (directive == "math" ? lines.joined(separator: "\n") : shown, options)
    }

    /// The name and value of a MyST option line (`:name: value`), or nil.
    private static func mystOption(_ line: Substring) -> (String, String)? {
        let trimmed = line.drop { $0 == " " }
        guard trimmed.first == ":", let close = trimmed.dropFirst().firstIndex(of: ":") else { return nil }
        let name = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        let rest = trimmed[trimmed.index(after: close)...]
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        return (String(name), rest.trimmingCharacters(in: .whitespaces))
    }

    /// Where an option written on a code block's fence line is, else the fence's own position.
    private mutating func optionPosition(_ written: String, of node: MarkdownNode) -> (line: Int, column: Int) {
        let fence = (line: node.startLine, column: node.startColumn)
        if !written.isEmpty, let found = locator.locate(written, onLineFrom: fence) { return found }
        return locator.characterPosition(fence)
    }
}
