/// What the knowledge tools answer from: every page's catalog entry and Markdown twin, and the
/// search documents, as one immutable value (a content edit makes a new one).
struct SiteKnowledge: Sendable {
    /// The pages in the catalog's order (kind, then id).
    let pages: [KnowledgePage]
    /// Each page's place in `pages`, by catalog key (`tutorial/jet-tagging`).
    let byKey: [String: Int]
    /// Each page's place, by resource address (`portal://tutorials/jet-tagging`).
    let byURI: [String: Int]
    /// The full-text search over the pages, ranked as the site's search ranks.
    let search: KnowledgeSearch
    /// The starter kit's steps in path order, as catalog keys.
    let stepOrder: [String]

    init(pages: [KnowledgePage], search: KnowledgeSearch, stepOrder: [String]) {
        self.pages = pages
        byKey = Dictionary(pages.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        byURI = Dictionary(pages.enumerated().map { ($1.uri, $0) }, uniquingKeysWith: { first, _ in first })
        self.search = search
        self.stepOrder = stepOrder
    }

    /// Made from a build's contexts and twin bodies, by the writers of the catalog and the twins.
    init(contexts: PageContextBuilder, twinBodies: [String], settings: SiteSettings) {
        let twins = MarkdownTwins(contexts: contexts)
        let sitePages = twins.pages
        let catalog = CatalogWriter(pages: sitePages, graph: contexts.graph, settings: settings, address: contexts.address, order: contexts.order)
        let made = ParallelMap.map(catalog.entryOrder()) { position in
            let page = sitePages[position]
            return KnowledgePage(entry: KnowledgeValue(catalog.entry(for: position, order: contexts.order)),
                                 twin: twins.twin(of: position, body: position < twinBodies.count ? twinBodies[position] : ""),
                                 text: page.plainText)
        }
        let search = KnowledgeSearch(pages: sitePages, synonyms: settings.searchSynonyms)
        let steps = contexts.graph.steps.map { "\(sitePages[$0].kind.rawValue)/\(sitePages[$0].id)" }
        self.init(pages: made, search: search, stepOrder: steps)
    }

    /// The page named by `reference`: a catalog key (`tutorial/jet-tagging`), a resource address
    /// (`portal://tutorials/jet-tagging`) or an id that only one page has, or only one page an
    /// editor wrote.
    func page(named reference: String) -> KnowledgePage? {
        if let place = byKey[reference] ?? byURI[reference] { return pages[place] }
        let matching = pages.filter { $0.id == reference }
        if matching.count == 1 { return matching[0] }
        // A tag or section named like a page (the tag jet-tagging, the tutorial jet-tagging) gives
        // way to the page an editor wrote.
        let written = matching.filter { !Self.generatedKinds.contains($0.kind) }
        return written.count == 1 ? written[0] : nil
    }

    /// The kinds of page the build makes rather than an editor writes.
    static let generatedKinds: Set<String> = ["section", "tags", "tag"]

    /// The page named by `reference`, or a tool error naming `argument` and the closest name.
    func requirePage(_ reference: String, argument: String) throws(ToolArgumentError) -> KnowledgePage {
        if let page = page(named: reference) { return page }
        let ambiguous = pages.filter { $0.id == reference && !Self.generatedKinds.contains($0.kind) }.map(\.key)
        if ambiguous.count > 1 {
            throw ToolArgumentError(argument: argument, message: "'\(reference)' names \(ambiguous.count) pages; give its kind too: \(ambiguous.sorted().joined(separator: ", "))")
        }
        let names = pages.map(\.key) + pages.map(\.id)
        let closest = Suggestion.closest(to: reference, in: names)
        throw ToolArgumentError(argument: argument, message: "no page is named '\(reference)'", suggestion: closest)
    }
}
