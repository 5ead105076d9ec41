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

    /// Creates options; raw HTML is off by default.
    public init(allowsRawHTML: Bool = false, reservedHeadingIDs: Set<String> = [], anchorLinkLabel: String = "Link to this section", rendersMarkdown: Bool = false) {
        self.allowsRawHTML = allowsRawHTML
        self.reservedHeadingIDs = reservedHeadingIDs
        self.anchorLinkLabel = anchorLinkLabel
        self.rendersMarkdown = rendersMarkdown
    }
}
