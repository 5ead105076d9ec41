import Foundation
/// The clean Markdown twin of each page (`NAME/index.md`), and `llms.txt` / `llms-full.txt` made of them.
struct MarkdownTwins {
    let pages: [Page]
    let graph: SiteGraph
    let settings: SiteSettings
    let address: SiteAddress
    let order: PageOrder
    /// The pages of each section folder.
    let sectionMembers: [String: [Int]]

    /// Twins of the pages `contexts` renders, sharing its order and section lists.
    init(contexts: PageContextBuilder) {
        pages = contexts.pages.describedPages
        graph = contexts.graph
        settings = contexts.settings
        address = contexts.address
        order = contexts.order
        sectionMembers = contexts.sectionMembers
    }

    /// The twin's path beside the page's HTML.
    static func path(of page: Page) -> String {
        page.outputDirectory.isEmpty ? "index.md" : "\(page.outputDirectory)/index.md"
    }

    /// The twin of page `position`: a small header, then `body` (the Markdown stage's twin body) with links to other twins.
    func twin(of position: Int, body: String) -> String {
        var made: KeptLines?
        return twin(of: position, body: body, kept: [:], made: &made)
    }

    /// The twin of page `position`, its listing's lines taken from `kept` where it has them, and
    /// every line recorded in `made` unless it is nil (see `KeptLines`).
    func twin(of position: Int, body: String, kept: KeptLines, made: inout KeptLines?) -> String {
        let page = pages[position]
        let matter = page.frontMatter
        // The header lines go straight into the text; each value is already written as YAML.
        var text = "---\n"
        text.reserveCapacity(body.utf8.count + 512)
        func add(_ key: String, _ value: String) {
            text += key
            text += ": "
            text += value
            text += "\n"
        }
        add("title", Self.yamlScalar(page.title))
        add("kind", Self.yamlScalar(page.kind.label))
        if let summary = page.summary { add("summary", Self.yamlScalar(summary)) }
        add("url", Self.yamlScalar(address.absolute(page.outputPath) ?? "index.html"))
        for field in ["date", "updated", "level", "type", "url"] + IdentifierScheme.allCases.map(\.field) {
            if let value = field == "url" ? (page.kind == .resource ? matter.text("url") : nil) : matter.text(field) {
                add(field == "url" ? "link" : field, Self.yamlScalar(value))
            }
        }
        // What an agent or a piece of software is and how to get it, for an assistant reading the twin.
        // `kind` is the page's kind here, so an agent's kind is `agent_kind`.
        if let kind = matter.text("kind") { add("agent_kind", Self.yamlScalar(kind)) }
        for field in ["install", "license", "repository", "maintainer"] {
            if let value = matter.text(field) { add(field, Self.yamlScalar(value)) }
        }
        for field in ["transport", "validated_with"] {
            let items = matter.list(field).map(\.value)
            if !items.isEmpty { add(field, Self.yamlList(items)) }
        }
        // In block style: a plain description may hold commas, which a flow mapping would split on.
        let tools = matter.tools("tools")
        if !tools.isEmpty {
            text += "tools:\n"
            for tool in tools { text += "  - name: \(Self.yamlScalar(tool.name))\n    description: \(Self.yamlScalar(tool.description))\n" }
        }
        if let minutes = matter.tutorialMinutes { add("duration", Self.yamlScalar(Duration.display(minutes: minutes))) }
        for field in ["teaching", "exercises"] {
            if let minutes = matter.minutes(field) { add(field, Self.yamlScalar(Duration.display(minutes: minutes))) }
        }
        // The outline as its author wrote it, Markdown and all: the twin is Markdown.
        for field in LessonOutline.fields {
            let items = matter.list(field).map(\.value)
            if !items.isEmpty { add(field, Self.yamlList(items)) }
        }
        let tags = matter.list("tags").map(\.value)
        if !tags.isEmpty { add("tags", Self.yamlList(tags)) }
        let areas = (graph.areas[position] ?? []).map { pages[$0].id }
        if !areas.isEmpty { add("areas", Self.yamlList(areas)) }
        text += "---\n\n# \(MarkdownEscaping.inline(page.title))\n\n"
        text += Self.trimmed(body)
        let listing = listingLines(for: position, kept: kept, made: &made)
        if !listing.isEmpty {
            if !body.isEmpty { text += "\n\n" }
            text += listing.joined(separator: "\n")
        }
        text += "\n"
        return text
    }

    /// For index pages, the pages they list (before they are put in order).
    func members(of position: Int) -> [Int] {
        let page = pages[position]
        if let tree = categoryTree(of: position) { return tree.nodes.flatMap(\.items) + tree.uncategorised }
        switch page.kind {
        case .section: return sectionMembers[page.id] ?? []
        case .tag: return graph.tags[page.id] ?? []
        case .breakout: return (graph.tutorialsByArea[position] ?? []) + (graph.stepsByArea[position] ?? []) + (graph.resourcesByArea[position] ?? [])
        case .series: return graph.series[page.id] ?? []
        default: return []
        }
    }

