import PortalCore
import PortalTestSupport
import Testing

/// The minimal theme, with `page.linked_from` written as `relation:id,id,;` in one paragraph.
private let linkedFromTheme: [String: String] = {
    var theme = TestSite.minimalTheme
    theme["base.mustache"] = "<main>{{{body}}}</main><p class=\"linked\">{{#page.linked_from}}{{id}}:{{#items}}{{id}},{{/items}}({{count}});{{/page.linked_from}}</p>\n"
    return theme
}()

/// What the `linked` paragraph of the built page at `path` says.
private func linked(_ site: TestSite, _ path: String) throws -> String {
    let html = try site.read(path)
    let start = try #require(html.range(of: "<p class=\"linked\">")).upperBound
    let end = try #require(html[start...].range(of: "</p>")).lowerBound
    return String(html[start..<end])
}

@Suite("Linked from: one list of backlinks, grouped by relation")
struct LinkedFromTests {
    /// A site where `basics` and `mcp` are reached in every way a page can be.
    private func site() throws -> TestSite {
        try TestSite(.init(files:
            ("content/breakouts/agentic-ai.md", TestSite.breakout("agentic-ai").1.replacingOccurrences(of: "About agentic-ai.", with: "Start with [basics](../tutorials/basics.md).")),
            TestSite.tutorial("basics"),
            // Both a prerequisite and a link in the text: listed once, as the stronger.
            TestSite.tutorial("advanced", extra: "prerequisites: [basics]", body: "Read [basics](basics.md) first.\n"),
            TestSite.tutorial("other", body: "Uses [MCP](../resources/mcp.md).\n"),
            TestSite.step("start", number: 1, extra: "tutorials: [basics]\nresources: [mcp]"),
            TestSite.resource("mcp"),
            ("content/pages/about.md", "---\ntitle: About\n---\n\nSee [basics](../tutorials/basics.md), [MCP](../resources/mcp.md) and [the area](../breakouts/agentic-ai.md).\n"),
            // Indexes link to everything and are never listed.
            ("content/pages/index.md", "---\ntitle: Home\n---\n\n[Basics](../tutorials/basics.md), [MCP](../resources/mcp.md).\n"),
            ("content/tutorials/_index.md", "---\ntitle: Tutorials\n---\n\nBegin with [basics](basics.md).\n"),
            ("content/resources/_index.md", "---\ntitle: Resources\n---\n\nSee [MCP](mcp.md).\n")
        ), theme: linkedFromTheme)
    }

    @Test("Each page is listed once, in its strongest relation; indexes and the home page are left out")
    func groups() throws {
        let site = try site()
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(try linked(site, "tutorials/basics/index.html") == "prerequisite:advanced,(1);starter-kit:start,(1);link:about,agentic-ai,(2);")
        #expect(try linked(site, "resources/mcp/index.html") == "starter-kit:start,(1);citation:about,other,(2);")
    }

    @Test("A breakout leaves out the pages it lists as its tutorials, steps and resources")
    func breakoutLeavesOutItsOwnLists() throws {
        let site = try site()
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        // Every tutorial and resource names agentic-ai in `areas`; only the page linking to it is left.
        #expect(try linked(site, "breakouts/agentic-ai/index.html") == "link:about,(1);")
    }

    @Test("A part of a series leaves out its series and the other parts; a step the steps beside it")
    func seriesAndSteps() throws {
        let site = try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            TestSite.tutorial("one", extra: "series: s\npart: 1"),
            TestSite.tutorial("two", extra: "series: s\npart: 2\nprerequisites: [one]", body: "Back to [part 1](one.md).\n"),
            ("content/tutorials/s/_series.md", "---\ntitle: S\nsummary: A series.\n---\n\nStart with [part 1](../one.md).\n"),
            TestSite.tutorial("elsewhere", body: "After [part 1](one.md).\n"),
            TestSite.step("a", number: 1, extra: "tutorials: [one]"),
            ("content/starter-kit/b.md", TestSite.step("b", number: 2).1.replacingOccurrences(of: "Step body.", with: "Back to [a](a.md).")),
            ("content/starter-kit/c.md", TestSite.step("c", number: 3).1.replacingOccurrences(of: "Step body.", with: "Back to [a](a.md)."))
        ), theme: linkedFromTheme)
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(try linked(site, "tutorials/one/index.html") == "starter-kit:a,(1);link:elsewhere,(1);")
        #expect(try linked(site, "tutorials/s/index.html") == "")
        // b is beside a (its pager shows it); c is not.
        #expect(try linked(site, "starter-kit/a/index.html") == "link:c,(1);")
    }
}
