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
        self.pages = pages.withoutListingParts
        listingPages = pages.dropFirst(self.pages.count).filter { $0.listingPart != .data }
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
        return siteFiles(catalog: CatalogWriter(pages: pages, graph: graph, settings: settings, address: contexts.address, order: contexts.order).catalog().text,
                         search: &search, feedBodies: feedBodies)
    }

    /// The HTML bodies (every page's, by position) of the pages the feed lists, by position.
    func feedBodies(from html: [String]) -> [Int: String] {
        feeds().feedEntries().reduce(into: [:]) { $0[$1] = $1 < html.count ? html[$1] : "" }
    }

    private func feeds(bodies: [Int: String] = [:]) -> FeedWriter {
        FeedWriter(pages: pages, listingPages: listingPages, settings: settings, address: contexts.address, order: contexts.order, bodies: bodies)
    }

    /// The files a preview rebuild writes: the twins of the `rendered` pages (all when nil, from
    /// `twinBodies`, every page's twin body by position), `llms-full.txt` on the first build
    /// only (later ones leave it to `llmsFull(cache:)`, after browsers are told to reload), the
    /// search files that changed and the site-wide files (the feed with the entries' bodies from
    /// `html`, every page's HTML body by position). `refInputs` are the pages' ref inputs,
    /// by position, which decide which catalog entries `cache` may give again.
    func files(cache: inout ReaderFilesCache, refInputs: [Int], rendered: [Int]?, twinBodies: [String], html: [String], writesLlmsFull: Bool) -> (write: [(String, String)], all: [String]) {
        let twins = MarkdownTwins(contexts: contexts)
        let twinPositions = rendered?.filter { $0 < pages.count } ?? Array(pages.indices)
        let twinTexts = ParallelMap.map(twinPositions) { twins.twin(of: $0, body: twinBodies[$0]) }
        var files = zip(twinPositions, twinTexts).map { (MarkdownTwins.path(of: pages[$0.0]), $0.1) }
        for (position, text) in zip(twinPositions, twinTexts) { cache.twins[pages[position].outputPath] = text }
        if cache.twins.count > pages.count {
            let live = Set(pages.map(\.outputPath))
            cache.twins = cache.twins.filter { live.contains($0.key) }
        }
        if writesLlmsFull { files.append(llmsFull(cache: cache)) }
        // The ref inputs of the pages the catalog describes: the later pages of long listings come last.
        let catalog = self.catalog(cache: &cache, refInputs: Array(refInputs.prefix(pages.count)))
        let site = siteFiles(catalog: catalog, search: &cache.search, changed: rendered.map { Set($0.filter { $0 < pages.count }) }, feedBodies: feedBodies(from: html))
        return (files + site.write, site.all)
    }

    /// llms.txt, the catalog, the feed, the sitemap, robots.txt, 404.html and the search files
    /// (those of the `changed` pages' terms, all when nil), and every path the stage's files occupy.
    private func siteFiles(catalog: String, search: inout SearchIndex, changed: Set<Int>? = nil, feedBodies: [Int: String]) -> (write: [(String, String)], all: [String]) {
        let twins = MarkdownTwins(contexts: contexts)
        var files: [(String, String)] = []
        files.append(("llms.txt", twins.llmsText()))
        files.append(("catalog.json", catalog))
        files.append(("catalog.schema.json", CatalogSchema.text))
        let feeds = feeds(bodies: feedBodies)
        files.append(("feed.xml", feeds.atom()))
        if let sitemap = feeds.sitemap() { files.append(("sitemap.xml", sitemap)) }
        files.append(("robots.txt", feeds.robots()))
        var notFound = contexts.notFoundContext()
        let notFoundBody = templates.render("page", context: .record(notFound))
        notFound.setAssets(from: notFoundBody)
        notFound["body"] = .text(notFoundBody)
        files.append(("404.html", templates.render("base", context: .record(notFound))))
        var searchPage = searchPageContext
        searchPage["body"] = .text(templates.render(templates.pageTemplates.contains("search") ? "search" : "page", context: .record(searchPage)))
        files.append((Self.searchPagePath, templates.render("base", context: .record(searchPage))))
        search.synonyms = settings.searchSynonyms
        files += search.update(pages: pages, changed: changed)
        let all = pages.map(MarkdownTwins.path(of:)) + files.filter { !$0.0.hasPrefix("search/") }.map(\.0) + search.paths + [Self.searchPagePath, "llms-full.txt"]
        return (files, all)
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

    /// The files that change when only the bodies of the `edited` pages changed: their twins, the
    /// search files of the terms and documents that changed, and the feed when it holds one of them
    /// (from `html`, every page's HTML body by position). `llms-full.txt` (every twin in
    /// one file, the largest the site has) is left to `llmsFull(cache:)`, which the preview server
    /// runs after telling browsers to reload.
    func bodyFiles(cache: inout ReaderFilesCache, edited: [Int], twinBodies: [String], html: [String]) -> [(String, String)] {
        let twins = MarkdownTwins(contexts: contexts)
        var files: [(String, String)] = []
        for position in edited {
            let text = twins.twin(of: position, body: twinBodies[position])
            cache.twins[pages[position].outputPath] = text
            files.append((MarkdownTwins.path(of: pages[position]), text))
        }
        files += cache.search.update(pages: pages, changed: Set(edited), sameDocuments: true)
        let feedBodies = feedBodies(from: html)
        if edited.contains(where: { feedBodies[$0] != nil }) { files.append(("feed.xml", feeds(bodies: feedBodies).atom())) }
        return files
    }

    /// `catalog.json`; each page's entry is reused from `cache` while its ref inputs, relations and
    /// date are unchanged (over the same list of pages).
    private func catalog(cache: inout ReaderFilesCache, refInputs: [Int]) -> String {
        let writer = CatalogWriter(pages: pages, graph: graph, settings: settings, address: contexts.address, order: contexts.order)
        guard refInputs.count == pages.count else { return writer.catalog().text }
        let keys = ParallelMap.map(Array(pages.indices)) { position -> Int in
            var hasher = Hasher()
            hasher.combine(refInputs[position])
            hasher.combine(pages[position].gitModified)
            hasher.combine(contexts.address.base)
            RenderKeys.combineRelations(of: position, pages: pages, graph: graph, into: &hasher)
            if pages[position].kind == .tag {
                for member in graph.tags[pages[position].id] ?? [] { hasher.combine(refInputs[member]) }
            }
            return hasher.finalize()
        }
        let previous = cache.catalogEntries
        let samePages = previous.count == pages.count && cache.catalogPages == pages.map(\.outputPath)
        let result = writer.catalog { position in
            guard samePages, let cached = previous[position], cached.key == keys[position] else { return nil }
            return cached.text
        }
        cache.catalogEntries = result.entries.reduce(into: [:]) { $0[$1.key] = (keys[$1.key], $1.value) }
        cache.catalogPages = pages.map(\.outputPath)
        return result.text
    }

    /// `llms-full.txt` from the twins `cache` holds.
    func llmsFull(cache: ReaderFilesCache) -> (String, String) {
        let allTwins = contexts.order.byTitle(Array(pages.indices)).map { cache.twins[pages[$0].outputPath] ?? "" }
        return ("llms-full.txt", MarkdownTwins(contexts: contexts).llmsFullText(twins: allTwins))
    }

    /// The context of the search results page. A theme without a search template gets the page
    /// template around a plain results area.
    var searchPageContext: TemplateRecord {
        contexts.searchContext(body: templates.pageTemplates.contains("search") ? "" : PageContextBuilder.plainSearchBody)
    }

    /// The search results page, which reads its query from the address (`?q=…`).
    static let searchPagePath = "search/index.html"

    /// The paths `files()` will write, without computing the contents, for collision checks.
    static func paths(pages: [Page], hasBaseURL: Bool) -> [String] {
        var paths = pages.withoutListingParts.map(MarkdownTwins.path(of:))
        paths += ["llms.txt", "llms-full.txt", "catalog.json", "catalog.schema.json", "feed.xml", "robots.txt", "404.html", "search/meta.js", searchPagePath]
        if hasBaseURL { paths.append("sitemap.xml") }
        return paths
    }
}

/// What the preview keeps of the reader files between rebuilds.
struct ReaderFilesCache: Sendable {
    /// Each page's Markdown twin as last written, by output path.
    var twins: [String: String] = [:]
    var search = SearchIndex()
    /// Each page's catalog entry (with the hash of what it was made from), by position, and the pages it was made for.
    var catalogEntries: [Int: (key: Int, text: String)] = [:]
    var catalogPages: [String] = []
}
