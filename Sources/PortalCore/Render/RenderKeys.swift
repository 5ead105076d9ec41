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
/// settings, navigation, the section indexes' titles and addresses), the counts of
/// `site.sections` its templates read, the templates that render it (its own, the base layout
/// and the partials they include), the page's own source and rendered body, its relations in the
/// site graph, the pages a listing chooses from (a section's members, the kinds the home page
/// picks from), and the card (title, summary, tags, …) of every page its context showed last time.
/// Equal keys mean equal output, so only pages whose key changed are rendered and written.
///
/// Pages are named in keys by their identity (`PageContextBuilder.identities`), not their
/// position, so adding or deleting a page changes only the keys of the pages that show it.
struct RenderKeys {
    /// The hash of the values every page shows.
    let global: Int
    /// Each page's card: what other pages show of it.
    private(set) var cards: [Int]
    private(set) var pages: [Page]
    private(set) var graph: SiteGraph
    /// Each page's own source and body.
    private(set) var own: [Int]
    /// The templates: a page's key holds the hash of the ones that render it.
    let templates: TemplateSet
    /// Each page's identity, by position, and the position of each identity (-1 for an identity no
    /// page has now), by identity: identities are small and dense, and a key looks one up for each
    /// page its context showed, which a dictionary would hash.
    let identities: [Int]
    private let positionOfIdentity: [Int]
    /// What of each page template a key holds, by its name: the hash of the templates that render
    /// its pages, and the counts of the entries of `site.sections` they read (made once here, where
    /// each key sorted the names again).
    private let templateParts: [String: Int]
    /// The identities of each section folder's pages, hashed.
    private let sectionMembers: [String: Int]
    /// The identities of the pages of each kind, hashed.
    private let kindMembers: [ContentKind: Int]
    /// The anchor of each resource category on the category page, which a resource's page links to.
    private let categoryAnchors: [String: String]

    /// `previousCards` holds, for each page, its card hash in the last build where its ref is unchanged (nil where it changed).
    init(pages: [Page], graph: SiteGraph, settings: SiteSettings, navigation: [NavigationItem], templates: TemplateSet,
         contexts: PageContextBuilder, own: [Int], previousCards: [Int?]? = nil) {
        self.pages = pages
        self.graph = graph
        self.own = own
        self.templates = templates
        identities = contexts.identities
        var positionOfIdentity = [Int](repeating: -1, count: (contexts.identities.max() ?? -1) + 1)
        for (position, identity) in contexts.identities.enumerated() { positionOfIdentity[identity] = position }
        self.positionOfIdentity = positionOfIdentity
        var hasher = Hasher()
        // Every setting may show on every page (the footer's contact and channels among them).
        hasher.combine(settings.source?.text)
        hasher.combine(settings.baseURL)
        hasher.combine(settings.frameOrigins)
        for item in navigation {
            hasher.combine(item.title)
            hasher.combine(item.outputPath)
            hasher.combine(item.section)
        }
        // Breadcrumbs and `site.sections` show the indexes' titles and addresses on every page.
        for page in pages where (page.kind == .home || page.kind == .section || page.kind == .tags) && page.listingPart == nil {
            hasher.combine(page.outputPath)
            hasher.combine(page.kind)
            hasher.combine(page.title)
        }
        hasher.combine(graph.steps.map { contexts.identities[$0] })
        global = hasher.finalize()
        var counts: [String: Int] = [:]
        var members: [String: Int] = [:]
        for (folder, positions) in contexts.sectionMembers {
            counts[TextSearch.replacing("-", with: "_", in: folder)] = positions.count
            var hasher = Hasher()
            for position in positions { hasher.combine(contexts.identities[position]) }
            members[folder] = hasher.finalize()
        }
        counts["tags"] = graph.tags.count
        var templateParts: [String: Int] = [:]
        for (template, fingerprint) in templates.pageFingerprints {
            var hasher = Hasher()
            hasher.combine(fingerprint)
            if let read = templates.sectionsRead[template] {
                for name in (read ?? Set(counts.keys)).sorted() { hasher.combine(counts[name]) }
            }
            templateParts[template] = hasher.finalize()
        }
        self.templateParts = templateParts
        sectionMembers = members
        var byKind: [ContentKind: Hasher] = [:]
        for (position, page) in pages.enumerated() where page.listingPart == nil { byKind[page.kind, default: Hasher()].combine(contexts.identities[position]) }
        kindMembers = byKind.mapValues { $0.finalize() }
        categoryAnchors = graph.listings.values.first { $0.categoryPage != nil }?.categories?.anchors ?? [:]
        let reusable = previousCards?.count == pages.count ? previousCards : nil
        cards = ParallelMap.map(Array(pages.indices)) { position in
            reusable?[position] ?? Self.card(of: position, contexts: contexts)
        }
    }

