import PortalMarkdown

/// One page of the site: an editor's Markdown file, or a generated index.
///
/// The fields live in one copy-on-write box, so copying a page (sorting, listing, taking a snapshot
/// of 10,000 pages) costs one reference count rather than one per field; every change goes through
/// `unique`, so a change to one copy never shows in another. The page's Markdown body, rendered
/// HTML and twin body are not here: they are `PageBody` and `RenderedBodies` values that the build
/// driver holds and hands to the stages that read them, so it can let go of each once used.
struct Page: Sendable {
    private final class Storage: @unchecked Sendable {
        let kind: ContentKind
        let id: String
        let sourcePath: String?
        var source: SourceText?
        let outputDirectory: String
        var frontMatter: FrontMatter {
            didSet { (title, summary) = Self.card(frontMatter, id: id) }
        }
        /// The title and summary, read from the front-matter when it is set, and the output path:
        /// every listing, card and reader file asks for them, for every page it names.
        private(set) var title: String
        private(set) var summary: String?
        private(set) var outputPath: String
        let bodyFirstLine: Int
        var headings: [MarkdownHeading] = []
        var equationAnchors: [String] = []
        var plainText = ""
        var outline: LessonOutline?
        var gitModified: String?
        var fileName = "index.html" {
            didSet { outputPath = Self.path(outputDirectory, fileName) }
        }
        var notebook: NotebookPage?
        var listingPart: ListingPart?
        var completedEntry: String?
        var titleMath: MathText?

        init(kind: ContentKind, id: String, sourcePath: String?, source: SourceText?, outputDirectory: String,
             frontMatter: FrontMatter, bodyFirstLine: Int) {
            self.kind = kind
            self.id = id
            self.sourcePath = sourcePath
            self.source = source
            self.outputDirectory = outputDirectory
            self.frontMatter = frontMatter
            (title, summary) = Self.card(frontMatter, id: id)
            outputPath = Self.path(outputDirectory, "index.html")
            self.bodyFirstLine = bodyFirstLine
        }

        private static func card(_ frontMatter: FrontMatter, id: String) -> (String, String?) {
            (frontMatter.text("title") ?? id, frontMatter.text("summary"))
        }

        private static func path(_ directory: String, _ fileName: String) -> String {
            directory.isEmpty ? fileName : "\(directory)/\(fileName)"
        }

        /// A storage holding the same values, the title, summary and output path among them: not
        /// read from the front-matter again, which a preview rebuild would do for every page.
        private init(copying other: Storage) {
            kind = other.kind
            id = other.id
            sourcePath = other.sourcePath
            source = other.source
            outputDirectory = other.outputDirectory
            frontMatter = other.frontMatter
            title = other.title
            summary = other.summary
            outputPath = other.outputPath
            bodyFirstLine = other.bodyFirstLine
            headings = other.headings
            equationAnchors = other.equationAnchors
            plainText = other.plainText
            outline = other.outline
            gitModified = other.gitModified
            // Set here, its observer does not make the output path again.
            fileName = other.fileName
            notebook = other.notebook
            listingPart = other.listingPart
            completedEntry = other.completedEntry
            titleMath = other.titleMath
        }

