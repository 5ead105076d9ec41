/// Stage 7b: builds the dictionary each template is rendered with (see "Template context" in the README).
///
/// Listing items ("refs") are built once per page and folder depth and shared by every page
/// that lists them, since URLs are written relative to the site root from the viewer's depth.
struct PageContextBuilder: @unchecked Sendable {
    let pages: [Page]
    let graph: SiteGraph
    let settings: SiteSettings
    let navigation: [NavigationItem]
    private let refsByDepth: [[[String: Any]]]
    let order: PageOrder
    /// Where the home page, each section index and the tag index are, for breadcrumbs.
    private let homePosition: Int?
    let sectionPositions: [String: Int]
    private let tagsPosition: Int?
    /// The pages of each section folder.
    let sectionMembers: [String: [Int]]
    /// Each step's place on the starter-kit path.
    let stepPlaces: [Int: Int]

    init(pages: [Page], graph: SiteGraph, settings: SiteSettings, navigation: [NavigationItem]) {
        self.pages = pages
        self.graph = graph
        self.settings = settings
        self.navigation = navigation
        self.order = PageOrder(pages: pages)
        homePosition = pages.firstIndex { $0.kind == .home }
        tagsPosition = pages.firstIndex { $0.kind == .tags }
        var sections: [String: Int] = [:]
        for (position, page) in pages.enumerated() where page.kind == .section { sections[page.id] = position }
        sectionPositions = sections
        var members: [String: [Int]] = [:]
        for (position, page) in pages.enumerated() {
            if let folder = page.kind.folder, page.kind != .page, page.kind != .home { members[folder, default: []].append(position) }
        }
        sectionMembers = members
        stepPlaces = Dictionary(uniqueKeysWithValues: graph.steps.enumerated().map { ($0.element, $0.offset) })
        let depths = Set(pages.map { Self.depth(of: $0.outputDirectory) })
        let maxDepth = depths.max() ?? 0
        var refsByDepth: [[[String: Any]]] = []
        for depth in 0...maxDepth {
            let root = String(repeating: "../", count: depth)
            refsByDepth.append(depths.contains(depth) ? pages.indices.map { Self.makeRef($0, pages: pages, graph: graph, root: root) } : [])
        }
        self.refsByDepth = refsByDepth
    }

    static func depth(of directory: String) -> Int {
        directory.isEmpty ? 0 : directory.split(separator: "/").count
    }

    /// The template that renders `page`.
    static func templateName(for page: Page) -> String {
        page.kind == .section ? page.id : page.kind.templateName
    }

    private static func makeRef(_ position: Int, pages: [Page], graph: SiteGraph, root: String) -> [String: Any] {
        let page = pages[position]
        let matter = page.frontMatter
        var ref: [String: Any] = [
            "id": page.id, "title": page.title, "url": root + page.outputPath,
            "kind": page.kind.rawValue, "kind_label": page.kind.label,
        ]
        ref["summary"] = page.summary
        if let level = matter.text("level") {
            ref["level"] = level
            ref["level_label"] = Labels.level(level)
        }
        if let minutes = matter.minutes("duration") { ref["duration"] = Duration.display(minutes: minutes) }
        if page.kind == .resource, let type = matter.text("type") {
            ref["type"] = type
            ref["type_label"] = Labels.resourceType(type)
            ref["external_url"] = matter.text("url")
        }
        if let number = matter.integer("number") { ref["number"] = number }
        if let step = matter.integer("step") { ref["step"] = step }
        if matter.text("series") != nil, let part = matter.integer("part") { ref["part"] = part }
        if let date = (matter.text("updated") ?? matter.text("date")).flatMap(CalendarDate.init) { ref["date_display"] = date.display }
        ref["areas"] = (graph.areas[position] ?? []).map { area -> [String: Any] in
            ["id": pages[area].id, "title": pages[area].frontMatter.text("short_title") ?? pages[area].title, "url": root + pages[area].outputPath]
        }
        ref["tags"] = matter.list("tags").map { tagLink($0.value, root: root) }
        return ref
    }

    private static func tagLink(_ tag: String, root: String) -> [String: Any] {
        ["name": tag, "url": "\(root)tags/\(tag)/index.html"]
    }

