/// A heading of a rendered document, with the anchor id it was given.
public struct MarkdownHeading: Sendable, Hashable {
    /// The heading level, 1 to 6.
    public var level: Int
    /// The heading's plain text.
    public var text: String
    /// The unique anchor id written on the heading.
    public var id: String
    /// The 1-based line of the heading in the Markdown text.
    public var line: Int
    /// The heading's text as HTML with its formulas as MathML, for a table of contents; nil when the
    /// heading holds no formula (its `text`, escaped, is then the same). `text` keeps the TeX.
    public var html: String?

    /// Creates a heading description.
    public init(level: Int, text: String, id: String, line: Int, html: String? = nil) {
        self.level = level
        self.text = text
        self.id = id
        self.line = line
        self.html = html
    }
}

/// The result of rendering one Markdown document.
public struct RenderedMarkdown: Sendable {
    /// The HTML fragment.
    public var html: String
    /// Every heading in document order.
    public var headings: [MarkdownHeading]
    /// Every link and image in document order, as written (before resolution).
    public var links: [MarkdownLink]
    /// The document's text without markup, for search and summaries.
    public var plainText: String
    /// The document as CommonMark, when `MarkdownOptions.rendersMarkdown` asked for it.
    public var markdown: String?
    /// Why the document was not parsed, when it holds a shape cmark-gfm would take too long on;
    /// everything else is then empty.
    public var refusal: MarkdownRefusal?
    /// What the body holds that would lose text silently (an HTML block never closed, a formula
    /// that does not convert).
    public var problems: [MarkdownProblem]
    /// Anchors besides the headings' ids: those of labelled equations (`eq-energy`).
    public var anchors: [String] = []
    /// The items of the body's `::: questions`, `::: objectives` and `::: keypoints` blocks.
    public var outlineItems: [OutlineBlockItem] = []

    /// Creates a rendering result.
    public init(html: String, headings: [MarkdownHeading], links: [MarkdownLink], plainText: String, markdown: String? = nil,
                refusal: MarkdownRefusal? = nil, problems: [MarkdownProblem] = []) {
        self.html = html
        self.headings = headings
        self.links = links
        self.plainText = plainText
        self.markdown = markdown
        self.refusal = refusal
        self.problems = problems
    }
}
