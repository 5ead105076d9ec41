import PortalMarkdown

/// A tutorial's outline from its front-matter, as the Carpentries write it at the top of an
/// episode (or from its body's blocks, as the Workbench does): the questions it answers, its
/// objectives and its key points. Each item is one line of
/// Markdown, rendered as the body is (code, emphasis, formulas), so `` `pandas` `` or `$p_T$` in
/// an objective shows as it does in the text rather than as typed.
struct LessonOutline: Sendable, Hashable {
    /// One item: its HTML (without a paragraph around it) and its text without markup.
    struct Item: Sendable, Hashable {
        let html: String
        let text: String
    }

    var questions: [Item] = []
    var objectives: [Item] = []
    var keypoints: [Item] = []
    /// The fields whose items come from the body's blocks (`::: questions`, as the Workbench writes
    /// them), which the page shows where they stand rather than in its overview and key points.
    var inBody: Set<String> = []

    /// The front-matter fields an outline is made of, in the order a page shows them.
    static let fields = ["questions", "objectives", "keypoints"]

    /// The items of `field`, one of `fields`.
    subscript(field: String) -> [Item] {
        switch field {
        case "questions": return questions
        case "objectives": return objectives
        default: return keypoints
        }
    }

    /// The outline of `page`, from its front-matter and, for a field the front-matter does not
    /// give, from the blocks of its body (`bodyItems`); nil when neither has one. Problems in the
    /// front-matter's items are diagnostics at the items; the body reports its own where they stand.
    static func render(_ page: Page, bodyItems: [OutlineBlockItem], options: MarkdownOptions) -> (outline: LessonOutline?, diagnostics: [Diagnostic]) {
        let matter = page.frontMatter
        guard page.kind == .tutorial, !bodyItems.isEmpty || fields.contains(where: { !matter.list($0).isEmpty }) else { return (nil, []) }
        var outline = LessonOutline()
        var diagnostics: [Diagnostic] = []
        let renderer = MarkdownRenderer(options: options)
        for field in fields {
            let written = matter.list(field)
            let fromBody = bodyItems.filter { $0.field == field }
            var items: [Item] = []
            if !written.isEmpty {
                items = written.map { item -> Item in
                    let (rendered, problems) = renderItem(item.value, field: field, renderer: renderer)
                    if let source = page.source {
                        diagnostics += problems.map {
                            source.diagnostic($0.isWarning ? .warning : .error, $0.kind, $0.message, line: item.line, column: item.column, fix: $0.fix)
                        }
                    }
                    return rendered
                }
                if let block = fromBody.first, let source = page.source {
                    diagnostics.append(source.diagnostic(
                        .warning, "block.outline-twice",
                        "the page's \(field) are given twice, in its front-matter and in this block; the front-matter's are the ones its overview, its series and the reader files show",
                        line: page.bodyFirstLine + block.blockLine - 1, column: block.blockColumn,
                        fix: "keep one: remove this block, or '\(field)' from the front-matter"))
                }
            } else if !fromBody.isEmpty {
                outline.inBody.insert(field)
                items = fromBody.map { bodyItem in
                    let (item, problems) = renderItem(bodyItem.text, field: field, renderer: renderer)
                    // A link in the body is read from the page's folder, which the series page and
                    // the reader files do not share: such an item is shown as its text there.
                    return problems.isEmpty ? item : Item(html: HTMLEscaping.escape(item.text), text: item.text)
                }
            }
            switch field {
            case "questions": outline.questions = items
            case "objectives": outline.objectives = items
            default: outline.keypoints = items
            }
        }
        return (outline, diagnostics)
    }

    /// One item rendered, and what is wrong with it (ids are whole: `markdown.…`, `math.…`, `frontmatter.…`).
    static func renderItem(_ text: String, field: String, renderer: MarkdownRenderer) -> (Item, [MarkdownProblem]) {
        var links = WebLinksOnly()
        // An item is the inside of a paragraph: led by a word, `- x`, `# x`, `> x` or `<div>` stay
        // the text they are instead of becoming a list, a heading, a quote or an HTML block.
        let rendered = renderer.render(leader + text, resolver: &links)
        var problems: [MarkdownProblem] = rendered.problems.map { problem in
            var problem = problem
            if !problem.kind.contains(".") { problem.kind = "markdown.\(problem.kind)" }
            return problem
        }
        if let refusal = rendered.refusal {
            problems.append(MarkdownProblem(kind: "markdown.too-complex", line: 1, column: 1, message: refusal.message, fix: refusal.fix))
            return (Item(html: HTMLEscaping.escape(text), text: text), problems)
        }
        for link in links.refused {
            problems.append(MarkdownProblem(
                kind: "frontmatter.bad-value", line: 1, column: 1,
                message: "a link in '\(field)' must be a full web address; '\(link)' is not one, and links here are not checked",
                fix: "write the https:// address, or link the page from the body, where links are checked"))
        }
        let html = rendered.html
        let opening = "<p>" + leader
        guard html.hasPrefix(opening), html.hasSuffix("</p>\n"), !html.dropFirst(3).contains("<p>") else {
            problems.append(MarkdownProblem(
                kind: "frontmatter.bad-value", line: 1, column: 1,
                message: "each item of '\(field)' must be one paragraph, but this one holds several (a blank line, or a list or code after its first line)",
                fix: "write the item as one line; put longer text in the page's body"))
            return (Item(html: HTMLEscaping.escape(text), text: text), problems)
        }
        let plain = trimmed(rendered.plainText)
        return (Item(html: String(html.dropFirst(opening.count).dropLast(5)), text: plain.hasPrefix(leader) ? String(plain.dropFirst(leader.count)) : plain), problems)
    }

    /// A word put before each item and taken off its rendering, so that the item is read as a paragraph's text.
    private static let leader = "x "

    private static func trimmed(_ text: String) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(text[first...last])
    }
}

/// Keeps links to web addresses and notes every other: an outline item has no folder that
/// relative links could start from, and is not checked as a body's links are.
private struct WebLinksOnly: MarkdownLinkResolving {
    var refused: [String] = []

    mutating func resolve(_ link: MarkdownLink) -> String? {
        let lower = link.destination.lowercased()
        if !(lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:")) { refused.append(link.destination) }
        return nil
    }
}