    /// The hash of page `position`'s card: its ref, as a page at the site's root shows it.
    static func card(of position: Int, contexts: PageContextBuilder) -> Int {
        var hasher = Hasher()
        hasher.combine(contexts.ref(position, depth: 0))
        return hasher.finalize()
    }

    /// Takes a new version of page `position` edited by one of the preview's quick paths: its own
    /// part `own`; for a card edit (see `PageContextBuilder.retitle`), the graph made again for it
    /// and the new card of each page in `cards` (by position).
    mutating func update(_ page: Page, at position: Int, own: Int, graph: SiteGraph? = nil, cards changed: [Int: Int] = [:]) {
        pages[position] = page
        self.own[position] = own
        if let graph { self.graph = graph }
        for (changedPosition, card) in changed { cards[changedPosition] = card }
    }

    /// The key of page `position` whose context showed the pages of identities `dependencies`.
    func key(of position: Int, dependencies: [Int]) -> Int {
        var hasher = Hasher()
        hasher.combine(global)
        hasher.combine(templateParts[PageContextBuilder.templateName(for: pages[position])])
        hasher.combine(own[position])
        combineRelations(of: position, into: &hasher)
        combineChoices(of: position, into: &hasher)
        var shown = ListDigest()
        for dependency in dependencies {
            shown.add(dependency)
            // A page shown last time and gone now changes the key.
            let now = positionOfIdentity.indices.contains(dependency) ? positionOfIdentity[dependency] : -1
            shown.add(now < 0 ? -1 : cards[now])
        }
        hasher.combine(shown.value)
        return hasher.finalize()
    }

    /// The pages a listing chooses what it shows from: a new one there may be shown.
    private func combineChoices(of position: Int, into hasher: inout Hasher) {
        let page = pages[position]
        switch page.kind {
        case .home:
            for kind in [ContentKind.breakout, .tutorial, .resource] { hasher.combine(kindMembers[kind]) }
        case .section:
            hasher.combine(sectionMembers[page.id])
            // The link that proposes a new page names a breakout.
            hasher.combine(kindMembers[.breakout])
        default:
            break
        }
    }

    /// Every list in the site graph that belongs to the page, by identities.
    private func combineRelations(of position: Int, into hasher: inout Hasher) {
        func combine(_ list: [Int]?) {
            guard let list else { return hasher.combine(-1) }
            var members = ListDigest()
            for member in list { members.add(identities[member]) }
            hasher.combine(members.value)
        }
        // One by one, where a loop over an array of the relations would make the array for each
        // page. What the page's front-matter names is read from its record, and a relation is looked
        // up only for the kinds of page it can hold (the graph sets the lists of these kinds, and
        // only those): most of a key's work was these lookups.
        let page = pages[position]
        let kind = page.kind
        let record = graph.relations(of: position)
        let backlinks = graph.backlinks[position]
        combine(backlinks)
        combine(kind == .tutorial || kind == .step || kind == .resource ? record.areas : kind == .series ? graph.areas[position] : nil)
        combine(kind == .breakout ? graph.tutorialsByArea[position] : nil)
        combine(kind == .breakout ? graph.stepsByArea[position] : nil)
        combine(kind == .breakout ? graph.resourcesByArea[position] : nil)
        combine(kind == .tutorial ? record.prerequisites : nil)
        combine(kind == .tutorial ? graph.requiredBy[position] : nil)
        combine(kind == .step ? record.tutorials : nil)
        combine(kind == .step ? record.resources : nil)
        combine(kind == .resource ? graph.citedBy[position] : nil)
        combine(record.benchmarks.isEmpty ? nil : record.benchmarks)
        // Only a page with backlinks has a "Linked from" list; a relation by its place, where the
        // relation itself would hash its name.
        if backlinks != nil, let groups = graph.linkedFrom[position]?.groups {
            for group in groups {
                hasher.combine(group.relation.order)
                combine(group.pages)
            }
        }
        // A tutorial's series, from its record: only a tutorial shows one (its lessons' bar, its
        // structured data), and the record spares reading every page's front-matter for the field.
        if kind == .tutorial, let series = record.series {
            combine(graph.series[series])
            hasher.combine(graph.seriesPages[series].map { identities[$0] })
        }
        switch page.kind {
        case .series: combine(graph.series[page.id])
        case .tag: combine(graph.tags[page.id])
        case .tags: hasher.combine(graph.tags.mapValues(\.count))
        default: break
        }
        if page.kind == .resource, let category = page.frontMatter.text("category") { hasher.combine(categoryAnchors[category]) }
        hasher.combine(record.skillArchive)
        // Only the listings that grow with the site are laid out, and their later pages share their kind.
        if ListingLayout.ownerKinds.contains(kind) { Self.combineListing(of: position, graph: graph, identities: identities, into: &hasher) }
    }

