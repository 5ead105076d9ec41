import Foundation

/// Stage 7b: builds the dictionary each template is rendered with (see "Template context" in docs/theme.md).
///
/// Listing items ("refs") are built once per page and folder depth, on first use, and shared by
/// every page that lists them, since URLs are written relative to the site root from the viewer's depth.
struct PageContextBuilder: Sendable {
    private(set) var pages: [Page]
    private(set) var graph: SiteGraph
    let settings: SiteSettings
    let navigation: [NavigationItem]
    /// Absolute addresses, when the base URL is known.
    let address: SiteAddress
    /// JSON-LD for every page.
    private(set) var structuredData: StructuredData
    private let refTable: RefTable
    /// The filters' tokens of each resource category (`CategoryPath.tokens`), made once for the
    /// many cards in one category.
    private let categoryTokens: [String: String]
    /// The `site` records made so far (`SiteRecordTable`).
    private let siteRecords = SiteRecordTable()
    /// The resources' BibTeX entries made so far, for their Cite blocks and the catalogue's files.
    let citationEntries = CitationEntries()
    /// `site.sections` for each depth: the same on every page at that depth.
    private var sectionLinksByDepth: [TemplateValue] = []
    private(set) var order: PageOrder
    /// Where the home page, each section index and the tag index are, for breadcrumbs.
    private let homePosition: Int?
    let sectionPositions: [String: Int]
    private let tagsPosition: Int?
    /// The pages of each section folder.
    let sectionMembers: [String: [Int]]
    /// Each step's place on the starter-kit path.
    let stepPlaces: [Int: Int]
    /// Each page's identity, by position: what names its cards in the fragment cache. A preview
    /// keeps a page's identity while its address stays, so cards outlive pages added or deleted
    /// before it; a one-off build uses positions.
    let identities: [Int]

    /// Builds the shared parts of every context. `order` is stage 6's order of `pages` by title,
    /// sorted again when not given. A preview rebuild passes the last build's builder
    /// and, for each page, the position in it of the same page (the same identity) with the same ref
    /// (`reusable`, nil where the ref changed or the page is new), and those refs are taken from it;
    /// the last builder's refs are let go of.
    init(pages: [Page], graph: SiteGraph, settings: SiteSettings, navigation: [NavigationItem], order: PageOrder? = nil, identities: [Int]? = nil,
         reusing previous: PageContextBuilder? = nil, reusable: [Int?]? = nil) {
        self.pages = pages
        self.identities = identities ?? Array(pages.indices)
        self.graph = graph
        self.settings = settings
        self.navigation = navigation
        self.address = SiteAddress(baseURL: settings.baseURL)
        self.structuredData = StructuredData(pages: pages, graph: graph, settings: settings, address: address)
        // Over these very pages, which may hold less than stage 6's (their files' lines let go of).
        self.order = order?.extended(to: pages) ?? PageOrder(pages: pages)
        // What is found by reading every page, in one pass: each page read once, where a pass for
        // each of these read every page (out of the cache) again.
        var home: Int?, tags: Int?
        var sections: [String: Int] = [:]
        var tokens: [String: String] = [:]
        var maxDepth = 0
        var members = SectionMembers()
        for (position, page) in pages.enumerated() {
            members.add(page, at: position)
            switch page.kind {
            case .home: if home == nil { home = position }
            case .tags: if tags == nil { tags = position }
            case .section where page.listingPart == nil: sections[page.id] = position
            case .resource:
                if let category = page.frontMatter.text("category"), tokens[category] == nil { tokens[category] = CategoryPath.tokens(of: category) }
            default: break
            }
            maxDepth = max(maxDepth, Self.depth(of: page.outputDirectory))
        }
        (homePosition, tagsPosition, sectionPositions, categoryTokens) = (home, tags, sections, tokens)
        sectionMembers = members.byFolder
        stepPlaces = Dictionary(uniqueKeysWithValues: graph.steps.enumerated().map { ($0.element, $0.offset) })
        let slots = (self.identities.max() ?? -1) + 1
        refTable = RefTable(depths: maxDepth + 1, identities: slots)
        sectionLinksByDepth = (0...maxDepth).map { sectionLinks(root: String(repeating: "../", count: $0)) }
        if let previous, let reusable, reusable.count == pages.count {
            var kept = [Bool](repeating: false, count: slots)
            for (position, last) in reusable.enumerated() where last != nil { kept[self.identities[position]] = true }
            refTable.take(from: previous.refTable, kept: kept)
        }
    }

