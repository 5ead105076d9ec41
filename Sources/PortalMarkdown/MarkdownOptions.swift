/// Settings for one Markdown rendering run.
public struct MarkdownOptions: Sendable, Hashable {
    /// Whether raw HTML in the source is passed through (otherwise it becomes a comment).
    public var allowsRawHTML: Bool
    /// Heading ids the surrounding page already uses; a heading with such a slug gets a suffix.
    public var reservedHeadingIDs: Set<String>
    /// The accessible label of the `#` anchor link added to every heading.
    public var anchorLinkLabel: String
    /// Whether to also render the document back to CommonMark, with links as `markdownDestination` says.
    public var rendersMarkdown: Bool
    /// Macros every formula may use, by name without the backslash, as TeX (`R: \mathbb{R}`);
    /// checked with `MathConverter.parseMacros` before they get here.
    public var mathMacros: [String: String] = [:]
    /// The video hosts whose player a `::: video` block shows (`site.yml`'s `video: {embed: …}`);
    /// a video on any other host is a link.
    public var videoEmbeds: Set<VideoHost> = []
    /// Whether the text is a notebook written as Markdown (jupytext's MyST format), whose `+++`
    /// lines separate cells and are left out.
    public var notebookCells = false
    /// A notebook's code cells, by the line of the text on which each one's code fence opens: such a
    /// block is shown as the cell, with its execution count and outputs.
    public var codeCells: [Int: NotebookCodeCell] = [:]
    /// What a MyST ```` ```{tableofcontents} ```` shows: the list of the series the page belongs to,
    /// as HTML for the page (the twin keeps the directive); nil when the page is in no series.
    public var tableOfContents: String?

    /// Creates options; raw HTML is off by default.
    public init(allowsRawHTML: Bool = false, reservedHeadingIDs: Set<String> = [], anchorLinkLabel: String = "Link to this section", rendersMarkdown: Bool = false) {
        self.allowsRawHTML = allowsRawHTML
        self.reservedHeadingIDs = reservedHeadingIDs
        self.anchorLinkLabel = anchorLinkLabel
        self.rendersMarkdown = rendersMarkdown
    }
}

/// A notebook's code cell, written in the Markdown as a fenced code block: how the block is shown,
/// and the cell's outputs, rendered by the caller (the Markdown module does not read notebooks).
public struct NotebookCodeCell: Sendable, Hashable {
    /// The cell's execution count (`In [3]`), nil when it never ran.
    public var executionCount: Int?
    /// What is shown of the code: all of it, closed under "Show code", or nothing.
    public var input: Visibility
    /// What is shown of the outputs.
    public var outputs: Visibility
    /// The outputs as HTML, safe to insert as it is.
    public var outputHTML: String
    /// The outputs as Markdown, for the page's Markdown twin (after the code block).
    public var outputMarkdown: String
    /// The outputs' text, for search.
    public var outputText: String

    /// How a part of a cell is shown (Jupyter Book's `hide-input`, `remove-output`, …).
    public enum Visibility: Sendable, Hashable {
        case shown, hidden, removed
    }

    public init(executionCount: Int?, input: Visibility, outputs: Visibility, outputHTML: String, outputMarkdown: String, outputText: String) {
        self.executionCount = executionCount
        self.input = input
        self.outputs = outputs
        self.outputHTML = outputHTML
        self.outputMarkdown = outputMarkdown
        self.outputText = outputText
    }
}