    /// For index pages, the pages they list, as Markdown links to their twins.
    private func listingLines(for position: Int, kept: KeptLines, made: inout KeptLines?) -> [String] {
        let page = pages[position]
        if let tree = categoryTree(of: position) { return categoryLines(tree, from: page.outputDirectory) }
        let members = members(of: position)
        guard !members.isEmpty else { return [] }
        // A series lists its parts in their order, numbered; other pages list theirs by title.
        let numbered = page.kind == .series
        var place = 0
        return (numbered ? members : order.byTitle(members)).map { member in
            place += 1
            return KeptLines.line(for: member, kept: kept, made: &made) { listItem(member, marker: numbered ? "\(place)." : "-", from: page.outputDirectory) }
        }
    }

    /// A listed page's line: its title linking to its twin (relative to `directory`), and its summary.
    func listItem(_ member: Int, marker: String, from directory: String) -> String {
        "\(marker) [\(MarkdownEscaping.inline(pages[member].title))](\(SitePath.relativeURL(from: directory, to: Self.path(of: pages[member]))))"
            + (pages[member].summary.map { ": \(MarkdownEscaping.inline($0))" } ?? "")
    }

    /// `llms.txt`: the H1, the summary as a blockquote, a section per kind, and an Optional section.
    func llmsText() -> String {
        var made: KeptLines?
        return llmsText(kept: [:], made: &made)
    }

    /// `llms.txt`, each page's entry taken from `kept` where it has one, and every entry recorded in
    /// `made` unless it is nil (see `KeptLines`).
    func llmsText(kept: KeptLines, made: inout KeptLines?) -> String {
        var text = "# \(MarkdownEscaping.inline(settings.title))\n\n> \(MarkdownEscaping.inline(settings.description))\n\n"
        text += "This portal is also published as plain Markdown: each page has a twin named `index.md` beside its HTML, "
        text += "`llms-full.txt` holds all of them, and `catalog.json` lists every page with its metadata and cross-references. "
        text += "An assistant can also reach them through the Model Context Protocol: `portal mcp` serves each page as the resource "
        text += "`portal://` and the folder of its address, with tools to search them, list them and follow their links (`site.mcp` in `catalog.json`).\n"
        let sections: [(String, ContentKind)] = [("Breakouts", .breakout), ("Tutorial series", .series), ("Tutorials", .tutorial), ("Starter kit", .step),
                                                 ("Resources", .resource)]
        // The pages of each kind in title order, from one pass over the title order (which also
        // holds the later pages of long listings, past `pages`, which have no twin).
        var byKind: [ContentKind: [Int]] = [:]
        var optional: [Int] = []
        for position in order.allByTitle where position < pages.count {
            let kind = pages[position].kind
            byKind[kind, default: []].append(position)
            if kind == .page || kind == .home || kind == .section { optional.append(position) }
        }
        for (title, kind) in sections {
            let members = kind == .step ? graph.steps : byKind[kind] ?? []
            guard !members.isEmpty else { continue }
            text += "\n## \(title)\n\n"
            for member in members { text += KeptLines.line(for: member, kept: kept, made: &made) { entry(member) } }
        }
        text += "\n## Optional\n\n"
        for member in optional { text += KeptLines.line(for: member, kept: kept, made: &made) { entry(member) } }
        text += "- [Catalog](\(link("catalog.json"))): every page with its front-matter and cross-references, as JSON\n"
        text += "- [Everything](\(link("llms-full.txt"))): all pages as one Markdown file\n"
        return text
    }

    private func entry(_ position: Int) -> String {
        let page = pages[position]
        return "- [\(MarkdownEscaping.inline(page.title))](\(link(Self.path(of: page))))" + (page.summary.map { ": \(MarkdownEscaping.inline($0))" } ?? "") + "\n"
    }

    /// A site file's address: absolute when the base URL is known, else relative to the root.
    private func link(_ path: String) -> String {
        address.base.map { $0 + path } ?? path
    }

    /// `llms-full.txt`: every twin, separated by rules.
    func llmsFullText(twins: [String]) -> String {
        // One buffer reserved up front: `joined` grows it many times, and going through bytes doubles the peak.
        var text = llmsFullHeader
        text.reserveCapacity(text.utf8.count + twins.reduce(0) { $0 + $1.utf8.count + 6 })
        for (index, twin) in twins.enumerated() {
            if index > 0 { text += Self.llmsFullSeparator }
            text += twin
        }
        return text
    }

    /// The start of `llms-full.txt`, before the first twin.
    var llmsFullHeader: String { "# \(MarkdownEscaping.inline(settings.title))\n\n> \(MarkdownEscaping.inline(settings.description))\n\n" }
    /// What stands between two twins in `llms-full.txt`.
    static let llmsFullSeparator = "\n---\n\n"

    /// `text` without leading and trailing spaces and newlines, found on the bytes.
    static func trimmed(_ text: String) -> Substring {
        let bytes = text.utf8
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        return text[first...last]
    }

    /// A YAML scalar, quoted when plain would be misread or would hold Markdown (see `MarkdownEscaping`).
    static func yamlScalar(_ value: String) -> String {
        MarkdownEscaping.yamlScalar(value)
    }

    /// A YAML flow list of ids (tags and areas, which are plain lower-case words).
    static func yamlList(_ values: [String]) -> String {
        "[" + values.map(MarkdownEscaping.yamlScalar).joined(separator: ", ") + "]"
    }
}
