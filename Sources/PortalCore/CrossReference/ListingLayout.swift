/// What part of a paginated listing a generated page is.
enum ListingPart: Sendable, Hashable {
    /// Page `number` (2 or more) of the listing, at `LISTING/page/NUMBER/index.html`.
    case page(Int)
    /// Part `number` (from 1) of the listing's data script, `LISTING/listing.js` then
    /// `LISTING/listing-NUMBER.js`: the cards with their facets, which the filters load to filter
    /// the whole listing rather than the page in view.
    case data(Int)
    /// The resources by category (`resources/categories/index.html`): every resource under its
    /// category's heading, in the tree's order (see `CategoryTree`).
    case categories

    /// Whether this is a part of the data script.
    var isData: Bool {
        if case .data = self { return true }
        return false
    }
}

/// One listing that grows with the site (the tutorials and resources indexes, each tag's page, the
/// tutorials, steps and resources gathered on each breakout's page):
/// its items in the order shown, its groups, and how it is split into pages of `pageSize` items.
///
/// Page 1 is the listing's own page; pages 2 and on are generated pages of the same kind and id
/// (`Page.listingPart`), appended after every other page so that no other position moves.
struct ListingLayout: Sendable, Hashable {
    /// A titled run of the listing (a level, a resource type, a kind of page).
    struct Group: Sendable, Hashable {
        let id: String
        let label: String
        let items: [Int]
    }

    /// The listing's own page: the section index or the tag page.
    let owner: Int
    /// Its groups in the order shown; empty for a listing shown as one run of items.
    let groups: [Group]
    /// Every item in the order shown: the groups' items one group after another.
    let items: [Int]
    let pageSize: Int
    /// The positions of its pages, first to last: `owner`, then the generated pages.
    private(set) var pages: [Int]
    /// The positions of its data script's parts, when it has one (a section index split into pages).
    private(set) var data: [Int] = []
    /// The resources' categories, for the resources index; nil for any other listing.
    let categories: CategoryTree?
    /// The position of the category page, when the resources have categories.
    private(set) var categoryPage: Int?

    /// How many cards a part of the data script holds: a card edit writes its part again, not
    /// every card of the listing.
    static let dataPartSize = 500

    init(owner: Int, groups: [Group], items: [Int], pageSize: Int, categories: CategoryTree? = nil) {
        self.owner = owner
        self.categories = categories
        self.groups = groups
        self.items = groups.isEmpty ? items : groups.flatMap(\.items)
        self.pageSize = pageSize
        self.pages = [owner]
    }

    /// How many pages the listing takes (one when it is empty).
    var pageCount: Int { max(1, (items.count + pageSize - 1) / pageSize) }

    /// How many parts the data script of the listing has.
    var dataPartCount: Int { (items.count + Self.dataPartSize - 1) / Self.dataPartSize }

    /// The places in `items` that part `number` (from 1) of the data script holds.
    func range(ofDataPart number: Int) -> Range<Int> {
        let start = min(items.count, (number - 1) * Self.dataPartSize)
        return start..<min(items.count, start + Self.dataPartSize)
    }

    /// The groups with their items in part `number` of the data script, in order; a group the
    /// part does not reach is left out.
    func groups(ofDataPart number: Int) -> [Group] {
        let held = range(ofDataPart: number)
        let whole = groups.isEmpty ? [Group(id: "", label: "", items: items)] : groups
        var start = 0
        var parts: [Group] = []
        for group in whole {
            let span = start..<(start + group.items.count)
            let overlap = span.clamped(to: held)
            if !overlap.isEmpty { parts.append(Group(id: group.id, label: group.label, items: Array(items[overlap]))) }
            start = span.upperBound
        }
        return parts
    }

    /// The places in `items` that page `number` (from 1) shows.
    func range(ofPage number: Int) -> Range<Int> {
        let start = min(items.count, (number - 1) * pageSize)
        return start..<min(items.count, start + pageSize)
    }

    /// The page (from 1) that shows the item at place `place` of `items`.
    func page(ofPlace place: Int) -> Int {
        place / pageSize + 1
    }

    /// What page `number` shows: its items, and each group it holds a part of, with where the
    /// group starts (its first page) and whether it began on an earlier page.
    func contents(ofPage number: Int) -> (items: [Int], groups: [(group: Group, items: [Int], firstPage: Int, continued: Bool)]) {
        let shown = range(ofPage: number)
        var groups: [(group: Group, items: [Int], firstPage: Int, continued: Bool)] = []
        var start = 0
        for group in self.groups {
            let span = start..<(start + group.items.count)
            let overlap = span.clamped(to: shown)
            if !overlap.isEmpty {
                groups.append((group, Array(items[overlap]), page(ofPlace: start), span.lowerBound < shown.lowerBound))
            }
            start = span.upperBound
        }
        return (Array(items[shown]), groups)
    }
}

extension ListingLayout {
    /// The section indexes split into pages when long. Not the breakouts (at most 99 areas) nor the
    /// starter kit (one path a newcomer follows step by step, its progress shown on one page).
    static let paginatedSections: Set<String> = ["tutorials", "resources"]

