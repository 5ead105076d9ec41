/// Collects the pages a template context reads while it is being built.
///
/// `PageContextBuilder` notes every page it shows (a ref in a list, a breadcrumb, a series
/// neighbour); the preview rebuild keeps the list as the page's dependencies.
final class DependencyRecorder: @unchecked Sendable {
    @TaskLocal static var current: DependencyRecorder?
    private(set) var positions: [Int] = []

    /// Notes that the context being built shows page `position`.
    static func note(_ position: Int) {
        current?.positions.append(position)
    }

    /// Notes that the context being built depends on every page of `positions` (a listing, or the candidates it was chosen from).
    static func note(_ positions: [Int]) {
        current?.positions.append(contentsOf: positions)
    }

    /// Runs `body` and returns its result with the pages it noted, sorted and without repeats.
    static func recording<Result>(_ body: () -> Result) -> (Result, [Int]) {
        let recorder = DependencyRecorder()
        let result = $current.withValue(recorder) { body() }
        return (result, Array(Set(recorder.positions)).sorted())
    }
}

/// Decides which pages a preview rebuild renders again.
///
/// A page's key combines everything its output is made of: the values every page shows (site
/// settings, navigation, the list of pages, section titles), the templates that render it (its
/// own, the base layout and the partials they include), the page's own source and
/// rendered body, its relations in the site graph, and the card (title, summary, tags, …) of
/// every page its context showed last time. Equal keys mean equal output, so only pages whose key
/// changed are rendered and written.
struct RenderKeys {
    /// The hash of the values every page shows.
    let global: Int
    /// Each page's card: what other pages show of it.
    let cards: [Int]
    let pages: [Page]
    let graph: SiteGraph
    /// Each page's own source and body.
    let own: [Int]
    /// The templates: a page's key holds the hash of the ones that render it.
    let templates: TemplateSet

    /// `previousCards` and `sameRefs` let a page whose ref is unchanged keep its card hash.
    init(pages: [Page], graph: SiteGraph, settings: SiteSettings, navigation: [NavigationItem], templates: TemplateSet,
         contexts: PageContextBuilder, own: [Int], previousCards: [Int]? = nil, sameRefs: [Bool]? = nil) {
        self.pages = pages
        self.graph = graph
        self.own = own
        self.templates = templates
        var hasher = Hasher()
        hasher.combine(settings.title)
        hasher.combine(settings.description)
        hasher.combine(settings.language)
        hasher.combine(settings.footer)
        hasher.combine(settings.baseURL)
        hasher.combine(settings.frameOrigins)
        for item in navigation {
            hasher.combine(item.title)
            hasher.combine(item.outputPath)
            hasher.combine(item.section)
        }
        for page in pages {
            hasher.combine(page.outputPath)
            hasher.combine(page.kind)
            if page.kind == .home || page.kind == .section || page.kind == .tags { hasher.combine(page.title) }
        }
        hasher.combine(graph.steps)
        global = hasher.finalize()
        let reusable = previousCards?.count == pages.count ? previousCards : nil
        cards = ParallelMap.map(Array(pages.indices)) { position in
            if let reusable, sameRefs?[position] == true { return reusable[position] }
            var hasher = Hasher()
            hasher.combine(contexts.ref(position, depth: 0))
            return hasher.finalize()
        }
    }

    /// The key of page `position` whose context showed `dependencies`.
    func key(of position: Int, dependencies: [Int]) -> Int {
        var hasher = Hasher()
        hasher.combine(global)
        hasher.combine(templates.pageFingerprints[PageContextBuilder.templateName(for: pages[position])])
        hasher.combine(own[position])
        combineRelations(of: position, into: &hasher)
        for dependency in dependencies {
            hasher.combine(dependency)
            hasher.combine(cards[dependency])
        }
        return hasher.finalize()
    }

    /// Every list in the site graph that belongs to the page.
    private func combineRelations(of position: Int, into hasher: inout Hasher) {
        Self.combineRelations(of: position, pages: pages, graph: graph, into: &hasher)
    }

    /// Every list in the site graph that belongs to page `position`.
    static func combineRelations(of position: Int, pages: [Page], graph: SiteGraph, into hasher: inout Hasher) {
        for relation in [graph.backlinks, graph.areas, graph.tutorialsByArea, graph.stepsByArea, graph.resourcesByArea,
                         graph.prerequisites, graph.requiredBy, graph.stepTutorials, graph.stepResources, graph.citedBy] {
            hasher.combine(relation[position] ?? [])
        }
        hasher.combine(graph.linkedFrom[position])
        let page = pages[position]
        if let series = page.frontMatter.text("series") { hasher.combine(graph.series[series] ?? []) }
        switch page.kind {
        case .tag: hasher.combine(graph.tags[page.id] ?? [])
        case .tags: hasher.combine(graph.tags.mapValues(\.count))
        default: break
        }
    }

    /// A page's own part of its key: the source file, the rendered body (`htmlHash`, nil for a
    /// generated page, whose body is empty) and its history.
    static func own(of page: Page, sourceHash: Int?, htmlHash: Int?) -> Int {
        var hasher = Hasher()
        hasher.combine(page.outputPath)
        hasher.combine(page.kind)
        hasher.combine(page.id)
        if let sourceHash { hasher.combine(sourceHash) } else { hasher.combine(page.title) }
        hasher.combine(htmlHash)
        // The outline is rendered with the site's math macros, which the file does not hold.
        hasher.combine(page.outline)
        hasher.combine(page.gitModified)
        return hasher.finalize()
    }
}

extension RenderKeys {
    /// What a page's ref is made of, hashed: its front-matter (through its file), its address, and
    /// the breakout pages it names. Equal inputs, over the same list of pages, give equal refs.
    static func refInputs(pages: [Page], graph: SiteGraph, sourceHash: (Page) -> Int?) -> [Int] {
        let own = pages.map { page -> Int in
            var hasher = Hasher()
            hasher.combine(page.outputPath)
            hasher.combine(page.kind)
            if let hash = sourceHash(page) { hasher.combine(hash) } else { hasher.combine(page.title) }
            return hasher.finalize()
        }
        return pages.indices.map { position in
            var hasher = Hasher()
            hasher.combine(own[position])
            for area in graph.areas[position] ?? [] { hasher.combine(own[area]) }
            // A part shows its series' title; a series its parts' times.
            let page = pages[position]
            if page.kind == .tutorial, let name = page.frontMatter.text("series") {
                hasher.combine(graph.seriesPages[name].map { own[$0] })
                hasher.combine(graph.series[name]?.count)
            }
            if page.kind == .series {
                for part in graph.series[page.id] ?? [] { hasher.combine(own[part]) }
            }
            hasher.combine(page.outline)
            return hasher.finalize()
        }
    }
}
