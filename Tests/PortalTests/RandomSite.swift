import Foundation
import PortalTestSupport

/// The site the randomized rebuild test edits: a model of its pages, series, section introductions,
/// settings and theme, written out as files. An edit changes the model; `files()` is what the
/// project folder holds after it, so any edit touches exactly the files whose text it changes.
struct RandomSite {
    enum Kind: String, CaseIterable {
        case page = "pages", breakout = "breakouts", tutorial = "tutorials", step = "starter-kit", resource = "resources"
    }

    /// Where a page's file lives in its section folder.
    enum Layout: CaseIterable {
        /// `ID.md`
        case file
        /// `ID/index.md`, beside a data file its body links to
        case folder
    }

    /// A link in a body or the menu: to a page by id (or a section folder, `section:tutorials`).
    struct Link: Equatable {
        var target: String
        /// The content path the target had when the link was written: used once the id is gone.
        var writtenAs: String
        /// The heading of the target the link points into.
        var anchor: String?
    }

    struct Page {
        var kind: Kind
        var id: String
        var layout = Layout.file
        var title: String
        var summary: String
        var tags: [String] = []
        /// Breakout ids (tutorials, resources, steps).
        var areas: [String] = []
        /// A breakout's or a step's number.
        var number = 0
        var series: String?
        var part = 0
        var prerequisites: [String] = []
        /// A step's tutorials and resources.
        var listedTutorials: [String] = []
        var listedResources: [String] = []
        var draft = false
        var headings: [String] = []
        var links: [Link] = []
        /// The version of the body's first paragraph, and of a folder page's data file.
        var text = 0
        var data = 0
        var type = "software"
        var level = "beginner"
        /// Mistakes an edit made on purpose, for the rebuild to report like a fresh build.
        var invalidField = false
        var brokenLink = false

        /// The path under `content/`.
        var path: String {
            switch layout {
            case .file: return "\(kind.rawValue)/\(id).md"
            case .folder: return "\(kind.rawValue)/\(id)/index.md"
            }
        }
    }

    /// A series' `_series.md` or a section's `_index.md`.
    struct Intro {
        var title: String
        var summary: String
        var text = 0
    }

    var pages: [Page] = []
    var series: [String: Intro] = [:]
    var sections: [Kind: Intro] = [:]
    var siteTitle = 0
    var footer = false
    var nav: [Link] = []
    /// The theme as shipped, and the version each edited file carries (0: as shipped).
    let theme: [String: String]
    var themeEdits: [String: Int] = [:]
    var brokenTemplate: String?
    /// For names no page has had yet.
    var counter = 0

    static let tagWords = ["agents", "python", "gnn", "open-data", "hpc", "training", "llm", "benchmarks"]
    static let headingWords = ["Set up the tools", "Train the model", "Check the results", "Read more", "Common mistakes", "Run it on the grid"]
    static let titleWords = ["Jet tagging", "Anomaly detection", "Graph networks", "Fast simulation", "Agents for analysis", "Open data", "Tracking"]
    static let titleEndings = ["in practice", "for beginners", "at scale", "with Python", ""]

    func page(_ id: String) -> Page? { pages.first { $0.id == id } }
    func position(_ id: String) -> Int? { pages.firstIndex { $0.id == id } }
    func ids(_ kind: Kind) -> [String] { pages.filter { $0.kind == kind }.map(\.id) }

    /// The content path a link's target has now, or had when the link was written.
    func contentPath(of link: Link) -> String {
        if link.target.hasPrefix("section:") { return String(link.target.dropFirst("section:".count)) + "/" }
        return page(link.target)?.path ?? link.writtenAs
    }

    /// A heading's anchor, as GitHub writes it.
    static func slug(_ heading: String) -> String {
        heading.lowercased().replacingOccurrences(of: " ", with: "-")
    }

    /// The relative link from the file at `source` to the content path `target`.
    static func relative(from source: String, to target: String) -> String {
        let from = source.split(separator: "/").dropLast()
        let to = target.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count - (target.hasSuffix("/") ? 0 : 1), from[from.startIndex + common] == to[common] { common += 1 }
        let rest = to[common...].joined(separator: "/") + (target.hasSuffix("/") ? "/" : "")
        if rest.isEmpty || rest == "/" { return String(repeating: "../", count: from.count) + target }
        return String(repeating: "../", count: from.count - common) + rest
    }

    // MARK: Files

    /// Every file of the project (under `content/` and `templates/`), by path.
    func files() -> [String: String] {
        var files: [String: String] = ["content/site.yml": settingsFile()]
        for page in pages {
            files["content/" + page.path] = pageFile(page)
            if page.layout == .folder { files["content/\(page.kind.rawValue)/\(page.id)/data.txt"] = "data \(page.id) v\(page.data)\n" }
        }
        for (id, intro) in series { files["content/tutorials/\(id)/_series.md"] = introFile(intro, body: "## Setup\n\nInstall the tools (v\(intro.text)).\n") }
        for (kind, intro) in sections { files["content/\(kind.rawValue)/_index.md"] = introFile(intro, body: "How this list is chosen, v\(intro.text).\n") }
        for (name, text) in theme {
            var text = text
            if let version = themeEdits[name], version > 0 {
                text += name.hasSuffix(".css") ? "\n/* theme edit \(version) */\n" : "<!-- theme edit \(version) -->\n"
            }
            if brokenTemplate == name { text += "{{page.no_such_field}}" }
            files["templates/" + name] = text
        }
        return files
    }