    /// The kinds of page whose listing may grow with the site (`layout(of:)`); the pages after the
    /// first of a listing share its kind.
    static let ownerKinds: [ContentKind] = [.section, .breakout, .tag]

    /// The groups of a tag's page, in the order they are shown; every kind a tag can be on is in one.
    static let tagGroups: [(id: String, label: String, kinds: Set<ContentKind>)] = [
        ("tutorials", "Tutorials", [.tutorial, .series]),
        ("resources", "Resources", [.resource]),
        ("breakouts", "Breakouts", [.breakout]),
        ("starter-kit", "Starter kit", [.step]),
        ("pages", "Pages", [.page, .home, .section, .tags, .tag]),
    ]

    /// The place in `tagGroups` of the group of each kind, by the kind's place in
    /// `ContentKind.all`: looked up for every tagged page, where a set of kinds hashes the kind.
    private static let tagGroupOfKind: [Int?] = ContentKind.all.map { kind in tagGroups.firstIndex { $0.kinds.contains(kind) } }

    /// The layout of every listing that grows with the site, by its owner's position, with the
    /// pages after the first (and a data script for a section index) appended to `pages` and
    /// their owners noted in `graph.listingOwners`; `order` is the title order of `pages`.
    static func paginate(pages: inout [Page], graph: inout SiteGraph, pageSize: Int, order: PageOrder, index: SiteIndex) {
        let members = pages.sectionMembers
        // The listings are laid out on all cores (a long section sorts and groups thousands of
        // pages), found through the index rather than by reading every page's kind, and kept in
        // page order, the order their later pages are appended in.
        let owners = ownerKinds.flatMap(index.positions(of:)).sorted()
        let (shown, sorted) = (pages, graph)
        var layouts = ParallelMap.map(owners) { layout(of: $0, pages: shown, graph: sorted, order: order, members: members, pageSize: pageSize) }.compactMap { $0 }
        // The category page comes first of the generated pages: unlike the others it has reader
        // files of its own (a twin, a search document), made for the run of pages up to the first
        // later page or data script (`describedPages`).
        for place in layouts.indices {
            guard let categories = layouts[place].categories, !categories.isEmpty else { continue }
            layouts[place].categoryPage = pages.count
            graph.listingOwners[pages.count] = layouts[place].owner
            var page = part(.categories, of: pages[layouts[place].owner])
            page.headings = categories.headings
            pages.append(page)
        }
        for var layout in layouts {
            let owner = pages[layout.owner]
            if layout.pageCount > 1 {
                for number in 2...layout.pageCount {
                    layout.pages.append(pages.count)
                    graph.listingOwners[pages.count] = layout.owner
                    pages.append(part(.page(number), of: owner))
                }
                if owner.kind == .section {
                    for number in 1...layout.dataPartCount {
                        layout.data.append(pages.count)
                        graph.listingOwners[pages.count] = layout.owner
                        pages.append(part(.data(number), of: owner))
                    }
                }
            }
            graph.listings[layout.owner] = layout
        }
    }

    /// The listing page `position` shows, when it is one that grows with the site (a section index
    /// split into pages, a breakout, a tag page), with no pages but its own yet; `members` are the
    /// pages of each section folder.
    static func layout(of position: Int, pages: [Page], graph: SiteGraph, order: PageOrder, members: [String: [Int]], pageSize: Int) -> ListingLayout? {
        let page = pages[position]
        switch page.kind {
        case .section where paginatedSections.contains(page.id):
            return sectionLayout(position, id: page.id, members: members[page.id] ?? [], pages: pages, graph: graph, order: order, pageSize: pageSize)
        case .breakout:
            // A breakout's page gathers every tutorial, step and resource naming its area.
            let groups = [("tutorials", "Tutorials", graph.tutorialsByArea[position]), ("steps", "Starter-kit steps", graph.stepsByArea[position]),
                          ("resources", "Resources", graph.resourcesByArea[position])].compactMap { id, label, items -> Group? in
                guard let items, !items.isEmpty else { return nil }
                return Group(id: id, label: label, items: items)
            }
            return ListingLayout(owner: position, groups: groups, items: [], pageSize: pageSize)
        case .tag:
            let tagged = graph.tags[page.id] ?? []
            // One pass over the tagged pages, each put in its kind's group.
            var members = [[Int]](repeating: [], count: tagGroups.count)
            for item in tagged {
                if let group = tagGroupOfKind[pages[item].kind.place] { members[group].append(item) }
            }
            let groups = tagGroups.indices.compactMap { group -> Group? in
                members[group].isEmpty ? nil : Group(id: tagGroups[group].id, label: tagGroups[group].label, items: members[group])
            }
            return ListingLayout(owner: position, groups: groups, items: tagged, pageSize: pageSize)
        default:
            return nil
        }
    }

    /// This layout with the pages and data script of `previous`, a layout of the same listing;
    /// nil when the number of items differs.
    func keepingPages(of previous: ListingLayout) -> ListingLayout? {
        guard previous.owner == owner, previous.items.count == items.count, previous.pageCount == pageCount else { return nil }
        var layout = self
        layout.pages = previous.pages
        layout.data = previous.data
        layout.categoryPage = previous.categoryPage
        return layout
    }