    /// Lets go of every ref built so far (a one-off build, once its pages are rendered); a ref
    /// asked for later is made again.
    func forgetRefs() {
        refTable.removeAll()
    }

    /// Takes a new version of page `position` whose card (what other pages show of it) is unchanged:
    /// a body-only edit in the preview server.
    mutating func replace(_ page: Page, at position: Int) {
        pages[position] = page
        structuredData.pages[position] = page
    }

    /// Takes a new version of page `position` whose card alone changed (its title or summary: a
    /// card edit in the preview server), with the graph and the order made again for it; the refs
    /// of `stale` (the pages whose refs show what changed) are made again when next asked for.
    mutating func retitle(_ page: Page, at position: Int, graph: SiteGraph, order: PageOrder, stale: [Int]) {
        replace(page, at: position)
        self.graph = graph
        structuredData.graph = graph
        self.order = order
        refTable.forget(stale.map { identities[$0] })
    }

    /// How many folders deep `directory` is: its non-empty components, counted in its bytes
    /// (every page's depth is asked for whenever contexts are made).
    static func depth(of directory: String) -> Int {
        var count = 0
        var inComponent = false
        for byte in directory.utf8 {
            if byte == UInt8(ascii: "/") {
                inComponent = false
            } else if !inComponent {
                inComponent = true
                count += 1
            }
        }
        return count
    }

    /// The template that renders `page`.
    static func templateName(for page: Page) -> String {
        if page.listingPart == .categories { return "resource-categories" }
        return page.kind == .section ? page.id : page.kind.templateName
    }

    /// The refs of `positions`, with URLs for a page at `depth`.
    func refs(_ positions: [Int], depth: Int) -> TemplateValue {
        .list(positions.map { ref($0, depth: depth) })
    }

    /// The ref of one page, with URLs for a page at `depth`; made the first time it is asked for.
    func ref(_ position: Int, depth: Int) -> TemplateValue {
        DependencyRecorder.note(position)
        if let known = refTable.ref(identities[position], depth: depth) { return known }
        // Made here rather than in a closure given to the table, which took a copy of the whole builder.
        let made = Self.makeRef(position, identity: identities[position], pages: pages, graph: graph, categoryTokens: categoryTokens,
                                root: String(repeating: "../", count: depth))
        refTable.keep(made, for: identities[position], depth: depth)
        return made
    }

    /// The full context for rendering page `position`, whose rendered body is `body`.
    func context(for position: Int, body: String) -> TemplateRecord {
        let page = pages[position]
        let depth = Self.depth(of: page.outputDirectory)
        return context(for: position, body: body, root: String(repeating: "../", count: depth), depth: depth)
    }

    /// The context of the page servers show for a missing address, at any depth: the home page's,
    /// retitled. With the base URL known its links start from the site's path on the server
    /// (`/portal/…`), which works at any depth on any host the site is copied to; without it they
    /// are written from the site root, and `page.root_finder` (see `RootFinder`) repoints them.
    func notFoundContext() -> TemplateRecord {
        let root = address.rootPath ?? ""
        var frontMatter = FrontMatter()
        frontMatter.values["title"] = Located(value: .text("Page not found"), line: 0, column: 0)
        var page = Page(kind: .page, id: "404", sourcePath: nil, source: nil, outputDirectory: "", frontMatter: frontMatter)
        page.fileName = "404.html"
        let body = "<p>There is no page at this address. It may have moved when the portal was reorganised.</p>"
            + "<p>Start again from <a href=\"\(HTMLEscaping.escape(root))index.html\">the home page</a>, or use the search box.</p>"
        var pageRecord = pageContext(page, body: body, at: nil, depth: 0, root: root)
        if address.rootPath == nil, case .record(var record) = pageRecord {
            record["root_finder"] = RootFinder.templateValue
            pageRecord = .record(record)
        }
        return ["root": .text(root), "site": siteContext(for: page, root: root, depth: nil), "page": pageRecord]
    }

    /// The context of the search results page (`search/index.html`): a page of its own, outside the
    /// list of pages, so it is in no listing, feed, sitemap or catalog; its results are filled in
    /// by the search script.
    /// The results area of a theme without `search.mustache`: what the search script fills in.
    static let plainSearchBody = "<div data-search-page><p data-search-nojs>Search needs JavaScript.</p>"
        + "<form role=\"search\" aria-label=\"Search the portal\" data-search-form hidden><label for=\"search-page-input\">Search for</label> "
        + "<input id=\"search-page-input\" type=\"search\" name=\"q\"> <button type=\"submit\">Search</button></form>"
        + "<nav aria-label=\"Kinds of page\" data-search-kinds hidden></nav><p role=\"status\" data-search-status></p>"
        + "<ol data-search-results></ol><nav aria-label=\"Result pages\" data-search-pager hidden></nav></div>"

