import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

/// Records contexts from many rendering threads.
private final class ContextLog: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var problems: [String] = []
    private(set) var templates: Set<String> = []

    func record(_ template: String, _ context: TemplateValue) {
        let shape = TemplateContextSchema.shape(forTemplate: template) ?? .object([:])
        let found = shape.mismatches(in: context).map { "\(template): \($0)" }
        lock.lock()
        problems += found
        templates.insert(template)
        lock.unlock()
    }
}

@Suite("Template context")
struct TemplateContextTests {
    @Test("Every context the build renders with matches the documented shape of its template")
    func contextsMatchSchema() throws {
        let site = try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            ("content/breakouts/open-data.md", TestSite.breakout("open-data", number: 2).1.replacingOccurrences(of: "---\n\nAbout", with: "conveners:\n  - name: A. Person\n    affiliation: Somewhere\n---\n\nAbout")),
            TestSite.tutorial("one", extra: "tags: [llm]\nseries: s\npart: 1\nteaching: 20\nexercises: 10\nquestions: [Why?]\nobjectives: [Do `x`]\nkeypoints: [It works]",
                              body: "## Part\n\nSee [r](../resources/r.md).\n"),
            ("content/tutorials/s/_series.md", "---\ntitle: S\nsummary: A series.\nlevel: beginner\nauthors: [A]\n---\n\nSetup.\n"),
            TestSite.tutorial("two", extra: "prerequisites: [one]\nseries: s\npart: 2\nupdated: 2026-07-01"),
            TestSite.step("start", number: 1, extra: "tutorials: [one]\nresources: [r]\nareas: [agentic-ai]"),
            TestSite.step("next", number: 2),
            TestSite.resource("r", type: "paper", extra: "arxiv: 2602.17582\ndoi: 10.1000/xyz123\nauthors: [A]\ntags: [llm]\ncategory: Classification/Jet tagging"),
            ("content/pages/about.md", "---\ntitle: About\nsummary: Us.\n---\n\n## Who\n"),
            ("content/resources/_index.md", "---\ntitle: Resources\nsummary: All of them.\ncategories: [Classification, Classification/Jet tagging]\n---\n\nIntro.\n")
        ))
        defer { site.cleanUp() }
        let log = ContextLog()
        var builder = SiteBuilder(options: site.options())
        builder.contextObserver = { log.record($0, $1) }
        let report = builder.run()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(log.problems.isEmpty, "\(log.problems.joined(separator: "\n"))")
        #expect(log.templates == Set(TemplateContextSchema.templateNames))
    }

    @Test("Pages that share a site record mark the menu as each should: the item's own page, its section's pages, and none elsewhere")
    func menuOfSharedSiteRecords() throws {
        let settings = "title: T\ndescription: D\nnav:\n  - title: About\n    link: pages/about.md\n  - title: Resources\n    link: resources/\n"
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.resource("a"), TestSite.resource("b"),
                                      ("content/pages/about.md", "---\ntitle: About\nsummary: Us.\n---\n\nText.\n"),
                                      ("content/pages/more.md", "---\ntitle: More\nsummary: Also.\n---\n\nText.\n")),
                                theme: try shippedTheme(), settings: settings)
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        func menu(_ path: String) throws -> [String] {
            let html = try site.read(path)
            return ["About", "Resources"].map { title in
                let start = html.range(of: "<nav class=\"site-nav\"")?.upperBound ?? html.startIndex
                guard let item = html.range(of: ">\(title)</a></li>", range: start..<html.endIndex),
                      let open = html.range(of: "<li><a ", options: .backwards, range: start..<item.lowerBound) else { return "missing" }
                let tag = html[open.upperBound..<item.lowerBound]
                return tag.contains("aria-current=\"page\"") ? "page" : tag.contains("aria-current=\"true\"") ? "section" : "none"
            }
        }
        #expect(try menu("resources/index.html") == ["none", "page"])
        #expect(try menu("resources/a/index.html") == ["none", "section"])
        #expect(try menu("resources/b/index.html") == ["none", "section"])
        #expect(try menu("about/index.html") == ["page", "none"])
        #expect(try menu("more/index.html") == ["none", "none"])
        #expect(try menu("breakouts/agentic-ai/index.html") == ["none", "none"])
        #expect(try menu("index.html") == ["none", "none"])
    }

    @Test("docs/theme.md lists every diagnostic id the sources can report")
    func docsListDiagnosticIDs() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("docs/theme.md"), encoding: .utf8)
        let enumerator = FileManager.default.enumerator(at: root.appendingPathComponent("Sources"), includingPropertiesForKeys: nil)
        var ids: Set<String> = []
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            for group in ["content", "frontmatter", "link", "image", "markdown", "reference", "template", "settings", "output", "freshness", "code", "html", "attribute", "math"] {
                var rest = Substring(text)
                while let range = rest.range(of: "\"\(group).") {
                    let name = rest[range.upperBound...].prefix { $0.isLowercase || $0 == "-" }
                    if rest[range.upperBound...].dropFirst(name.count).first == "\"" { ids.insert("\(group).\(name)") }
                    rest = rest[range.upperBound...]
                }
            }
        }
        #expect(ids.count > 40)
        for id in ids.sorted() {
            #expect(readme.contains("`\(id)`"), "\(id) is not in docs/theme.md's list of diagnostic ids")
        }
    }

    @Test("docs/theme.md documents every context key")
    func docsDocumentKeys() throws {
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/theme.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "## Template context")).upperBound
        let text = String(readme[section...])
        for (template, keys) in TemplateContextSchema.specific {
            #expect(text.contains("`\(template)"), "template \(template) is not documented")
            for key in keys.keys {
                #expect(text.contains("`\(key)"), "context key \(key) of \(template) is not documented")
            }
        }
        for key in ["root", "site.nav", "page.toc", "page.backlinks", "page.breadcrumbs", "body"] {
            #expect(text.contains("`\(key)"), "\(key) is not documented")
        }
    }

    @Test("A page's depth counts the folders of its address, as splitting at slashes does")
    func depth() {
        for directory in ["", "tutorials", "tutorials/jet-tagging", "a//b/", "/a/b/c", "é/ü"] {
            #expect(PageContextBuilder.depth(of: directory) == directory.split(separator: "/").count, "\(directory)")
        }
    }
}
