/// Stage 8: the files beside the pages: Markdown twins, llms.txt, the catalog, the feed, the
/// sitemap, robots.txt, 404.html and the search index.
struct ReaderFilesStage: Sendable {
    let pages: [Page]
    let graph: SiteGraph
    let settings: SiteSettings
    let templates: TemplateSet
    let contexts: PageContextBuilder

    /// Every file, as (path in the site, contents), in a fixed order.
    func files() -> [(String, String)] {
        let address = contexts.address
        let order = contexts.order
        let twins = MarkdownTwins(contexts: contexts)
        let twinTexts = ParallelMap.map(Array(pages.indices)) { twins.twin(of: $0) }
        var files: [(String, String)] = pages.indices.map { (MarkdownTwins.path(of: pages[$0]), twinTexts[$0]) }
        files.append(("llms.txt", twins.llmsText()))
        files.append(("llms-full.txt", twins.llmsFullText(twins: order.byTitle(Array(pages.indices)).map { twinTexts[$0] })))
        files.append(("catalog.json", CatalogWriter(pages: pages, graph: graph, settings: settings, address: address, order: order).catalog()))
        files.append(("catalog.schema.json", CatalogSchema.text))
        let feeds = FeedWriter(pages: pages, settings: settings, address: address, order: order)
        files.append(("feed.xml", feeds.atom()))
        if let sitemap = feeds.sitemap() { files.append(("sitemap.xml", sitemap)) }
        files.append(("robots.txt", feeds.robots()))
        var notFound = contexts.notFoundContext()
        notFound["body"] = .text(templates.render("page", context: .record(notFound)))
        files.append(("404.html", templates.render("base", context: .record(notFound))))
        files += SearchIndexWriter(pages: pages).files()
        return files
    }

    /// The paths `files()` will write, without computing the contents, for collision checks.
    static func paths(pages: [Page], hasBaseURL: Bool) -> [String] {
        var paths = pages.map(MarkdownTwins.path(of:))
        paths += ["llms.txt", "llms-full.txt", "catalog.json", "catalog.schema.json", "feed.xml", "robots.txt", "404.html", "search/meta.js"]
        if hasBaseURL { paths.append("sitemap.xml") }
        return paths
    }
}
