/// Stage 8: the files beside the pages: Markdown twins, llms.txt, the catalog, the feed, the
/// sitemap, robots.txt, 404.html and the search index.
struct ReaderFilesStage: Sendable {
    /// The pages these files describe: every page but the later pages and data scripts of long
    /// listings (a listing's twin, catalog entry and search document are its first page's, whole).
    let pages: [Page]
    /// The later pages of long listings, which only the sitemap lists.
    let listingPages: [Page]
    let graph: SiteGraph
    let settings: SiteSettings
    let templates: TemplateSet
    let contexts: PageContextBuilder

    init(pages: [Page], graph: SiteGraph, settings: SiteSettings, templates: TemplateSet, contexts: PageContextBuilder) {
        self.pages = pages.describedPages
        listingPages = pages.dropFirst(self.pages.count).filter { $0.listingPart?.isData != true }
        self.graph = graph
        self.settings = settings
        self.templates = templates
        self.contexts = contexts
    }

    /// The files to write, as (path in the site, contents) in a fixed order, and every path the
    /// stage's files occupy, for a one-off build: every file but the twins and `llms-full.txt`,
    /// which `streamTwins(_:to:sink:)` writes.
    /// `feedBodies` are the HTML bodies of the feed's entries (`feedBodies(from:)`).
    func files(feedBodies: [Int: String]) -> (write: [(String, String)], all: [String]) {
        var search = SearchIndex()
        let files = siteFiles(catalog: CatalogWriter(pages: pages, graph: graph, settings: settings, address: contexts.address, order: contexts.order).catalog().text,
                              search: &search, feedBodies: feedBodies)
        return (files.site + files.search, files.all)
    }

    /// The HTML bodies (every page's, by position) of the pages the feed lists (`entries`, when
    /// known: `FeedWriter.feedEntries()`), by position.
    func feedBodies(from html: [String], entries: [Int]? = nil) -> [Int: String] {
        (entries ?? feeds().feedEntries()).reduce(into: [:]) { $0[$1] = $1 < html.count ? html[$1] : "" }
    }

    func feeds(bodies: [Int: String] = [:]) -> FeedWriter {
        FeedWriter(pages: pages, listingPages: listingPages, settings: settings, address: contexts.address, order: contexts.order, bodies: bodies)
    }

    /// The two files of this stage that are pages a browser shows, made with the templates: `404.html`
    /// and the search page.
    func htmlPages() -> [(String, String)] {
        var notFound = contexts.notFoundContext()
        let notFoundBody = templates.render("page", context: .record(notFound))
        notFound.setAssets(from: notFoundBody)
        notFound["body"] = .text(notFoundBody)
        var searchPage = searchPageContext
        searchPage["body"] = .text(templates.render(templates.pageTemplates.contains("search") ? "search" : "page", context: .record(searchPage)))
        return [("404.html", templates.render("base", context: .record(notFound))),
                (Self.searchPagePath, templates.render("base", context: .record(searchPage)))]
    }

    /// llms.txt, the catalog, the feed, the sitemap, robots.txt, 404.html and the search files
    /// (those that changed since `search` was last updated, whose `changed` pages may differ: all
    /// when nil; `searched` when the caller updated `search` already), and every path the stage's files occupy. The catalog when nil, and the files
    /// named in `unchanged` (`llms.txt`, `feed.xml`, `sitemap.xml`, the citation files), are the ones last written: not made again.
    func siteFiles(catalog: String?, unchanged: Set<String> = [], search: inout SearchIndex, changed: Set<Int>? = nil, searched: [(String, String)]? = nil,
                   feedBodies: [Int: String])
        -> (site: [(String, String)], search: [(String, String)], all: [String]) {
        let twins = MarkdownTwins(contexts: contexts)
        var files: [(String, String)] = []
        if !unchanged.contains("llms.txt") { files.append(("llms.txt", twins.llmsText())) }
        if let catalog { files.append(("catalog.json", catalog)) }
        files.append(("catalog.schema.json", CatalogSchema.text))
        if !unchanged.contains(Citation.bibTeXPath) { files += Citation.catalogueFiles(pages, entries: contexts.citationEntries) }
        files += SiteCitationFiles.files(settings, address: contexts.address)
        let citations = Citation.paths(pages) + SiteCitationFiles.paths(settings)
        let feeds = feeds(bodies: feedBodies)
        if !unchanged.contains("feed.xml") { files.append(("feed.xml", feeds.atom())) }
        if !unchanged.contains("sitemap.xml"), let sitemap = feeds.sitemap() { files.append(("sitemap.xml", sitemap)) }
        files.append(("robots.txt", feeds.robots()))
        files += htmlPages()
        let searchFiles: [(String, String)]
        if let searched {
            searchFiles = searched
        } else {
            search.synonyms = settings.searchSynonyms
            searchFiles = search.update(pages: pages, changed: changed)
        }
        let names = ["llms.txt", "catalog.json", "catalog.schema.json", "feed.xml"] + (contexts.address.base == nil ? [] : ["sitemap.xml"])
            + ["robots.txt", "404.html", Self.searchPagePath, "llms-full.txt"] + citations
        return (files, searchFiles, pages.map(MarkdownTwins.path(of:)) + names + search.paths)
    }

