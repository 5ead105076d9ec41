/// What the walk does with a code block: its language and options (from the fence, MyST's
/// directive, or kramdown's attribute line after it), GitHub's `math` blocks, highlighting, and
/// line numbers and highlighted lines.
extension MarkdownRenderer.DocumentWalk {
    /// MyST's and Jupyter Book's directives, which name the language after them (```` ```{code-cell} ipython3 ````).
    private static let directives: Set<Substring> = ["{code-cell}", "{code-block}", "{code}", "{sourcecode}"]

    /// Reads a code block's language and options and reports their problems; queues its HTML when
    /// it is highlighted or its lines are numbered or highlighted (else cmark-gfm writes it).
    mutating func enterCode(_ node: MarkdownNode, code: String) {
        let attributes = blocks != nil ? applyCodeAttributes(to: node) : nil
        var words = node.fenceInfo.split(separator: " ")
        if let first = words.first, Self.directives.contains(first) {
            words.removeFirst()
            node.setFenceInfo(words.joined(separator: " "))
        }
        let fence = CodeBlockOptions(info: node.fenceInfo)
        let language = fence.language
        // GitHub's ```math; MyST's ```{math} may hold options (`:label:`) and stays code.
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
        if options.marksLines {
            let lines = options.wrappingLines(of: spans ?? MarkdownRenderer.escapedHTML(code), lineCount: lineCount)
            let classes = (languageClass.isEmpty ? "" : "language-\(languageClass) ") + lines.classes
            highlighted.append((node, "<pre><code class=\"\(classes)\">\(lines.html)</code></pre>\n"))
        } else if let spans {
            highlighted.append((node, "<pre><code class=\"language-\(languageClass)\">\(spans)</code></pre>\n"))
        }
    }

    /// Where an option written on a code block's fence line is, else the fence's own position.
    private mutating func optionPosition(_ written: String, of node: MarkdownNode) -> (line: Int, column: Int) {
        let fence = (line: node.startLine, column: node.startColumn)
        if !written.isEmpty, let found = locator.locate(written, onLineFrom: fence) { return found }
        return locator.characterPosition(fence)
    }
}
