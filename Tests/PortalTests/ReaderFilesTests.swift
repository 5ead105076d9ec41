import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

@Suite("Files for readers and machines")
struct ReaderFilesTests {
    private func site(settings: String = TestSite.defaultSettings) throws -> TestSite {
        try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            TestSite.tutorial("one", extra: "tags: [llm]\nupdated: 2026-07-02", body: "## Setup\n\nSee [two](two.md#setup) and [the paper](../resources/paper.md).\n"),
            TestSite.tutorial("two", extra: "prerequisites: [one]", body: "## Setup\n\nRun `uproot` on <data> & more.\n"),
            TestSite.resource("paper", type: "paper", extra: "arxiv: 2602.17582\ndoi: 10.1000/xyz123\ndate: 2026-02-19"),
            TestSite.step("start", number: 1, extra: "tutorials: [one]")
        ), settings: settings)
    }

    @Test("Every page has a Markdown twin with a header and links to the other twins")
    func twins() throws {
        let site = try site()
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let twin = try site.read("tutorials/one/index.md")
        #expect(twin.hasPrefix("---\ntitle: Tutorial one\nkind: Tutorial\nsummary: Learn one.\n"))
        #expect(twin.contains("tags: [llm]"))
        #expect(twin.contains("areas: [agentic-ai]"))
        #expect(twin.contains("[two](../two/index.md#setup)"))
        #expect(twin.contains("[the paper](../../resources/paper/index.md)"))
        #expect(try site.read("tutorials/index.md").contains("- [Tutorial one](one/index.md): Learn one."))
    }

    @Test("llms.txt follows the convention: H1, blockquote, H2 sections of links, an Optional section")
    func llmsText() throws {
        let site = try site()
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let text = try site.read("llms.txt")
        #expect(text.hasPrefix("# Test portal\n\n> A site for tests.\n"))
        #expect(text.contains("\n## Tutorials\n\n- [Tutorial one](https://portal.example.org/tutorials/one/index.md): Learn one.\n"))
        #expect(text.contains("\n## Optional\n"))
        let full = try site.read("llms-full.txt")
        #expect(full.contains("title: Tutorial two"))
        // `<data>` is raw HTML: the twin leaves it out as the HTML page does (raw_html is off).
        #expect(full.contains("Run `uproot` on <!-- raw HTML omitted --> & more."))
    }

    @Test("The catalog lists every page with front-matter and references in both directions, and matches its schema's required keys")
    func catalog() throws {
        let site = try site()
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let data = Data(try site.read("catalog.json").utf8)
        let catalog = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let pages = try #require(catalog["pages"] as? [[String: Any]])
        let one = try #require(pages.first { $0["key"] as? String == "tutorial/one" })
        let references = try #require(one["references"] as? [String: [String]])
        #expect(references["required_by"] == ["tutorial/two"])
        #expect(references["areas"] == ["breakout/agentic-ai"])
        let frontMatter = try #require(one["front_matter"] as? [String: Any])
        #expect(frontMatter["duration"] as? Int == 30)
        #expect(frontMatter["level"] as? String == "beginner")
        let paper = try #require(pages.first { $0["key"] as? String == "resource/paper" })
        #expect((paper["references"] as? [String: [String]])?["cited_by"] == ["tutorial/one"])
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(try site.read("catalog.schema.json").utf8)) as? [String: Any])
        let pageSchema = try #require(((schema["$defs"] as? [String: Any])?["page"] as? [String: Any]))
        for key in try #require(pageSchema["required"] as? [String]) {
            #expect(pages.allSatisfy { $0[key] != nil }, "every page has \(key)")
        }
    }

    @Test("The Atom feed uses absolute addresses from base_url; without it the build warns and the feed is relative")
    func feed() throws {
        let site = try site(settings: TestSite.settingsWithoutBaseURL + "\nbase_url: https://example.org/portal\n")
        defer { site.cleanUp() }
        let report = site.build()
        // The one warning is the raw HTML `<data>` the fixture holds, left out on purpose.
        #expect(report.diagnostics.map(\.id) == ["html.dropped"], "\(report.summary)")
        let feed = try site.read("feed.xml")
        #expect(feed.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/portal/feed.xml\"/>"))
        #expect(feed.contains("<id>https://example.org/portal/tutorials/one/</id>"))
        #expect(feed.contains("<updated>2026-07-02T00:00:00Z</updated>"))
        #expect(feed.contains("<entry>\n    <title>Tutorial one</title>"), "newest first")
        #expect(try site.read("sitemap.xml").contains("<loc>https://example.org/portal/resources/paper/</loc><lastmod>2026-02-19</lastmod>"))
        #expect(try site.read("robots.txt").contains("Sitemap: https://example.org/portal/sitemap.xml"))

        let relative = try self.site(settings: TestSite.settingsWithoutBaseURL)
        defer { relative.cleanUp() }
        let warned = relative.build()
        #expect(warned.only("settings.no-base-url")?.severity == .warning)
        #expect(try relative.read("feed.xml").contains("href=\"tutorials/one/index.html\""))
        #expect(!relative.exists("sitemap.xml"))
        #expect(!relative.build().hasErrors)
    }

    @Test("Each feed entry carries its page's whole body, formulas as MathML, with xml:base naming the page")
    func feedContent() throws {
        let files = [String: String](files: TestSite.breakout("agentic-ai"),
                     TestSite.tutorial("one", body: "## Loss\n\nWe minimise $\\mathcal{L} = -\\log p$; see [two](two.md) and ![a plot](plot.png).\n"),
                     TestSite.tutorial("two"), ("content/tutorials/plot.png", "png"))
        let site = try TestSite(files, settings: TestSite.settingsWithoutBaseURL + "\nbase_url: https://example.org/portal\n")
        defer { site.cleanUp() }
        let report = site.build()
        #expect(report.diagnostics.isEmpty, "\(report.summary)")
        let feed = try site.read("feed.xml")
        let entry = try #require(feed.components(separatedBy: "<entry>").first { $0.contains("<title>Tutorial one</title>") })
        let opening = "<content type=\"html\" xml:base=\"https://example.org/portal/tutorials/one/\">"
        #expect(entry.contains(opening))
        let content = try #require(entry.components(separatedBy: opening).last?.components(separatedBy: "</content>").first)
        let html = content.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        #expect(html.contains("<math><semantics>"), "\(html)")
        #expect(html.contains("<annotation encoding=\"application/x-tex\">\\mathcal{L} = -\\log p</annotation>"))
        #expect(html.contains("<a href=\"../two/index.html\">two</a>") && html.contains("<img src=\"../plot.png\""), "links stay relative to the page, which xml:base names")
        #expect(!content.contains("<math"), "the body is escaped text in the XML")
        #expect(feed.components(separatedBy: "<content ").count == 3, "every dated tutorial has its body")

        let relative = try TestSite(files, settings: TestSite.settingsWithoutBaseURL)
        defer { relative.cleanUp() }
        _ = relative.build()
        #expect(try relative.read("feed.xml").contains("<content type=\"html\" xml:base=\"tutorials/one/index.html\">"))
    }

    @Test("--base-url overrides site.yml and is checked")
    func baseURLOption() throws {
        let site = try site(settings: TestSite.settingsWithoutBaseURL)
        defer { site.cleanUp() }
        var options = site.options()
        options.baseURL = "https://portal.example.org/"
        let report = SiteBuilder(options: options).run()
        #expect(report.diagnostics.map(\.id) == ["html.dropped"], "\(report.summary)")
        #expect(try site.read("feed.xml").contains("https://portal.example.org/feed.xml"))
        options.baseURL = "javascript:alert(1)"
        #expect(SiteBuilder(options: options).run().only("settings.bad-base-url") != nil)
    }

    @Test("The search index is sharded by term and finds terms from titles above bodies")
    func searchIndex() throws {
        let site = try site()
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let meta = try site.read("search/meta.js")
        #expect(meta.hasPrefix("portalSearchLoaded(\"meta\",{"))
        let shard = try site.read("search/terms-up.js")
        #expect(shard.contains("\"uproot\":["))
        let tutorialShard = try site.read("search/terms-tu.js")
        #expect(tutorialShard.contains("\"tutorial\":["))
        #expect(site.exists("search/docs-0.js"))
        #expect(!(try site.read("search/docs-0.js")).contains("<data>"), "text is escaped for script use")
        #expect(SearchIndex.terms(in: "Jet-tagging with ÜberNet 2026, the end") == ["jet", "tagging", "übernet", "2026", "end"])
        #expect(SearchIndex.shard(of: "übernet") == "_b")
    }

    @Test("A 404 page links from the root; JSON-LD names the type and identifiers")
    func notFoundAndJSONLD() throws {
        let site = try site(settings: TestSite.settingsWithoutBaseURL + "\nbase_url: https://example.org/portal/\n")
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let notFound = try site.read("404.html")
        #expect(notFound.contains("href=\"/portal/assets/style.css\""))
        #expect(notFound.contains("Page not found"))
        var theme = TestSite.minimalTheme
        theme["resource.mustache"] = "<script type=\"application/ld+json\">{{{page.jsonld}}}</script>"
        let paper = TestSite.resource("paper", type: "paper", extra: "arxiv: 2602.17582").1.replacingOccurrences(of: "title: Resource paper", with: "title: A </script> title")
        let withJSON = try TestSite(.init(files: TestSite.breakout("agentic-ai"), ("content/resources/paper.md", paper)), theme: theme)
        defer { withJSON.cleanUp() }
        #expect(!withJSON.build().hasErrors)
        let html = try withJSON.read("resources/paper/index.html")
        #expect(html.contains("\"@type\":\"ScholarlyArticle\""))
        #expect(html.contains("\"propertyID\":\"arXiv\""))
        #expect(!html.contains("A </script> title"), "text in JSON-LD cannot close the script element")
    }
}