    func searchContext(body: String) -> TemplateRecord {
        let root = "../"
        var frontMatter = FrontMatter()
        frontMatter.values["title"] = Located(value: .text("Search"), line: 0, column: 0)
        let page = Page(kind: .page, id: "search", sourcePath: nil, source: nil, outputDirectory: "search", frontMatter: frontMatter)
        return ["root": .text(root), "site": siteContext(for: page, root: root, depth: 1), "page": pageContext(page, body: body, at: nil, depth: 1, root: root)]
    }

    private func context(for position: Int, body: String, root: String, depth: Int) -> TemplateRecord {
        let page = pages[position]
        var context: TemplateRecord = ["root": .text(root), "site": siteContext(for: page, root: root, depth: depth),
                                       "page": pageContext(page, body: body, at: position, depth: depth, root: root)]
        switch page.kind {
        case .home: context["home"] = homeContext(depth: depth)
        case .breakout: context["breakout"] = breakoutContext(position, depth: depth)
        case .tutorial: context["tutorial"] = tutorialContext(position, depth: depth)
        case .series: context["series"] = seriesContext(position, depth: depth)
        case .step: context["step"] = stepContext(position, depth: depth)
        case .resource: context["resource"] = resourceContext(position, depth: depth)
        case .section: context["section"] = sectionContext(position, intro: body, depth: depth)
        case .tags: context["tags"] = .list(graph.tags.keys.sorted().map { tag in
            .record(["name": .text(tag), "url": .text("\(root)tags/\(tag)/index.html"), "count": .number(graph.tags[tag]?.count ?? 0)])
        })
        case .tag: context["tag"] = tagContext(position, depth: depth)
        case .page: break
        }
        return context
    }

    /// The `site` record; `depth` is nil where `root` is not the way up from the page's folder (the 404 page).
    private func siteContext(for page: Page, root: String, depth: Int?) -> TemplateValue {
        let section = page.outputDirectory.split(separator: "/").first.map(String.init) ?? ""
        // Every page of a section at one depth shows the same record, but for the menu item that is the page itself.
        guard let depth else { return .record(siteRecord(for: page, section: section, root: root, sections: sectionLinks(root: root))) }
        let name = SiteRecordTable.Name(depth: depth, section: section, isHome: page.kind == .home,
                                        menuItem: navigation.firstIndex { $0.outputPath == page.outputPath } ?? -1)
        if let known = siteRecords.record(name) { return known }
        return siteRecords.keep(siteRecord(for: page, section: section, root: root, sections: sectionLinksByDepth[depth]), for: name)
    }

    private func siteRecord(for page: Page, section: String, root: String, sections: TemplateValue) -> TemplateRecord {
        var site: TemplateRecord = [
            "title": .text(settings.title), "description": .text(settings.description), "language": .text(settings.language),
            "nav": .list(navigation.map { item in
                .record([
                    "title": .text(item.title), "url": .text(root + item.outputPath),
                    "current": .flag(item.section == section && !(section.isEmpty && page.kind != .home)),
                    "current_page": .flag(item.outputPath == page.outputPath),
                ])
            }),
            "sections": sections,
            "feed_url": .text(root + "feed.xml"),
            // The video players pages may show, for the Content-Security-Policy's `frame-src`.
            "frame_origins": .list(settings.frameOrigins.map { .text($0) }),
        ]
        site.set("footer", settings.footer)
        site.set("repository_url", settings.repository?.url)
        if let contact = settings.contact { site["contact"] = .record(["url": .text(contact.url), "label": .text(contact.label)]) }
        site["channels"] = .list(settings.channels.map { .record(["title": .text($0.title), "url": .text($0.url)]) })
        site.set("base_url", settings.baseURL)
        if settings.citation != nil {
            site["citation"] = .record(["cff_url": .text(root + SiteCitationFiles.cffPath), "bib_url": .text(root + SiteCitationFiles.bibTeXPath)])
        }
        return site
    }

