import PortalCore
import PortalTestSupport
import Testing

@Suite("Cross-references in both directions")
struct CrossReferenceTests {
    @Test("A breakout lists every tutorial, step and resource naming it; each lists the breakout")
    func breakoutGathers() throws {
        let site = try TestSite(.init(files:
            TestSite.breakout("agentic-ai", number: 2),
            TestSite.breakout("open-data", number: 4),
            TestSite.tutorial("agents", areas: ["agentic-ai"]),
            TestSite.tutorial("data", areas: ["open-data"]),
            TestSite.step("start", number: 1, extra: "areas: [agentic-ai]\ntutorials: [agents]"),
            TestSite.resource("mcp", areas: ["agentic-ai", "open-data"])
        ))
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let breakout = try site.read("breakouts/agentic-ai/index.html")
        #expect(breakout.contains("<a class=\"tutorial\" href=\"../../tutorials/agents/index.html\">Tutorial agents</a>"))
        #expect(!breakout.contains("Tutorial data"))
        #expect(breakout.contains("<a class=\"step\" href=\"../../starter-kit/start/index.html\">"))
        #expect(breakout.contains("<a class=\"resource\" href=\"../../resources/mcp/index.html\">"))
        #expect(try site.read("tutorials/agents/index.html").contains("<a class=\"area\" href=\"../../breakouts/agentic-ai/index.html\">"))
        #expect(try site.read("breakouts/open-data/index.html").contains("Resource mcp"))
    }

    @Test("Prerequisites show in both directions; a resource shows the pages citing it; every page lists its backlinks")
    func prerequisitesAndCitations() throws {
        let site = try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            TestSite.tutorial("basics"),
            TestSite.tutorial("advanced", extra: "prerequisites: [basics]", body: "Uses [MCP](../resources/mcp.md).\n"),
            TestSite.resource("mcp")
        ))
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(try site.read("tutorials/basics/index.html").contains("<a class=\"required-by\" href=\"../../tutorials/advanced/index.html\">"))
        #expect(try site.read("tutorials/advanced/index.html").contains("<a class=\"prerequisite\" href=\"../../tutorials/basics/index.html\">"))
        #expect(try site.read("resources/mcp/index.html").contains("<a class=\"cited-by\" href=\"../../tutorials/advanced/index.html\">"))
        #expect(try site.read("tutorials/basics/index.html").contains("<a class=\"backlink\" href=\"../../tutorials/advanced/index.html\">"))
        #expect(try site.read("breakouts/agentic-ai/index.html").contains("class=\"backlink\""))
    }

    @Test("An unknown id in front-matter is an error at the id, with a suggestion")
    func unknownID() throws {
        let site = try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            TestSite.tutorial("basics", areas: ["agentic-ia"])
        ))
        defer { site.cleanUp() }
        let report = site.build()
        let diagnostic = try #require(report.only("reference.unknown"), "\(report.summary)")
        #expect(diagnostic.message == "there is no breakout with the id 'agentic-ia' (named in 'areas')")
        #expect(diagnostic.fix == "did you mean 'agentic-ai'?")
        #expect((diagnostic.file, diagnostic.line, diagnostic.column) == ("content/tutorials/basics.md", 6, 9))
    }

    @Test("A prerequisite cycle is an error")
    func cycle() throws {
        let site = try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            TestSite.tutorial("a", extra: "prerequisites: [b]"),
            TestSite.tutorial("b", extra: "prerequisites: [c]"),
            TestSite.tutorial("c", extra: "prerequisites: [a]")
        ))
        defer { site.cleanUp() }
        let report = site.build()
        let diagnostic = try #require(report.only("reference.cycle"), "\(report.summary)")
        #expect(diagnostic.message == "prerequisites form a cycle: a → b → c → a")
        #expect((diagnostic.file, diagnostic.line, diagnostic.column) == ("content/tutorials/c.md", 9, 17))
    }

    @Test("A series is ordered by part with previous and next; a duplicate part is an error")
    func series() throws {
        let site = try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            TestSite.tutorial("one", extra: "series: agents\npart: 1"),
            TestSite.tutorial("two", extra: "series: agents\npart: 2"),
            TestSite.tutorial("three", extra: "series: agents\npart: 3"),
            ("content/tutorials/agents/_series.md", "---\ntitle: Agents\nsummary: Three parts.\n---\n")
        ))
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let middle = try site.read("tutorials/two/index.html")
        #expect(middle.contains("<a class=\"previous\" href=\"../../tutorials/one/index.html\">"))
        #expect(middle.contains("<a class=\"next\" href=\"../../tutorials/three/index.html\">"))
        #expect(!(try site.read("tutorials/one/index.html")).contains("class=\"previous\""))

        try site.write(TestSite.tutorial("three", extra: "series: agents\npart: 2").1, to: "content/tutorials/three.md")
        let report = site.build()
        let diagnostic = try #require(report.only("reference.duplicate-part"), "\(report.summary)")
        #expect(diagnostic.file == "content/tutorials/two.md" || diagnostic.file == "content/tutorials/three.md")
        #expect(diagnostic.line == 10)
    }

    @Test("Starter-kit steps follow their numbers; a number used twice is an error")
    func steps() throws {
        let site = try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            TestSite.step("second", number: 2),
            TestSite.step("first", number: 1)
        ))
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let first = try site.read("starter-kit/first/index.html")
        #expect(first.contains("<p class=\"position\">1/2</p>"))
        #expect(first.contains("<a class=\"next\" href=\"../../starter-kit/second/index.html\">"))
        try site.write(TestSite.step("second", number: 1).1, to: "content/starter-kit/second.md")
        let report = site.build()
        let diagnostic = try #require(report.only("reference.duplicate-step"), "\(report.summary)")
        #expect(diagnostic.line == 4)
    }

    @Test("Tags get index pages listing what carries them")
    func tags() throws {
        let site = try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            TestSite.tutorial("one", extra: "tags: [llm, python]"),
            TestSite.resource("two", extra: "tags: [llm]")
        ))
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let index = try site.read("tags/index.html")
        #expect(index.contains("llm (2)"))
        #expect(index.contains("python (1)"))
        let llm = try site.read("tags/llm/index.html")
        #expect(llm.contains("href=\"../../tutorials/one/index.html\""))
        #expect(llm.contains("href=\"../../resources/two/index.html\""))
        #expect(try site.read("tutorials/one/index.html").contains("<a class=\"tag\" href=\"../../tags/python/index.html\">python</a>"))
    }

    @Test("Two pages claiming one id is an error")
    func duplicateID() throws {
        let site = try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            TestSite.tutorial("same"),
            ("content/tutorials/same/index.md", TestSite.tutorial("same").1)
        ))
        defer { site.cleanUp() }
        let report = site.build()
        let diagnostic = try #require(report.only("content.duplicate-id"), "\(report.summary)")
        #expect(diagnostic.message.contains("two tutorial pages have the id 'same'"))
    }
}