    /// Every list in the site graph that belongs to page `position`, by positions (the catalog's
    /// entries, which a build makes again whenever the list of pages changes).
    static func combineRelations(of position: Int, pages: [Page], graph: SiteGraph, into hasher: inout Hasher) {
        for relation in [graph.backlinks, graph.areas, graph.tutorialsByArea, graph.stepsByArea, graph.resourcesByArea,
                         graph.prerequisites, graph.requiredBy, graph.stepTutorials, graph.stepResources, graph.citedBy, graph.validatedWith] {
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
    /// `sourceHash` gives the hash of a page's files, by position; it is called from every core.
    static func refInputs(pages: [Page], graph: SiteGraph, sourceHash: @Sendable (Int) -> Int?) -> [Int] {
        let own = ParallelMap.map(Array(pages.indices)) { ownRefInput(of: pages[$0], sourceHash: sourceHash($0)) }
        return ParallelMap.map(Array(pages.indices)) { refInput(of: $0, pages: pages, graph: graph) { own[$0] } }
    }

    /// The ref inputs of `positions` again, in `previous` (every page's, by position), after page
    /// `changed`'s file alone changed: those of the pages whose refs show it (its own; its pages',
    /// for a breakout; its parts', for a series; its series', for a part).
    static func refInputs(updating previous: [Int], changed: Int, pages: [Page], graph: SiteGraph, sourceHash: (Int) -> Int?) -> [Int] {
        var affected: Set<Int> = [changed]
        for (position, areas) in graph.areas where areas.contains(changed) { affected.insert(position) }
        let page = pages[changed]
        if page.kind == .series { affected.formUnion(graph.series[page.id] ?? []) }
        if page.kind == .tutorial, let name = page.frontMatter.text("series"), let series = graph.seriesPages[name] { affected.insert(series) }
        var refInputs = previous
        for position in affected {
            refInputs[position] = refInput(of: position, pages: pages, graph: graph) { ownRefInput(of: pages[$0], sourceHash: sourceHash($0)) }
        }
        return refInputs
    }

    /// What of page `page` itself its and other pages' refs show: its file (`sourceHash`), or its title for a generated page.
    private static func ownRefInput(of page: Page, sourceHash: Int?) -> Int {
        var hasher = Hasher()
        hasher.combine(page.outputPath)
        hasher.combine(page.kind)
        if let sourceHash { hasher.combine(sourceHash) } else { hasher.combine(page.title) }
        return hasher.finalize()
    }

    /// Page `position`'s ref inputs, from each page's own part (`own`, by position).
    private static func refInput(of position: Int, pages: [Page], graph: SiteGraph, own: (Int) -> Int) -> Int {
        var hasher = Hasher()
        hasher.combine(own(position))
        // What the front-matter names is read from the page's record, without hashing a field's
        // name or the position: only a series' areas, gathered from its parts', are not in it.
        let page = pages[position]
        let record = graph.relations(of: position)
        for area in page.kind == .series ? graph.areas[position] ?? [] : record.areas { hasher.combine(own(area)) }
        // A part shows its series' title; a series its parts' times.
        if page.kind == .tutorial, let name = record.series {
            hasher.combine(graph.seriesPages[name].map { own($0) })
            hasher.combine(graph.series[name]?.count)
        }
        if page.kind == .series {
            for part in graph.series[page.id] ?? [] { hasher.combine(own(part)) }
        }
        hasher.combine(page.outline)
        return hasher.finalize()
    }
}
