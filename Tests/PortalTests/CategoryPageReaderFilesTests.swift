import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

/// The category page (`resources/categories/`) has the reader files every page has: a Markdown
/// twin, an entry in `llms.txt` and the catalogue, a search document, and a served resource.
@Suite("The category page's reader files")
struct CategoryPageReaderFilesTests {
    private static let index = ("content/resources/_index.md", "---\ntitle: Resources\nsummary: Every resource.\ncategories:\n  - Regression\n  - Classification\n  - Classification/Jet images\n---\n\nAbout the list.\n")

    private func site(_ resources: [(id: String, category: String)]) throws -> TestSite {
        var files: [String: String] = .init(files: TestSite.breakout("agentic-ai"), Self.index)
        for (id, category) in resources {
            let (path, text) = TestSite.resource(id, extra: category.isEmpty ? "" : "category: \(category)")
            files[path] = text
        }
        return try TestSite(files, theme: try shippedTheme())
    }

    @Test("The twin holds the tree as nested headings, each resource linked to its twin, the uncategorised last")
    func twin() throws {
        let site = try site([("a", "Classification/Jet images"), ("b", "Regression"), ("c", ""), ("d", "Classification/Jet images")])
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors && report.diagnostics.isEmpty, "\(report.summary)")
        #expect(try site.read("resources/categories/index.md") == """
            ---
            title: Resources by category
            kind: Section
            summary: \(CategoryTree.summary)
            url: https://portal.example.org/resources/categories/
            ---

            # Resources by category

            ## Regression

            - [Resource b](../b/index.md): The b resource.

            ## Classification

            ### Jet images

            - [Resource a](../a/index.md): The a resource.
            - [Resource d](../d/index.md): The d resource.

            ## Not yet in a category

            - [Resource c](../c/index.md): The c resource.

            """)
        #expect(try site.read("llms-full.txt").contains("\n# Resources by category\n\n## Regression\n"))
        let html = try site.read("resources/categories/index.html")
        #expect(html.contains("<link rel=\"alternate\" type=\"text/markdown\" href=\"index.md\" title=\"Resources by category (Markdown)\">"))
        #expect(try site.read("resources/index.html").contains("<link rel=\"alternate\" type=\"text/markdown\" href=\"index.md\" title=\"Resources (Markdown)\">"),
                "the index keeps its own twin")
    }

    @Test("llms.txt lists the page with the other indexes, and the catalogue names it apart from the resources index")
    func llmsTextAndCatalog() throws {
        let site = try site([("a", "Classification"), ("b", "")])
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let llms = try site.read("llms.txt")
        #expect(llms.contains("""
            - [Resources](https://portal.example.org/resources/index.md): Every resource.
            - [Resources by category](https://portal.example.org/resources/categories/index.md): \(CategoryTree.summary)

            """), "\(llms)")
        let data = Data(try site.read("catalog.json").utf8)
        let catalog = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let pages = try #require(catalog["pages"] as? [[String: Any]])
        let keys = pages.compactMap { $0["key"] as? String }
        #expect(Set(keys).count == keys.count, "every key names one page: \(keys)")
        let entry = try #require(pages.first { $0["key"] as? String == "section/categories" })
        #expect(entry["url"] as? String == "resources/categories/index.html")
        #expect(entry["markdown_url"] as? String == "resources/categories/index.md")
        #expect(entry["title"] as? String == "Resources by category")
    }

    @Test("Search finds the page by its categories' names, as it finds an index by its headings; portal mcp serves its twin")
    func searchAndMCP() throws {
        let site = try site([("a", "Classification/Jet images"), ("b", "Regression")])
        defer { site.cleanUp() }
        let session = KnowledgeSession(options: site.options(output: nil))
        let found = try session.call("search", arguments: ["query": "regression"])
        #expect("\(found)".contains("resources/categories/index.html"), "\(found)")
        let twin = try session.read(uri: "portal://resources/categories")
        #expect(twin.contains("### Jet images\n\n- [Resource a](../a/index.md): The a resource.\n"), "\(twin)")
        #expect(try session.call("get_page", arguments: ["id": "categories"])["title"] == "Resources by category")
        #expect(try session.call("get_page", arguments: ["id": "resources"])["title"] == "Resources", "the index keeps its id")
    }

    @Test("Without categories there is no twin and no entry")
    func noCategories() throws {
        let site = try site([("a", ""), ("b", "")])
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        #expect(!site.exists("resources/categories/index.md"))
        #expect(!(try site.read("llms.txt")).contains("by category"))
        #expect(!(try site.read("catalog.json")).contains("section/categories"))
    }

    @Test("The preview writes the twin, llms.txt and the catalogue again as the categories change, as a fresh build writes them")
    func preview() throws {
        let site = try site([("a", "Classification"), ("b", "Regression"), ("c", "")])
        defer { site.cleanUp() }
        let previewed = PreviewedSite(site)
        #expect(!previewed.first.hasErrors, "\(previewed.first.summary)")
        func twin() throws -> String { try site.read("resources/categories/index.md", output: "_preview") }
        func expectFresh(_ step: String) {
            let fresh = previewed.freshBuild()
            #expect(fresh.comparison.isEmpty, "\(step): \(fresh.comparison)")
        }
        // A new title (the quick path for card edits) moves the resource in its category's list.
        let (bPath, bText) = TestSite.resource("b", extra: "category: Classification")
        #expect(!(try previewed.save(bText, as: bPath)).hasErrors)
        #expect(try twin().contains("## Classification\n\n- [Resource a](../a/index.md): The a resource.\n- [Resource b]"))
        let retitled = try previewed.save(bText.replacingOccurrences(of: "title: Resource b", with: "title: A first resource"), as: bPath)
        #expect(!retitled.hasErrors, "\(retitled.summary)")
        let moved = try twin()
        #expect(moved.contains("## Classification\n\n- [A first resource](../b/index.md): The b resource.\n- [Resource a]"), "\(moved)")
        expectFresh("retitled")
        // The list's order is the tree's.
        let (indexPath, indexText) = Self.index
        let (cPath, cText) = TestSite.resource("c", extra: "category: Regression")
        #expect(!(try previewed.save(cText, as: cPath)).hasErrors)
        #expect(try twin().contains("## Regression\n\n- [Resource c](../c/index.md): The c resource.\n\n## Classification\n"))
        #expect(!(try previewed.save(indexText.replacingOccurrences(of: "  - Regression\n  - Classification\n", with: "  - Classification\n  - Regression\n"), as: indexPath)).hasErrors)
        let reordered = try twin()
        #expect(reordered.hasSuffix("\n## Regression\n\n- [Resource c](../c/index.md): The c resource.\n"), "\(reordered)")
        expectFresh("list reordered")
        // Without categories the page, its twin and its entries go.
        for id in ["a", "b", "c"] {
            let (path, text) = TestSite.resource(id)
            #expect(!(try previewed.save(text, as: path)).hasErrors)
        }
        #expect(!site.exists("resources/categories/index.md", output: "_preview"))
        #expect(!(try site.read("llms.txt", output: "_preview")).contains("by category"))
        expectFresh("categories gone")
    }
}