        func copy() -> Storage {
            Storage(copying: self)
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

    /// Whether both are one value: copies of one page that neither has changed since. (Two pages
    /// read alike from one file are two values.)
    func isSameValue(as other: Page) -> Bool {
        storage === other.storage
    }

    /// What `isSameValue` compares, for finding a page by its value: the same while a copy of
    /// the value is kept, as a changed copy is a new box.
    var valueIdentity: ObjectIdentifier { ObjectIdentifier(storage) }

    /// What kind of page this is.
    var kind: ContentKind { storage.kind }
    /// The page id (file stem, bundle folder, section folder or tag).
    var id: String { storage.id }
    /// The Markdown file, relative to the content folder; nil for generated pages without one.
    /// Unique to the page: it keys the caches of the page's body.
    var sourcePath: String? { storage.sourcePath }
    /// The file the page was read from: its `sourcePath`, but for an entry of a `.bib` file, whose
    /// `sourcePath` names its entry after a `#` (`resources/review.bib#Qu:2019gqs`).
    var sourceFile: String? { sourcePath.map { Self.file(of: $0) } }
    /// The key of the `.bib` entry the page was read from, or that its Markdown file completes;
    /// nil for a page of its own file alone.
    var bibliographyKey: String? {
        (completedEntry ?? sourcePath).flatMap { path in Self.entrySeparator(in: path).map { String(decoding: path.utf8[path.utf8.index(after: $0)...], as: UTF8.self) } }
    }
    /// The `.bib` entry a Markdown resource with the entry's id completes (`resources/review.bib#Qu:2019gqs`):
    /// the page is the Markdown file's, with the entry's fields where the file gives none.
    var completedEntry: String? {
        get { storage.completedEntry }
        set { unique.completedEntry = newValue }
    }
    /// Every file the page is read from: its own, and the `.bib` file of the entry it completes.
    var sourceFiles: [String] {
        [sourceFile, completedEntry.map(Self.file(of:))].compactMap { $0 }
    }
    /// The `#` before an entry's key in a source path, found in its bytes: every resource asks for
    /// its file and key several times a build, and a walk over Characters costs far more.
    private static func entrySeparator(in path: String) -> String.Index? {
        path.utf8.firstIndex(of: UInt8(ascii: "#"))
    }
    /// Whether source path `path` names an entry of a `.bib` file, not a file of its own.
    static func namesEntry(_ path: String) -> Bool {
        entrySeparator(in: path) != nil
    }
    /// The file of a source path: all of it, or what comes before an entry's key.
    private static func file(of path: String) -> String {
        entrySeparator(in: path).map { String(decoding: path.utf8[..<$0], as: UTF8.self) } ?? path
    }
    /// The lines of the file that diagnostics still need: the front-matter from loading on, and
    /// after the Markdown stage also the lines of the `#anchor` links checked once every page is
    /// rendered; nil for generated pages, and in a one-off build once no diagnostic can be made.
    var source: SourceText? {
        get { storage.source }
        set { unique.source = newValue }
    }
    /// The folder of the page's `index.html`, relative to the site root ("" for the home page).
    var outputDirectory: String { storage.outputDirectory }
    /// The decoded front-matter.
    var frontMatter: FrontMatter {
        get { storage.frontMatter }
        set { unique.frontMatter = newValue }
    }
    /// The file line on which the body starts.
    var bodyFirstLine: Int { storage.bodyFirstLine }

    /// The body's headings, filled in by the Markdown stage.
    var headings: [MarkdownHeading] {
        get { storage.headings }
        set { unique.headings = newValue }
    }
    /// The anchors of the body's labelled equations (`eq-energy`), filled in by the Markdown stage.
    var equationAnchors: [String] {
        get { storage.equationAnchors }
        set { unique.equationAnchors = newValue }
    }
    /// The body's text without markup.
    var plainText: String {
        get { storage.plainText }
        set { unique.plainText = newValue }
    }
    /// A tutorial's questions, objectives and key points, rendered by the Markdown stage.
    var outline: LessonOutline? {
        get { storage.outline }
        set { unique.outline = newValue }
    }
    /// The date of the newest git commit that changed the file, when the content is in a git checkout.
    var gitModified: String? {
        get { storage.gitModified }
        set { unique.gitModified = newValue }
    }

    /// What a page made from a notebook has besides its body: the notebook to download, its images.
    var notebook: NotebookPage? {
        get { storage.notebook }
        set { unique.notebook = newValue }
    }

    /// What part of a paginated listing a generated page is (a page after the first, or the
    /// listing's data script); nil for every other page, a listing's first page included.
    var listingPart: ListingPart? {
        get { storage.listingPart }
        set { unique.listingPart = newValue }
    }

    /// When the page last changed: the latest of its git date, `updated` and `date`.
    var lastModified: String? { [gitModified, frontMatter.text("updated"), frontMatter.text("date")].compactMap { $0 }.max() }

    /// The page title, or its id when the front-matter had none.
    var title: String { storage.title }
    /// The title's formulas rendered, filled in by the Markdown stage; nil for a title without any.
    var titleMath: MathText? {
        get { storage.titleMath }
        set { unique.titleMath = newValue }
    }
    /// The title as HTML with its formulas as MathML, for a title that holds formulas.
    var titleHTML: String? { titleMath?.html }
    /// The title's words for the search index: a formula's words, not its layout commands.
    var searchTitle: String { titleMath?.searchText ?? title }
    /// The one-line summary, if any.
    var summary: String? { storage.summary }
    /// Whether the page is marked `draft: true`.
    var isDraft: Bool { frontMatter.boolean("draft") ?? false }
    /// The name of the page's HTML file: `index.html`, except for the site's `404.html`.
    var fileName: String {
        get { storage.fileName }
        set { unique.fileName = newValue }
    }
    /// The path of the page's HTML file relative to the site root.
    var outputPath: String { storage.outputPath }
    /// The source folder that relative links in the body start from.
    var sourceDirectory: String {
        sourcePath.map(SitePath.directory(of:)) ?? ""
    }

    /// Creates a page.
    init(kind: ContentKind, id: String, sourcePath: String?, source: SourceText?, outputDirectory: String,
         frontMatter: FrontMatter, bodyFirstLine: Int = 1) {
        storage = Storage(kind: kind, id: id, sourcePath: sourcePath, source: source, outputDirectory: outputDirectory,
                          frontMatter: frontMatter, bodyFirstLine: bodyFirstLine)
    }

    /// The output folder for an editor's page of `kind` with `id`.
    static func outputDirectory(kind: ContentKind, id: String) -> String {
        switch kind {
        case .home: return ""
        case .page: return id
        case .section: return id
        case .tags: return "tags"
        case .tag: return "tags/\(id)"
        case .breakout, .tutorial, .series, .step, .resource: return "\(kind.folder ?? kind.rawValue)/\(id)"
        }
    }
}

extension Array where Element == Page {
    /// Where each page of `later`, a later list, is in this one when it is the same value
    /// (`Page.isSameValue`; nil for a page new or changed), and where each page of this list is in
    /// `later` (-1 for a page gone or changed): what a stage's kept run carries forward by.
    func sameValues(in later: [Page]) -> (from: [Int?], to: [Int]) {
        var before: [ObjectIdentifier: Int] = [:]
        before.reserveCapacity(count)
        for (position, page) in enumerated() { before[page.valueIdentity] = position }
        var from = [Int?](repeating: nil, count: later.count)
        var to = [Int](repeating: -1, count: count)
        for (position, page) in later.enumerated() {
            guard let old = before[page.valueIdentity], to[old] < 0 else { continue }
            from[position] = old
            to[old] = position
        }
        return (from, to)
    }
}
