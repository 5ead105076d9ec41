/// Stage 8: the files beside the pages: Markdown twins, llms.txt, the catalog, the feed, the
/// sitemap, robots.txt, 404.html and the search index.
struct ReaderFilesStage: Sendable {
    let pages: [Page]
    let graph: SiteGraph
    let settings: SiteSettings
    let templates: TemplateSet
    let contexts: PageContextBuilder

    /// The files to write, as (path in the site, contents) in a fixed order, and every path the
    /// stage's files occupy. Without `memory` every file is made; with it, only the twins of the
    /// `rendered` pages, the search files that changed, and the site-wide files. With `twinsStreamed`
    /// (a full build that ran `streamTwins(to:sink:)`), the twins and `llms-full.txt` are left out.
    func files(memory: BuildMemory? = nil, rendered: [Int]? = nil, twinsStreamed: Bool = false) -> (write: [(String, String)], all: [String]) {
        let address = contexts.address
        let order = contexts.order
        let twins = MarkdownTwins(contexts: contexts)
        var files: [(String, String)] = []
        if !twinsStreamed {
            let twinPositions = memory == nil ? Array(pages.indices) : (rendered ?? Array(pages.indices))
            let twinTexts = ParallelMap.map(twinPositions) { twins.twin(of: $0) }
            files = zip(twinPositions, twinTexts).map { (MarkdownTwins.path(of: pages[$0.0]), $0.1) }
            if let memory {
                for (position, text) in zip(twinPositions, twinTexts) { memory.twins[pages[position].outputPath] = text }
                if memory.twins.count > pages.count {
                    let live = Set(pages.map(\.outputPath))
                    memory.twins = memory.twins.filter { live.contains($0.key) }
                }
            }
            // A preview rebuild leaves llms-full.txt to `llmsFull(memory:)`, after browsers are told to reload.
            if memory?.hasWritten != true {
                let allTwins = memory.map { memory in order.byTitle(Array(pages.indices)).map { memory.twins[pages[$0].outputPath] ?? "" } }
                    ?? order.byTitle(Array(pages.indices)).map { twinTexts[$0] }
                files.append(("llms-full.txt", twins.llmsFullText(twins: allTwins)))
            }
        }
        files.append(("llms.txt", twins.llmsText()))
        files.append(("catalog.json", catalog(memory: memory)))
        files.append(("catalog.schema.json", CatalogSchema.text))
        let feeds = FeedWriter(pages: pages, settings: settings, address: address, order: order)
        files.append(("feed.xml", feeds.atom()))
        if let sitemap = feeds.sitemap() { files.append(("sitemap.xml", sitemap)) }
        files.append(("robots.txt", feeds.robots()))
        var notFound = contexts.notFoundContext()
        notFound["body"] = .text(templates.render("page", context: .record(notFound)))
        files.append(("404.html", templates.render("base", context: .record(notFound))))
        var search = memory?.search ?? SearchIndex()
        files += search.update(pages: pages, changed: memory == nil ? nil : rendered.map(Set.init))
        memory?.search = search
        let all = pages.map(MarkdownTwins.path(of:)) + files.filter { !$0.0.hasSuffix("/index.md") && !$0.0.hasPrefix("search/") }.map(\.0)
            + search.paths + ["llms-full.txt"]
        return (files, all)
    }

    /// Writes every twin and `llms-full.txt` (the twins in title order) as they are made, a few
    /// hundred pages at a time, rather than holding them all at once; each page then
    /// lets go of its twin's body, which nothing else reads. Returns how many files were written.
    func streamTwins(to writer: SiteWriter, sink: DiagnosticSink) -> Int {
        let twins = MarkdownTwins(contexts: contexts)
        let ordered = contexts.order.byTitle(Array(pages.indices))
        let pages = self.pages
        var full = FileOutput.Stream(path: writer.staging.path + "/llms-full.txt")
        full.append(twins.llmsFullHeader)
        var written = 0
        for start in stride(from: 0, to: ordered.count, by: 512) {
            let chunk = Array(ordered[start..<min(start + 512, ordered.count)])
            let texts = ParallelMap.map(chunk) { position -> String in
                let text = twins.twin(of: position)
                pages[position].releaseTwinBody()
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

    /// The files that change when only the bodies of the `edited` pages changed: their twins and
    /// the search files of the terms and documents that changed. `llms-full.txt` (every twin in
    /// one file, the largest the site has) is left to `llmsFull(memory:)`, which the preview server
    /// runs after telling browsers to reload.
    func bodyFiles(memory: BuildMemory, edited: [Int]) -> [(String, String)] {
        let twins = MarkdownTwins(contexts: contexts)
        var files: [(String, String)] = []
        for position in edited {
            let text = twins.twin(of: position)
            memory.twins[pages[position].outputPath] = text
            files.append((MarkdownTwins.path(of: pages[position]), text))
        }
        files += memory.search.update(pages: pages, changed: Set(edited), sameDocuments: true)
        return files
    }

    /// `catalog.json`; with the preview's memory, each page's entry is reused while its ref inputs,
    /// relations and date are unchanged (over the same list of pages).
    private func catalog(memory: BuildMemory?) -> String {
        let writer = CatalogWriter(pages: pages, graph: graph, settings: settings, address: contexts.address, order: contexts.order)
        guard let memory, memory.refInputs.count == pages.count else { return writer.catalog().text }
        let keys = ParallelMap.map(Array(pages.indices)) { position -> Int in
            var hasher = Hasher()
            hasher.combine(memory.refInputs[position])
            hasher.combine(pages[position].gitModified)
            hasher.combine(contexts.address.base)
            RenderKeys.combineRelations(of: position, pages: pages, graph: graph, into: &hasher)
            if pages[position].kind == .tag {
                for member in graph.tags[pages[position].id] ?? [] { hasher.combine(memory.refInputs[member]) }
            }
            return hasher.finalize()
        }
        let previous = memory.catalogEntries
        let samePages = previous.count == pages.count && memory.catalogPages == pages.map(\.outputPath)
        let result = writer.catalog { position in
            guard samePages, let cached = previous[position], cached.key == keys[position] else { return nil }
            return cached.text
        }
        memory.catalogEntries = result.entries.reduce(into: [:]) { $0[$1.key] = (keys[$1.key], $1.value) }
        memory.catalogPages = pages.map(\.outputPath)
        return result.text
    }

    /// `llms-full.txt` from the twins the memory holds.
    func llmsFull(memory: BuildMemory) -> (String, String) {
        let allTwins = contexts.order.byTitle(Array(pages.indices)).map { memory.twins[pages[$0].outputPath] ?? "" }
        return ("llms-full.txt", MarkdownTwins(contexts: contexts).llmsFullText(twins: allTwins))
    }

    /// The paths `files()` will write, without computing the contents, for collision checks.
    static func paths(pages: [Page], hasBaseURL: Bool) -> [String] {
        var paths = pages.map(MarkdownTwins.path(of:))
        paths += ["llms.txt", "llms-full.txt", "catalog.json", "catalog.schema.json", "feed.xml", "robots.txt", "404.html", "search/meta.js"]
        if hasBaseURL { paths.append("sitemap.xml") }
        return paths
    }
}
