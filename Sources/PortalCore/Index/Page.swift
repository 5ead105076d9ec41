import PortalMarkdown

/// One page of the site: an editor's Markdown file, or a generated index.
///
/// The fields live in one shared, copy-on-write box, so copying a page (sorting, listing, taking a
/// snapshot of 10,000 pages) costs one reference count rather than one per field.
struct Page: Sendable {
    private final class Storage: @unchecked Sendable {
        let kind: ContentKind
        let id: String
        let sourcePath: String?
        var source: SourceText?
        let outputDirectory: String
        var frontMatter: FrontMatter
        var body: Substring
        let bodyFirstLine: Int
        var html = ""
        var headings: [MarkdownHeading] = []
        var plainText = ""
        var markdown = ""
        var gitModified: String?
        var fileName = "index.html"

        init(kind: ContentKind, id: String, sourcePath: String?, source: SourceText?, outputDirectory: String,
             frontMatter: FrontMatter, body: Substring, bodyFirstLine: Int) {
            self.kind = kind
            self.id = id
            self.sourcePath = sourcePath
            self.source = source
            self.outputDirectory = outputDirectory
            self.frontMatter = frontMatter
            self.body = body
            self.bodyFirstLine = bodyFirstLine
        }

        func copy(keepingSource: Bool = true) -> Storage {
            let copy = Storage(kind: kind, id: id, sourcePath: sourcePath, source: keepingSource ? source : nil, outputDirectory: outputDirectory,
                               frontMatter: frontMatter, body: keepingSource ? body : "", bodyFirstLine: bodyFirstLine)
            copy.html = html
            copy.headings = headings
            copy.plainText = plainText
            copy.markdown = markdown
            copy.gitModified = gitModified
            copy.fileName = fileName
            return copy
        }
    }

    private var storage: Storage

    /// The box, copied first if another page shares it.
    private var unique: Storage {
        mutating get {
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            return storage
        }
    }

    /// Lets go of the file's text and Markdown body, which no stage after cross-referencing reads:
    /// a one-off build does so before rendering (the preview server keeps them to compare edits with).
    mutating func releaseSource() {
        storage = storage.copy(keepingSource: false)
    }

    /// Lets go of the Markdown body in every copy of this page at once (they share one box), keeping
    /// of the file's text the front-matter and the lines numbered in `lines`. A one-off build's
    /// Markdown stage calls it from the thread that rendered the body, once it is rendered: the
    /// diagnostics made after that point at front-matter lines or at `lines` (otherwise every
    /// page's text would be held through rendering).
    func releaseBodyText(keepingLines lines: [Int]) {
        storage.source = storage.source?.keeping(firstLines: storage.bodyFirstLine - 1, and: lines)
        storage.body = ""
    }

    /// Lets go of the rendered HTML body in every copy of this page at once: they share one box.
    /// A one-off build calls it from the thread that rendered the page, once the page is written;
    /// no stage after that reads the body.
    func releaseRenderedHTML() {
        storage.html = ""
    }

    /// Lets go of the Markdown twin's body in every copy of this page at once, as `releaseRenderedHTML`
    /// does for the HTML: a one-off build calls it once the twin is written.
    func releaseTwinBody() {
        storage.markdown = ""
    }

    /// What kind of page this is.
    var kind: ContentKind { storage.kind }
    /// The page id (file stem, bundle folder, section folder or tag).
    var id: String { storage.id }
    /// The Markdown file, relative to the content folder; nil for generated pages without one.
    var sourcePath: String? { storage.sourcePath }
    /// The file's text, for diagnostics; nil for generated pages.
    var source: SourceText? { storage.source }
    /// The folder of the page's `index.html`, relative to the site root ("" for the home page).
    var outputDirectory: String { storage.outputDirectory }
    /// The decoded front-matter.
    var frontMatter: FrontMatter {
        get { storage.frontMatter }
        set { unique.frontMatter = newValue }
    }
    /// The Markdown body.
    var body: Substring { storage.body }
    /// The file line on which the body starts.
    var bodyFirstLine: Int { storage.bodyFirstLine }

    /// The rendered body, filled in by the Markdown stage.
    var html: String {
        get { storage.html }
        set { unique.html = newValue }
    }
    /// The body's headings, filled in by the Markdown stage.
    var headings: [MarkdownHeading] {
        get { storage.headings }
        set { unique.headings = newValue }
    }
    /// The body's text without markup.
    var plainText: String {
        get { storage.plainText }
        set { unique.plainText = newValue }
    }
    /// The body as clean Markdown with links pointing at the other pages' Markdown twins.
    var markdown: String {
        get { storage.markdown }
        set { unique.markdown = newValue }
    }
    /// The date of the newest git commit that changed the file, when the content is in a git checkout.
    var gitModified: String? {
        get { storage.gitModified }
        set { unique.gitModified = newValue }
    }

    /// When the page last changed: the latest of its git date, `updated` and `date`.
    var lastModified: String? { [gitModified, frontMatter.text("updated"), frontMatter.text("date")].compactMap { $0 }.max() }

    /// The page title, or its id when the front-matter had none.
    var title: String { frontMatter.text("title") ?? id }
    /// The one-line summary, if any.
    var summary: String? { frontMatter.text("summary") }
    /// Whether the page is marked `draft: true`.
    var isDraft: Bool { frontMatter.boolean("draft") ?? false }
    /// The name of the page's HTML file: `index.html`, except for the site's `404.html`.
    var fileName: String {
        get { storage.fileName }
        set { unique.fileName = newValue }
    }
    /// The path of the page's HTML file relative to the site root.
    var outputPath: String { outputDirectory.isEmpty ? fileName : "\(outputDirectory)/\(fileName)" }
    /// The source folder that relative links in the body start from.
    var sourceDirectory: String {
        guard let sourcePath, let slash = sourcePath.lastIndex(of: "/") else { return "" }
        return String(sourcePath[..<slash])
    }

    /// Creates a page.
    init(kind: ContentKind, id: String, sourcePath: String?, source: SourceText?, outputDirectory: String,
         frontMatter: FrontMatter, body: Substring = "", bodyFirstLine: Int = 1) {
        storage = Storage(kind: kind, id: id, sourcePath: sourcePath, source: source, outputDirectory: outputDirectory,
                          frontMatter: frontMatter, body: body, bodyFirstLine: bodyFirstLine)
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