    /// The `page` record; `position` is nil for a page outside the site's pages (the 404 page), which has no relations.
    private func pageContext(_ page: Page, body: String, at position: Int?, depth: Int, root: String) -> TemplateValue {
        let matter = page.frontMatter
        var context: TemplateRecord = [
            "title": .text(page.title), "id": .text(page.id), "kind": .text(page.kind.rawValue), "kind_label": .text(page.kind.label),
            "url": .text(page.fileName), "content": .text(body), "draft": .flag(page.isDraft), "is_home": .flag(page.kind == .home),
            "toc": .list(page.headings.filter { $0.level == 2 || $0.level == 3 }.map { heading in
                var entry: TemplateRecord = ["level": .number(heading.level), "id": .text(heading.id), "title": .text(heading.text)]
                // A heading with formulas: its text with the formulas as MathML, written unescaped.
                if let html = heading.html { entry["title_html"] = .text(html) }
                return .record(entry)
            }),
            "tags": .list(matter.list("tags").map { Self.tagLink($0.value, root: root) }),
            "backlinks": refs(position.flatMap { graph.backlinks[$0] } ?? [], depth: depth),
            "linked_from": .list((position.flatMap { graph.linkedFrom[$0] }?.groups ?? []).map { group in
                .record(["id": .text(group.relation.rawValue), "label": .text(group.relation.label), "count": .number(group.pages.count),
                         "items": refs(group.pages, depth: depth)])
            }),
            "breadcrumbs": .list(breadcrumbs(for: page, listing: position.flatMap { graph.listingOwners[$0] }, root: root)),
        ]
        context.set("title_html", page.titleHTML)
        context.set("summary", page.summary)
        context.set("source", page.sourceFile)
        if let repository = settings.repository, let source = page.sourceFile {
            context["edit_url"] = .text(repository.editURL(of: source))
            context["source_url"] = .text(repository.sourceURL(of: source))
        }
        if let position {
            // A listing's Markdown twin is one complete list, beside its first page; the category page has its own.
            let owner = page.listingPart == .categories ? nil : graph.listingOwners[position].map { pages[$0] }
            context["markdown_url"] = .text(owner.map { SitePath.relativeURL(from: page.outputDirectory, to: MarkdownTwins.path(of: $0)) } ?? "index.md")
            context.set("canonical_url", address.absolute(page.outputPath))
            if let pagination = paginationContext(position, root: root) { context["pagination"] = pagination }
        }
        if let notebook = page.notebook, let source = page.sourcePath {
            var record: TemplateRecord = ["download": .text(notebook.fileName)]
            record.set("language", notebook.language.isEmpty ? nil : Labels.language(notebook.language))
            record["launch"] = .list((settings.notebookLaunch?.links(forSourcePath: source) ?? []).map { .record(["label": .text($0.label), "url": .text($0.url)]) })
            context["notebook"] = .record(record)
        }
        context["og_type"] = .text(StructuredData.openGraphType(of: page))
        context["jsonld"] = .text(structuredData.jsonLD(for: page, at: position).text)
        for field in ["date", "updated"] {
            if let text = matter.text(field), let date = CalendarDate(text) {
                context[field] = .text(text)
                context["\(field)_display"] = .text(date.display)
            }
        }
        if let modified = page.gitModified, let date = CalendarDate(modified) {
            context["modified"] = .text(modified)
            context["modified_display"] = .text(date.display)
        }
        return .record(context)
    }

    private func sectionLinks(root: String) -> TemplateValue {
        var links: TemplateRecord = [:]
        for (folder, position) in sectionPositions {
            links[TextSearch.replacing("-", with: "_", in: folder)] = .record([
                "title": .text(pages[position].title), "url": .text(root + pages[position].outputPath),
                "count": .number(sectionMembers[folder]?.count ?? 0),
            ])
        }
        if let tagsPosition {
            links["tags"] = .record(["title": .text(pages[tagsPosition].title), "url": .text(root + pages[tagsPosition].outputPath), "count": .number(graph.tags.count)])
        }
        return .record(links)
    }

    /// The way from the home page to `page`; `listing` is the first page of the listing whose later page it is.
    private func breadcrumbs(for page: Page, listing: Int?, root: String) -> [TemplateValue] {
        guard page.kind != .home else { return [] }
        var crumbs: [TemplateValue] = []
        func add(_ position: Int?) {
            guard let position else { return }
            crumbs.append(.record(["title": .text(pages[position].title), "url": .text(root + pages[position].outputPath)]))
        }
        add(homePosition)
        switch page.kind {
        case .breakout, .tutorial, .series, .step, .resource:
            add(page.kind.folder.flatMap { sectionPositions[$0] })
            // A series' part sits under its series.
            if page.kind == .tutorial, let name = page.frontMatter.text("series"), let series = graph.seriesPages[name] { add(series) }
        case .tag: add(tagsPosition)
        default: break
        }
        // A listing's later pages sit under its first.
        add(listing)
        return crumbs
    }
}
