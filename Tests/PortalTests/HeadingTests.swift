import Foundation
import PortalCore
import PortalMarkdown
import PortalTestSupport
import Testing

/// A resolver that changes nothing.
private struct UnchangedHeadingLinks: MarkdownLinkResolving {
    mutating func resolve(_ link: MarkdownLink) -> String? { nil }
}

private func render(_ source: String) -> RenderedMarkdown {
    var resolver = UnchangedHeadingLinks()
    return MarkdownRenderer(options: MarkdownOptions(rendersMarkdown: true)).render(source, resolver: &resolver)
}

private func render(_ source: String, anchorLinkLabel: String) -> RenderedMarkdown {
    var resolver = UnchangedHeadingLinks()
    let renderer = MarkdownRenderer(options: MarkdownOptions(anchorLinkLabel: anchorLinkLabel))
    return renderer.render(source, resolver: &resolver)
}

@Suite("Body headings")
struct HeadingTests {
    @Test("A body that writes # headings has them as sections under the page title, one level lower")
    func levelOneHeadingsAreSections() {
        let source = "# Setup\n\nText.\n\n## Details\n\n::: note\n# In a block\n:::\n"
        let rendered = render(source)
        #expect(rendered.html.contains("<h2 id=\"setup\">Setup"), "\(rendered.html)")
        #expect(rendered.html.contains("<h3 id=\"details\">Details"), "\(rendered.html)")
        #expect(rendered.html.contains("<h2>In a block</h2>"), "\(rendered.html)")
        #expect(!rendered.html.contains("<h1"))
        #expect(rendered.headings.map(\.level) == [2, 3])
        // The twin keeps what the author wrote.
        #expect(rendered.markdown == source)
    }

    @Test("A heading's anchor carries the label given, escaped for its attribute when it must be")
    func anchorLabels() {
        for (label, written) in [("Link to this section", "Link to this section"), ("Lien vers « R&D »", "Lien vers « R&amp;D »"),
                                 ("a \"b\" <c>", "a &quot;b&quot; &lt;c>")] {
            let html = render("## Setup\n", anchorLinkLabel: label).html
            #expect(html.contains("<a class=\"anchor\" href=\"#setup\" aria-label=\"\(written)\">#</a>"), "\(html)")
        }
    }

    @Test("A body whose headings start at ## keeps their levels")
    func levelTwoHeadingsStay() {
        let rendered = render("## Setup\n\n### Details\n\n###### Deepest\n")
        #expect(rendered.headings.map(\.level) == [2, 3, 6])
        #expect(rendered.html.contains("<h2 id=\"setup\">") && rendered.html.contains("<h6 id=\"deepest\">"), "\(rendered.html)")
    }

    @Test("A body that starts by repeating the page's title gets a warning at that heading")
    func repeatedTitle() throws {
        let site = try TestSite([String: String](files: TestSite.breakout("agentic-ai"),
                                                 TestSite.tutorial("one", body: "\n# Tutorial one\n\nText.\n\n# Tutorial one again\n")))
        defer { site.cleanUp() }
        let report = site.build()
        let warning = try #require(report.only("markdown.repeated-title"), "\(report.summary)")
        #expect(warning.severity == .warning)
        #expect(warning.message == "the heading \"Tutorial one\" repeats the page's title, which the page shows above it")
        #expect(warning.fix == "remove the heading: the title comes from the front-matter")
        #expect((warning.line, warning.column) == (12, 1))
        #expect(try site.read("tutorials/one/index.html").contains("<h2 id=\"tutorial-one-again\">"))
    }
}