    func refs(_ positions: [Int], depth: Int) -> [[String: Any]] {
        positions.map { refsByDepth[depth][$0] }
    }

    /// The full context for rendering page `position`.
    func context(for position: Int) -> [String: Any] {
        let page = pages[position]
        let depth = Self.depth(of: page.outputDirectory)
        let root = String(repeating: "../", count: depth)
        var context: [String: Any] = ["root": root, "site": siteContext(for: page, root: root), "page": pageContext(position, depth: depth, root: root)]
        switch page.kind {
        case .home: context["home"] = homeContext(depth: depth)
        case .breakout: context["breakout"] = breakoutContext(position, depth: depth)
        case .tutorial: context["tutorial"] = tutorialContext(position, depth: depth)
        case .step: context["step"] = stepContext(position, depth: depth)
        case .resource: context["resource"] = resourceContext(position, depth: depth)
        case .section: context["section"] = sectionContext(position, depth: depth)
        case .tags: context["tags"] = graph.tags.keys.sorted().map { tag -> [String: Any] in
            ["name": tag, "url": "\(root)tags/\(tag)/index.html", "count": graph.tags[tag]?.count ?? 0]
        }
        case .tag: context["tag"] = ["name": page.id, "items": refs(graph.tags[page.id] ?? [], depth: depth)] as [String: Any]
        case .page: break
        }
        return context
    }

    private func siteContext(for page: Page, root: String) -> [String: Any] {
        let section = page.outputDirectory.split(separator: "/").first.map(String.init) ?? ""
        var site: [String: Any] = [
            "title": settings.title, "description": settings.description, "language": settings.language,
            "nav": navigation.map { item -> [String: Any] in
                [
                    "title": item.title, "url": root + item.outputPath,
                    "current": item.section == section && !(section.isEmpty && page.kind != .home),
                    "current_page": item.outputPath == page.outputPath,
                ]
            },
            "sections": sectionLinks(root: root),
        ]
        site["footer"] = settings.footer
        site["base_url"] = settings.baseURL
        return site
    }

    private func pageContext(_ position: Int, depth: Int, root: String) -> [String: Any] {
        let page = pages[position]
        let matter = page.frontMatter
        var context: [String: Any] = [
            "title": page.title, "id": page.id, "kind": page.kind.rawValue, "kind_label": page.kind.label,
            "url": "index.html", "content": page.html, "draft": page.isDraft, "is_home": page.kind == .home,
            "toc": page.headings.filter { $0.level == 2 || $0.level == 3 }.map { ["level": $0.level, "id": $0.id, "title": $0.text] as [String: Any] },
            "tags": matter.list("tags").map { Self.tagLink($0.value, root: root) },
            "backlinks": refs(graph.backlinks[position] ?? [], depth: depth),
            "breadcrumbs": breadcrumbs(for: page, root: root),
        ]
        context["summary"] = page.summary
        context["source"] = page.sourcePath
        for field in ["date", "updated"] {
            if let text = matter.text(field), let date = CalendarDate(text) {
                context[field] = text
                context["\(field)_display"] = date.display
            }
        }
        return context
    }

    private func sectionLinks(root: String) -> [String: Any] {
        var links: [String: Any] = [:]
        for (folder, position) in sectionPositions {
            links[folder.replacingOccurrences(of: "-", with: "_")] = [
                "title": pages[position].title, "url": root + pages[position].outputPath,
                "count": sectionMembers[folder]?.count ?? 0,
            ] as [String: Any]
        }
        if let tagsPosition {
            links["tags"] = ["title": pages[tagsPosition].title, "url": root + pages[tagsPosition].outputPath, "count": graph.tags.count] as [String: Any]
        }
        return links
    }

    private func breadcrumbs(for page: Page, root: String) -> [[String: Any]] {
        guard page.kind != .home else { return [] }
        var crumbs: [[String: Any]] = []
        func add(_ position: Int?) {
            guard let position else { return }
            crumbs.append(["title": pages[position].title, "url": root + pages[position].outputPath])
        }
        add(homePosition)
        switch page.kind {
        case .breakout, .tutorial, .step, .resource: add(page.kind.folder.flatMap { sectionPositions[$0] })
        case .tag: add(tagsPosition)
        default: break
        }
        return crumbs
    }
}
