import Foundation
import PortalCore
import PortalMarkdown
import PortalTestSupport
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A tutorial with the outline the Carpentries put at the top of an episode, and times instead of a duration.
private let outlined = ("content/tutorials/loss.md", """
    ---
    title: Choosing a loss
    summary: Learn which loss suits which task.
    level: beginner
    areas: [agentic-ai]
    authors: [Test Author]
    date: 2026-06-01
    teaching: 30
    exercises: 1 h 15 min
    questions:
      - "What does `BCELoss` compute?"
      - Why is $p_T$ *falling*?
    objectives:
      - Choose a loss for a binary classifier
      - Read the [PyTorch notes](https://pytorch.org/docs/stable/nn.html)
    keypoints:
      - "Binary cross-entropy is $-\\\\log p$ of the true class."
      - "> 0.5 is not a threshold to trust"
      - "<script>alert(1)</script> never runs"
    ---

    Body.

    """)

@Suite("Lesson outlines")
struct LessonOutlineTests {
    @Test("Questions, objectives and times open the page, key points end it, each item rendered as Markdown")
    func overviewAndKeyPoints() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), outlined), theme: [:])
        defer { site.cleanUp() }
        var options = site.options()
        options.templatesDirectory = packageRoot.appendingPathComponent("templates")
        let report = SiteBuilder(options: options).run()
        #expect(!report.hasErrors, "\(report.summary)")
        let page = try site.read("tutorials/loss/index.html")
        let overview = try #require(page.range(of: "<aside class=\"overview\""))
        let body = try #require(page.range(of: "<p>Body.</p>"))
        let keypoints = try #require(page.range(of: "<aside class=\"keypoints\""))
        #expect(overview.lowerBound < body.lowerBound && body.lowerBound < keypoints.lowerBound)
        #expect(page.contains("<li>What does <code>BCELoss</code> compute?</li>"), "\(page)")
        #expect(page.contains("<li>Why is <math><semantics><msub><mi>p</mi><mi>T</mi></msub>"), "\(page)")
        #expect(page.contains("<em>falling</em>"))
        #expect(page.contains("<li>Read the <a href=\"https://pytorch.org/docs/stable/nn.html\">PyTorch notes</a></li>"))
        #expect(page.contains("<dt>Teaching</dt><dd>30 min</dd>") && page.contains("<dt>Exercises</dt><dd>1 h 15 min</dd>"), "\(page)")
        #expect(page.contains("<mo>−</mo><mi>log</mi>") || page.contains("<mi>log</mi>"), "\(page)")
        // An item that starts like a quote stays text; raw HTML in one is left out, with the warning the body gets.
        #expect(page.contains("<li>&gt; 0.5 is not a threshold to trust</li>"), "\(page)")
        #expect(!page.contains("<script>alert"))
        let dropped = try #require(report.diagnostics.first { $0.id == "html.dropped" }, "\(report.summary)")
        #expect((dropped.file, dropped.line, dropped.column) == ("content/tutorials/loss.md", 19, 5))
        // Without 'duration', the tutorial takes its teaching and exercise times.
        #expect(page.contains("<dd>1 h 45 min</dd>"), "\(page)")
    }

    @Test("The twin keeps the outline as written; JSON-LD teaches the objectives; the catalog has the fields")
    func readersGetTheOutline() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), outlined), theme: [:])
        defer { site.cleanUp() }
        var options = site.options()
        options.templatesDirectory = packageRoot.appendingPathComponent("templates")
        let report = SiteBuilder(options: options).run()
        #expect(!report.hasErrors, "\(report.summary)")
        let twin = try site.read("tutorials/loss/index.md")
        #expect(twin.contains("questions: [\"What does \\x60BCELoss\\x60 compute?\", Why is $p_T$ *falling*?]\n"), "\(twin)")
        #expect(twin.contains("teaching: 30 min\nexercises: 1 h 15 min\n"), "\(twin)")
        #expect(twin.contains("duration: 1 h 45 min\n"), "\(twin)")
        let page = try site.read("tutorials/loss/index.html")
        #expect(page.contains("\"teaches\":[\"Choose a loss for a binary classifier\",\"Read the PyTorch notes\"]"), "\(page)")
        #expect(page.contains("\"timeRequired\":\"PT105M\""), "\(page)")
        let catalog = try site.read("catalog.json")
        #expect(catalog.contains("\"keypoints\":[\"Binary cross-entropy is $-\\\\log p$ of the true class.\",\"\\u003e 0.5"), "\(catalog)")
        #expect(catalog.contains("\"teaching\":30") && catalog.contains("\"exercises\":75"), "\(catalog)")
    }

    @Test("A relative link, an item that reads as a block, and a bad time are errors at their items", arguments: [
        ("objectives:\n  - See [the setup](setup.md)", "frontmatter.bad-value",
         "a link in 'objectives' must be a full web address; 'setup.md' is not one, and links here are not checked", 10, 5),
        ("keypoints:\n  - ok\n  - |-\n    First paragraph.\n\n    Second paragraph.", "frontmatter.bad-value",
         "each item of 'keypoints' must be one paragraph, but this one holds several (a blank line, or a list or code after its first line)", 11, 5),
        ("questions:\n  - Is $\\frac{1}{2$ a half?", "math.unbalanced-brace", nil, 10, 5),
        ("teaching: soon", "frontmatter.bad-value", "'teaching' must be a number of minutes such as 30, or a duration such as '1 h 30 min'", 9, 1),
    ] as [(String, String, String?, Int, Int)])
    func itemErrors(extra: String, id: String, message: String?, line: Int, column: Int) throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("loss", extra: extra)))
        defer { site.cleanUp() }
        let report = site.build()
        let problem = try #require(report.diagnostics.first { $0.id == id }, "\(report.summary)")
        if let message { #expect(problem.message == message) }
        #expect((problem.file, problem.line, problem.column) == ("content/tutorials/loss.md", line, column), "\(problem)")
    }

    @Test("Without 'duration', a tutorial needs 'teaching' or 'exercises', and the fix says so")
    func durationOrTimes() throws {
        let tutorial = TestSite.tutorial("loss")
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), (tutorial.0, tutorial.1.replacingOccurrences(of: "duration: 30 min\n", with: ""))))
        defer { site.cleanUp() }
        let missing = try #require(site.build().only("frontmatter.missing-field"))
        #expect(missing.message == "missing required field 'duration' for a tutorial")
        #expect(missing.fix == "add 'duration:' with a duration such as '45 min', '2 h' or '1 h 30 min', or 'teaching:' and 'exercises:' with minutes")
        #expect((missing.line, missing.column) == (1, 1))
        try site.write(tutorial.1.replacingOccurrences(of: "duration: 30 min\n", with: "exercises: 0\nteaching: 20\n"), to: tutorial.0)
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
    }

    @Test("The Workbench's body blocks are the outline where the front-matter has none: they stay where they are, and feed the series, JSON-LD and key points")
    func outlineFromBodyBlocks() throws {
        let body = """
            ::::::::::::::::::::::::::::::::::::: questions

            - How do I pick a `threshold`?
            - What is $\\varepsilon_B$,
              and why its inverse?

            ::::::::::::::::::::::::::::::::::::::::::::::::

            :::: objectives
            Text before the list is the block's.

            1. Choose a working point
            2. Read [the notes](other.md)
               - a nested item is the block's too
            ::::

            Body.

            ::: keypoints
            * Working points come from validation data.
            :::

            """
        let part = TestSite.tutorial("loss", extra: "series: basics\npart: 1", body: body)
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), part, TestSite.tutorial("other"),
                                      ("content/tutorials/basics/_series.md", "---\ntitle: Basics\nsummary: The basics.\n---\n")), theme: [:])
        defer { site.cleanUp() }
        var options = site.options()
        options.templatesDirectory = packageRoot.appendingPathComponent("templates")
        let report = SiteBuilder(options: options).run()
        #expect(report.diagnostics.isEmpty, "\(report.summary)")
        let page = try site.read("tutorials/loss/index.html")
        // Shown once, where the body has them: no overview (the tutorial has a duration, not times), no key-points box.
        #expect(!page.contains("<aside class=\"overview\"") && !page.contains("<aside class=\"keypoints\""), "\(page)")
        #expect(page.contains("<div class=\"callout callout-questions\" id=\"questions\">"))
        // JSON-LD teaches the objectives, as text.
        #expect(page.contains("\"teaches\":[\"Choose a working point\",\"Read the notes\"]"), "\(page)")
        // The series page lists the part's key points.
        let series = try site.read("tutorials/basics/index.html")
        #expect(series.contains("<li>Working points come from validation data.</li>"), "\(series)")
    }

    @Test("Body blocks read as the outline: list items with their continuation lines, nothing else")
    func bodyOutlineItems() {
        var links = NoLinks()
        let rendered = MarkdownRenderer().render("Intro.\n\n::: questions\nText.\n\n- First, `code`\n  continued\n- Second\n\n  More of the second.\n  - nested\n10) Third\n:::\n\n::: callout\n- not an outline\n:::\n", resolver: &links)
        #expect(rendered.outlineItems.map(\.text) == ["First, `code`\ncontinued", "Second", "Third"])
        #expect(rendered.outlineItems.map(\.line) == [6, 8, 12] && rendered.outlineItems.map(\.column) == [3, 3, 5])
        #expect(rendered.outlineItems.allSatisfy { $0.field == "questions" && $0.blockLine == 3 && $0.blockColumn == 1 })
    }

    @Test("An outline given in the front-matter and in a body block is a warning at the block; the front-matter's is used")
    func outlineGivenTwice() throws {
        let twice = (outlined.0, outlined.1.replacingOccurrences(of: "Body.\n", with: "Body.\n\n::: keypoints\n- Another key point\n:::\n"))
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), twice))
        defer { site.cleanUp() }
        let warning = try #require(site.build().only("block.outline-twice"))
        #expect(warning.severity == .warning)
        #expect((warning.file, warning.line, warning.column) == ("content/tutorials/loss.md", 24, 1), "\(warning)")
        #expect(warning.message == "the page's keypoints are given twice, in its front-matter and in this block; the front-matter's are the ones its overview, its series and the reader files show")
        #expect(warning.fix == "keep one: remove this block, or 'keypoints' from the front-matter")
    }
}

/// A resolver that changes nothing.
private struct NoLinks: MarkdownLinkResolving {
    mutating func resolve(_ link: MarkdownLink) -> String? { nil }
}