    private static func sectionLayout(_ position: Int, id: String, members: [Int], pages: [Page], graph: SiteGraph, order: PageOrder, pageSize: Int) -> ListingLayout {
        var groups: [Group] = []
        func group(_ id: String, _ label: String, _ items: [Int]) {
            if !items.isEmpty { groups.append(Group(id: id, label: label, items: items)) }
        }
        switch id {
        case "tutorials":
            let series = order.byTitle(members.filter { pages[$0].kind == .series })
            let sorted = order.byTitleWithSeries(members.filter { pages[$0].kind == .tutorial }, seriesPages: graph.seriesPages)
            group("series", "Series", series)
            // Each item's field read once, not once for each group.
            let levels = sorted.map { pages[$0].frontMatter.text("level") }
            for level in FrontMatterSchema.levels {
                group(level, Labels.level(level), sorted.indices.compactMap { levels[$0] == level ? sorted[$0] : nil })
            }
            return ListingLayout(owner: position, groups: groups, items: series + sorted, pageSize: pageSize)
        default:
            let sorted = order.byTitle(members)
            let types = sorted.map { pages[$0].frontMatter.text("type") }
            for type in FrontMatterSchema.resourceTypes {
                group(type, Labels.resourceGroup(type), sorted.indices.compactMap { types[$0] == type ? sorted[$0] : nil })
            }
            let categories = CategoryTree(members: sorted.filter { pages[$0].kind == .resource }, pages: pages,
                                          listed: pages[position].frontMatter.list("categories").map(\.value))
            return ListingLayout(owner: position, groups: groups, items: sorted, pageSize: pageSize, categories: categories)
        }
    }

    /// A generated page of the listing whose own page is `owner`: same kind, id, title and summary.
    private static func part(_ part: ListingPart, of owner: Page) -> Page {
        var frontMatter = FrontMatter()
        frontMatter.values["title"] = Located(value: .text(owner.title), line: 0, column: 0)
        if let summary = owner.summary { frontMatter.values["summary"] = Located(value: .text(summary), line: 0, column: 0) }
        let directory: String
        var id = owner.id
        switch part {
        case .page(let number): directory = "\(owner.outputDirectory)/page/\(number)"
        case .data: directory = owner.outputDirectory
        case .categories:
            // Its own id and summary, so that the catalog, llms.txt and `portal mcp` tell it from the index.
            id = CategoryTree.folder
            directory = "\(owner.outputDirectory)/\(CategoryTree.folder)"
            frontMatter.values["title"] = Located(value: .text("\(owner.title) by category"), line: 0, column: 0)
            frontMatter.values["summary"] = Located(value: .text(CategoryTree.summary), line: 0, column: 0)
        }
        var page = Page(kind: owner.kind, id: id, sourcePath: nil, source: nil, outputDirectory: directory, frontMatter: frontMatter)
        page.listingPart = part
        if case .data(let number) = part { page.fileName = ListingData.fileName(part: number) }
        return page
    }
}

extension Array where Element == Page {
    /// The pages the files beside the site describe (twins, llms.txt, catalog, search, feed): all but
    /// the later pages and data scripts of long listings, which come last, so every position stays
    /// the same. The category page, generated first of them, is described as any other page.
    var describedPages: [Page] {
        Array(prefix { $0.listingPart == nil || $0.listingPart == .categories })
    }

    /// The positions of the pages each section folder's index lists, by folder: every page of a
    /// section's kind but plain pages, the home page and the later pages of long listings.
    var sectionMembers: [String: [Int]] {
        var members = SectionMembers()
        for (position, page) in enumerated() { members.add(page, at: position) }
        return members.byFolder
    }
}

/// The pages each section folder's index lists, gathered page by page (`Array.sectionMembers`),
/// for a pass that reads every page for other things too.
struct SectionMembers {
    /// The folders, and the slot of each kind's folder among them, by the kind's place in
    /// `ContentKind.all`: found once for each kind, not by the folder's name, hashed for every page.
    private static let folders: (names: [String], slotOfKind: [Int?]) = {
        var folders: [String] = []
        let slotOfKind = ContentKind.all.map { kind -> Int? in
            guard let folder = kind.folder, kind != .page, kind != .home else { return nil }
            if let slot = folders.firstIndex(of: folder) { return slot }
            folders.append(folder)
            return folders.count - 1
        }
        return (folders, slotOfKind)
    }()

    private var members = [[Int]](repeating: [], count: Self.folders.names.count)

    /// Adds page `page`, at `position`, if its section's index lists it.
    mutating func add(_ page: Page, at position: Int) {
        if page.listingPart == nil, let slot = Self.folders.slotOfKind[page.kind.place] { members[slot].append(position) }
    }

    /// The pages added, by folder; a folder without any is left out.
    var byFolder: [String: [Int]] {
        var byFolder: [String: [Int]] = [:]
        for (folder, positions) in zip(Self.folders.names, members) where !positions.isEmpty { byFolder[folder] = positions }
        return byFolder
    }
}