    private func settingsFile() -> String {
        var text = "title: Test portal\(siteTitle == 0 ? "" : " \(siteTitle)")\ndescription: A site for tests.\nbase_url: https://portal.example.org/\nnav:\n"
        text += "  - title: Breakouts\n    link: breakouts/\n  - title: Tutorials\n    link: tutorials/\n"
        for link in nav { text += "  - title: Page \(link.target)\n    link: \(contentPath(of: link))\n" }
        if footer { text += "footer: Made by the test.\n" }
        return text
    }

    private func introFile(_ intro: Intro, body: String) -> String {
        "---\ntitle: \(intro.title)\nsummary: \(intro.summary)\n---\n\n\(body)"
    }

    private func list(_ values: [String]) -> String { "[\(values.joined(separator: ", "))]" }

    private func pageFile(_ page: Page) -> String {
        var yaml = "title: \(page.title)\nsummary: \(page.summary)\n"
        if !page.tags.isEmpty { yaml += "tags: \(list(page.tags))\n" }
        if page.draft { yaml += "draft: true\n" }
        switch page.kind {
        case .page:
            if page.invalidField { yaml += "colour: blue\n" }
        case .breakout:
            yaml += "number: \(page.invalidField ? "first" : String(page.number))\ntheme: The \(page.id) theme.\nneeds: [One need]\nactions: [One action]\n"
        case .tutorial:
            yaml += "level: \(page.invalidField ? "expert" : page.level)\nduration: 30 min\nareas: \(list(page.areas))\nauthors: [Test Author]\ndate: 2026-06-01\n"
            if !page.prerequisites.isEmpty { yaml += "prerequisites: \(list(page.prerequisites))\n" }
            if let series = page.series { yaml += "series: \(series)\npart: \(page.part)\n" }
        case .step:
            yaml += "step: \(page.invalidField ? "two" : String(page.number))\n"
            if !page.listedTutorials.isEmpty { yaml += "tutorials: \(list(page.listedTutorials))\n" }
            if !page.listedResources.isEmpty { yaml += "resources: \(list(page.listedResources))\n" }
            if !page.areas.isEmpty { yaml += "areas: \(list(page.areas))\n" }
        case .resource:
            yaml += "type: \(page.invalidField ? "podcast" : page.type)\nurl: https://example.org/\(page.id)\nareas: \(list(page.areas))\n"
            // An agent's kind and transports are on its card, for the filters: a retype must take them away.
            if page.type == "agent" { yaml += "kind: \(page.id.count % 2 == 0 ? "skill" : "mcp-server")\ntransport: [stdio]\n" }
            // Three resources in four have a category, so every site has the category page, which a
            // resource added, deleted or retitled changes, with its twin and search document.
            if let category = ["Classification", "Classification/Jet images", "Tools", nil][page.id.count % 4] { yaml += "category: \(category)\n" }
        }
        // The body does not repeat the title, so a new title alone is a change of the card (the preview's card path).
        var body = "About page \(page.id), version \(page.text).\n"
        var links = page.links.map { link -> String in
            let anchor = link.anchor.map { "#" + Self.slug($0) } ?? ""
            if link.target == page.id { return "[this page's part](\(anchor))" }
            // Two pages in three cite the resources they link to, so edits to a resource reach the pages citing it.
            if link.anchor == nil, page.id.count % 3 != 0, self.page(link.target)?.kind == .resource { return "[@\(link.target)]" }
            return "[a link](\(Self.relative(from: page.path, to: contentPath(of: link)))\(anchor))"
        }
        if page.layout == .folder { links.append("[the data](data.txt)") }
        if page.brokenLink { links.append("[a lost page](no-such-page.md)") }
        if !links.isEmpty { body += "\nSee " + links.joined(separator: ", ") + ".\n" }
        for heading in page.headings { body += "\n## \(heading)\n\nText under \(heading.lowercased()).\n" }
        return "---\n\(yaml)---\n\n\(body)"
    }
}

extension RandomSite {
    /// A valid site of every kind: a home page linking to the sections, three breakouts, three
    /// series, and about forty tutorials, steps, resources and plain pages drawn from `random`.
    init(theme: [String: String], using random: inout SeededGenerator) {
        self.theme = theme
        pages.append(Page(kind: .page, id: "index", title: "Home", summary: "The home of the test portal.", headings: ["Read more"],
                          links: [Link(target: "section:tutorials", writtenAs: "tutorials/", anchor: nil)]))
        for (number, id) in ["agentic-ai", "open-data", "workforce"].enumerated() {
            pages.append(Page(kind: .breakout, id: id, title: "Breakout \(id)", summary: "The \(id) breakout.", number: number + 1))
        }
        series = ["basics": Intro(title: "Agent basics", summary: "Tools and loops."), "graphs": Intro(title: "Graph networks", summary: "From hits to jets."),
                  "open-data-path": Intro(title: "Open data path", summary: "Find, read, publish.")]
        sections = [.tutorial: Intro(title: "Tutorials", summary: "Every tutorial."), .resource: Intro(title: "Resources", summary: "What we use."),
                    .step: Intro(title: "Starter kit", summary: "Where to begin.")]
        let kinds: [Kind] = Array(repeating: .tutorial, count: 16) + Array(repeating: .resource, count: 8) + Array(repeating: .step, count: 5)
            + Array(repeating: .page, count: 3)
        for kind in kinds { _ = add(kind, using: &random) }
        for id in ids(.tutorial).prefix(6) where position(id).map({ pages[$0].series == nil }) == true {
            _ = apply(.series, using: &random)
        }
        if let about = pages.first(where: { $0.kind == .page && $0.id != "index" }) { nav = [Link(target: about.id, writtenAs: about.path, anchor: nil)] }
        _ = repair()
    }
}
