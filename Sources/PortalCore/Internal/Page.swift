import PortalMarkdown

/// One page of the site: an editor's Markdown file, or a generated index.
struct Page: Sendable {
    /// What kind of page this is.
    let kind: ContentKind
    /// The page id (file stem, bundle folder, section folder or tag).
    let id: String
    /// The Markdown file, relative to the content folder; nil for generated pages without one.
    let sourcePath: String?
    /// The file's text, for diagnostics; nil for generated pages.
    let source: SourceText?
    /// The folder of the page's `index.html`, relative to the site root ("" for the home page).
    let outputDirectory: String
    /// The decoded front-matter.
    var frontMatter: FrontMatter
    /// The Markdown body.
    let body: String
    /// The file line on which the body starts.
    let bodyFirstLine: Int

    /// The rendered body, filled in by the Markdown stage.
    var html = ""
    /// The body's headings, filled in by the Markdown stage.
    var headings: [MarkdownHeading] = []
    /// The body's text without markup.
    var plainText = ""
    /// The body as clean Markdown with links pointing at the other pages' Markdown twins.
    var markdown = ""
    /// The date of the newest git commit that changed the file, when the content is in a git checkout.
    var gitModified: String?

    /// When the page last changed: the latest of its git date, `updated` and `date`.
    var lastModified: String? { [gitModified, frontMatter.text("updated"), frontMatter.text("date")].compactMap { $0 }.max() }

    /// The page title, or its id when the front-matter had none.
    var title: String { frontMatter.text("title") ?? id }
    /// The one-line summary, if any.
    var summary: String? { frontMatter.text("summary") }
    /// Whether the page is marked `draft: true`.
    var isDraft: Bool { frontMatter.boolean("draft") ?? false }
    /// The name of the page's HTML file: `index.html`, except for the site's `404.html`.
    var fileName = "index.html"
    /// The path of the page's HTML file relative to the site root.
    var outputPath: String { outputDirectory.isEmpty ? fileName : "\(outputDirectory)/\(fileName)" }
    /// The source folder that relative links in the body start from.
    var sourceDirectory: String {
        guard let sourcePath, let slash = sourcePath.lastIndex(of: "/") else { return "" }
        return String(sourcePath[..<slash])
    }

    /// Creates a page.
    init(kind: ContentKind, id: String, sourcePath: String?, source: SourceText?, outputDirectory: String,
         frontMatter: FrontMatter, body: String = "", bodyFirstLine: Int = 1) {
        self.kind = kind
        self.id = id
        self.sourcePath = sourcePath
        self.source = source
        self.outputDirectory = outputDirectory
        self.frontMatter = frontMatter
        self.body = body
        self.bodyFirstLine = bodyFirstLine
    }

    /// The output folder for an editor's page of `kind` with `id`.
    static func outputDirectory(kind: ContentKind, id: String) -> String {
        switch kind {
        case .home: return ""
        case .page: return id
        case .section: return id
        case .tags: return "tags"
        case .tag: return "tags/\(id)"
        case .breakout, .tutorial, .step, .resource: return "\(kind.folder ?? kind.rawValue)/\(id)"
        }
    }
}
