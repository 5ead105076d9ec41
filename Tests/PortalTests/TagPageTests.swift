import Foundation
import PortalCore
import PortalTestSupport
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite("Tag pages group their pages by kind")
struct TagPageTests {
    @Test("A tag page groups by kind with counts and the total; the footer links the tag index")
    func groupedByKind() throws {
        var theme = TestSite.minimalTheme
        theme["tag.mustache"] = "<p class=\"total\">{{tag.count}}</p>{{#tag.groups}}<h2 id=\"{{id}}\">{{label}} ({{count}})</h2>{{#items}}<a href=\"{{url}}\">{{id}}</a>{{/items}}{{/tag.groups}}"
        let files = [String: String](files:
            TestSite.breakout("agentic-ai"),
            TestSite.tutorial("b-tutorial", extra: "tags: [llm]"),
            TestSite.tutorial("a-tutorial", extra: "tags: [llm]"),
            TestSite.resource("paper", extra: "tags: [llm]"),
            TestSite.step("start", number: 1, extra: "tags: [llm]"),
            ("content/pages/about.md", "---\ntitle: About\ntags: [llm]\n---\n\nUs.\n"))
        let site = try TestSite(files, theme: theme)
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let page = try site.read("tags/llm/index.html")
        #expect(page.contains("<p class=\"total\">5</p>"))
        #expect(page.contains("<h2 id=\"tutorials\">Tutorials (2)</h2><a href=\"../../tutorials/a-tutorial/index.html\">a-tutorial</a><a href=\"../../tutorials/b-tutorial/index.html\">b-tutorial</a>"
            + "<h2 id=\"resources\">Resources (1)</h2><a href=\"../../resources/paper/index.html\">paper</a>"
            + "<h2 id=\"starter-kit\">Starter kit (1)</h2><a href=\"../../starter-kit/start/index.html\">start</a>"
            + "<h2 id=\"pages\">Pages (1)</h2><a href=\"../../about/index.html\">about</a>"), "\(page)")

        var options = site.options()
        options.templatesDirectory = packageRoot.appendingPathComponent("templates")
        #expect(!SiteBuilder(options: options).run().hasErrors)
        let shipped = try site.read("breakouts/agentic-ai/index.html")
        let footer = try #require(shipped.range(of: "<footer class=\"site-footer\">")).upperBound
        #expect(shipped[footer...].contains("<a href=\"../../tags/index.html\">All tags</a>"))
        #expect(try site.read("tags/llm/index.html").contains("Tutorials <span class=\"count\">(2)</span>"))
    }
}