    /// Writes every twin and `llms-full.txt` (the twins in title order) as they are made, a few
    /// hundred pages at a time, rather than holding them all at once. The twin bodies (every page's,
    /// by position) are consumed: each is let go of once its twin is written, unless the caller
    /// holds it too. Returns how many files were written.
    func streamTwins(_ bodies: consuming [String], to writer: SiteWriter, sink: DiagnosticSink) -> Int {
        let twins = MarkdownTwins(contexts: contexts)
        let ordered = contexts.order.byTitle(Array(pages.indices))
        let pages = self.pages
        var bodies = consume bodies
        var full = FileOutput.Stream(path: writer.staging.path + "/llms-full.txt")
        full.append(twins.llmsFullHeader)
        var written = 0
        for start in stride(from: 0, to: ordered.count, by: 512) {
            var work: [(Int, String)] = []
            for position in ordered[start..<min(start + 512, ordered.count)] {
                work.append((position, bodies[position]))
                bodies[position] = ""
            }
            let texts = ParallelMap.map(consuming: work) { position, body -> String in
                let text = twins.twin(of: position, body: body)
                do {
                    try writer.write(text, to: MarkdownTwins.path(of: pages[position]))
                } catch {
                    sink.add(Diagnostic(.error, "output.write-failed", "cannot write \(MarkdownTwins.path(of: pages[position])): \(error)",
                                        file: MarkdownTwins.path(of: pages[position])))
                }
                return text
            }
            for (index, text) in texts.enumerated() {
                if start + index > 0 { full.append(MarkdownTwins.llmsFullSeparator) }
                full.append(text)
            }
            written += texts.count
        }
        if let error = full.finish() {
            sink.add(Diagnostic(.error, "output.write-failed", "cannot write llms-full.txt: \(error)", file: "llms-full.txt"))
        } else {
            written += 1
        }
        return written
    }

    /// The context of the search results page. A theme without a search template gets the page
    /// template around a plain results area.
    var searchPageContext: TemplateRecord {
        contexts.searchContext(body: templates.pageTemplates.contains("search") ? "" : PageContextBuilder.plainSearchBody)
    }

    /// The search results page, which reads its query from the address (`?q=…`).
    static let searchPagePath = "search/index.html"

    /// The paths `files()` will write, without computing the contents, for collision checks.
    static func paths(pages: [Page], settings: SiteSettings) -> [String] {
        let hasBaseURL = settings.baseURL != nil
        // Read in place: a copy of the described pages would retain each.
        var paths: [String] = []
        paths.reserveCapacity(pages.count + 16)
        for page in pages {
            guard page.listingPart == nil || page.listingPart == .categories else { break }
            paths.append(MarkdownTwins.path(of: page))
        }
        paths += ["llms.txt", "llms-full.txt", "catalog.json", "catalog.schema.json", "feed.xml", "robots.txt", "404.html", "search/meta.js", searchPagePath]
        if hasBaseURL { paths.append("sitemap.xml") }
        paths += Citation.paths(pages) + SiteCitationFiles.paths(settings)
        return paths
    }
}
