import Foundation
import PortalCore
import PortalTestSupport
import Testing

/// Mistakes physicists make when editing, each with the message and position it must get.
@Suite("Editor mistakes")
struct EditorMistakeTests {
    private func site(_ files: [String: String]) throws -> TestSite {
        var all = [String: String](files: TestSite.breakout("agentic-ai"), TestSite.tutorial("python-env"))
        all.merge(files) { _, new in new }
        return try TestSite(all)
    }

    @Test("Links written for one computer are errors", arguments: [
        // Markdown turns "\\" into one backslash, so the destination is not written as read: the caret goes to the "[".
        ("See [x](..\\\\tutorials\\\\python-env.md).\n", "link.backslash", "write '../tutorials/python-env.md'", 5),
        ("See ![plot](C:/Users/me/plot.png).\n", "link.local-file", "copy the file into content/ and link to it relatively", 13),
        ("See [data](file:///home/me/data.csv).\n", "link.local-file", "copy the file into content/ and link to it relatively", 12),
    ])
    func machineLocalLinks(body: String, id: String, fix: String, column: Int) throws {
        let site = try site(.init(files: TestSite.tutorial("one", body: body)))
        defer { site.cleanUp() }
        let report = site.build()
        let diagnostic = try #require(report.only(id), "\(report.summary)")
        #expect(diagnostic.fix == fix)
        #expect((diagnostic.line, diagnostic.column) == (11, column))
    }

    @Test("A query string survives link rewriting")
    func queryKept() throws {
        let site = try site(["content/tutorials/table.csv": "a,b\n"].merging(.init(files: TestSite.tutorial("one", body: "[raw](table.csv?raw=1#row-3)\n"))) { _, new in new })
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        #expect(try site.read("tutorials/one/index.html").contains("href=\"../table.csv?raw=1#row-3\""))
    }

    @Test("A link to a section folder goes to its index page, even without _index.md")
    func sectionFolderLink() throws {
        let site = try site(.init(files: TestSite.tutorial("one", body: "[all tutorials](../tutorials/) and [breakouts](../breakouts)\n")))
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let html = try site.read("tutorials/one/index.html")
        #expect(html.contains("href=\"../index.html\""))
        #expect(html.contains("href=\"../../breakouts/index.html\""))
    }

    @Test("A page file with the wrong case, or Markdown in a folder without index.md, is reported, not copied")
    func misplacedMarkdown() throws {
        let site = try site([
            "content/tutorials/shouting.MD": "---\ntitle: Loud\n---\n",
            "content/tutorials/jets/README.md": "---\ntitle: Jets\n---\n",
        ])
        defer { site.cleanUp() }
        let report = site.build()
        let messages = report.diagnostics("content.misplaced").map(\.message)
        #expect(messages.contains("'shouting.MD' is not read as a page: pages end in '.md' (lower case)"), "\(report.summary)")
        #expect(messages.contains("'jets/' has no index.md, so 'README.md' is not a page"))
    }

    @Test("A path in an id list is answered with the id")
    func pathInsteadOfID() throws {
        let site = try site(.init(files: TestSite.tutorial("one", extra: "prerequisites: [../tutorials/python-env.md]")))
        defer { site.cleanUp() }
        let report = site.build()
        let diagnostic = try #require(report.only("frontmatter.bad-value"), "\(report.summary)")
        #expect(diagnostic.message == "'../tutorials/python-env.md' is a path; 'prerequisites' names pages by id")
        #expect(diagnostic.fix == "write 'python-env'")
        #expect((diagnostic.line, diagnostic.column) == (9, 17))
    }

    @Test("Gaps in step numbers and series parts are errors")
    func gaps() throws {
        let site = try site(.init(files:
            TestSite.step("a", number: 1), TestSite.step("b", number: 3),
            TestSite.tutorial("p1", extra: "series: s\npart: 1"), TestSite.tutorial("p2", extra: "series: s\npart: 4")
        ))
        defer { site.cleanUp() }
        let report = site.build()
        let gaps = report.diagnostics("reference.gap")
        #expect(gaps.map(\.file).sorted() == ["content/starter-kit/b.md", "content/tutorials/p2.md"], "\(report.summary)")
        #expect(gaps.first { $0.file.hasSuffix("b.md") }?.message == "starter-kit steps must be numbered 1, 2, 3, … without gaps; this one should be 2, not 3")
    }

    @Test("A draft page folder's files are not published")
    func draftBundleFiles() throws {
        let site = try site([
            "content/tutorials/wip/index.md": TestSite.tutorial("wip", extra: "draft: true").1,
            "content/tutorials/wip/secret.png": "PNG",
        ])
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        #expect(!site.exists("tutorials/wip/secret.png"))
        #expect(!site.build(drafts: true).hasErrors)
        #expect(site.exists("tutorials/wip/secret.png"))
    }

    @Test("A draft home page is named as the reason there is no home page")
    func draftHome() throws {
        let site = try site(["content/pages/index.md": "---\ntitle: Home\ndraft: true\n---\n"])
        defer { site.cleanUp() }
        #expect(site.build().only("content.no-home")?.message == "the home page is a draft, so this build would have no home page")
    }

    @Test("Files of a page folder under pages/ are published beside the page")
    func pageBundleFiles() throws {
        let site = try site([
            "content/pages/team/index.md": "---\ntitle: Team\n---\n\n![group photo](photo.jpg)\n",
            "content/pages/team/photo.jpg": "JPG",
        ])
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        #expect(site.exists("team/photo.jpg"))
        #expect(try site.read("team/index.html").contains("src=\"photo.jpg\""))
    }

    @Test("A huge number in a duration is an error, not a crash")
    func durationOverflow() throws {
        let site = try site(.init(files: TestSite.tutorial("one")).mapValues { $0.replacingOccurrences(of: "30 min", with: "999999999999999999 h") })
        defer { site.cleanUp() }
        #expect(site.build().only("frontmatter.bad-value")?.message.hasPrefix("'duration' must be a duration") == true)
    }

    @Test("A transform on the wrong kind of value is a template error")
    func transformShape() throws {
        var theme = TestSite.minimalTheme
        theme["page.mustache"] = "{{count(page.title)}}"
        let site = try TestSite([:], theme: theme)
        defer { site.cleanUp() }
        let report = site.build()
        #expect(report.only("template.unknown-transform")?.message == "'count(…)' needs a list, and 'page.title' is a value", "\(report.summary)")
    }
}
