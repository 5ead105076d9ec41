import Foundation
import PortalCore
import PortalMarkdown
import PortalTestSupport
import Testing

private let notebookFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/notebooks")

private struct MySTDirectiveLinks: MarkdownLinkResolving {
    mutating func resolve(_ link: MarkdownLink) -> String? { nil }
}

private func render(_ source: String) -> RenderedMarkdown {
    var resolver = MySTDirectiveLinks()
    return MarkdownRenderer(options: MarkdownOptions(rendersMarkdown: true)).render(source, resolver: &resolver)
}

/// MyST's directives written with backticks, as Jupyter Book pages write them.
@Suite("MyST directives")
struct MySTDirectiveTests {
    @Test("A directive naming a block kind is that block, its content Markdown, its :name: its id, nested with longer fences")
    func admonitions() throws {
        let rendered = render("""
            Intro.

            ````{warning} Mind the window
            :name: window-bias
            A window chosen by looking at the data *biases* the result, $m_Z$ included.

            ```{hint}
            Take it from simulation.
            ```
            ````

            ~~~{admonition} Why batch norm?
            Because.
            ~~~

            """)
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        let html = rendered.html
        #expect(html.contains("<div class=\"callout callout-warning\" id=\"window-bias\">"), "\(html)")
        #expect(html.contains("Mind the window") && html.contains("<em>biases</em>") && html.contains("<math"))
        #expect(html.contains("<details class=\"callout callout-hint\""), "\(html)")
        #expect(!html.contains(":name:") && !html.contains("```") && !html.contains("<pre"), "\(html)")
        #expect(html.contains("Why batch norm?") && html.contains("<p>Because.</p>"))
        // The twin keeps the author's text.
        #expect(rendered.markdown?.contains("````{warning} Mind the window\n:name: window-bias\n") == true)
    }

    @Test("An option a block does not take is a warning at its line; an unclosed directive is an error with its closing fence")
    func optionsAndUnclosed() throws {
        let rendered = render("```{note}\n:class: dropdown\nText.\n```\n\n```{tip}\nNever closed.\n")
        let option = try #require(rendered.problems.first { $0.kind == "attribute.not-applied" }, "\(rendered.problems)")
        #expect((option.line, option.column, option.isWarning) == (2, 1, true))
        #expect(option.message == "portal does not apply the option :class: of a block; it is left out")
        let unclosed = try #require(rendered.problems.first { $0.kind == "block.unclosed" })
        #expect((unclosed.line, unclosed.column) == (6, 1))
        #expect(unclosed.fix == "end it with a line of ``` after its last line")
        #expect(!rendered.html.contains(":class:"))
    }

    @Test("A directive portal does not render is a warning at its name with what to write instead, and stays code; languages in braces are code")
    func unknownDirective() throws {
        let rendered = render("```{bibliography}\n:filter: docname in docnames\n```\n\n```{include} setup.md\n```\n\n```{r}\nx <- 1\n```\n\n```{.python}\nx = 1\n```\n\n```{python echo=FALSE}\nx = 1\n```\n\n```{r setup, include=FALSE}\nx <- 1\n```\n")
        let unknown = rendered.problems.filter { $0.kind == "block.unknown-directive" }
        #expect(unknown.map(\.line) == [1, 5] && unknown.map(\.column) == [4, 4], "\(rendered.problems)")
        #expect(unknown.allSatisfy { $0.isWarning })
        #expect(unknown.first?.message == "portal does not render the MyST directive {bibliography}: it is shown as code")
        #expect(unknown.last?.fix == "put the text in the page, or link to the file: [the script](script.py)")
        #expect(rendered.html.contains("<pre tabindex=\"0\"><code class=\"language-{bibliography}\">:filter: docname in docnames"), "\(rendered.html)")
    }

    @Test("{math} is display math; with :label: it is numbered and its label an anchor; other options are warnings")
    func mathDirective() throws {
        let rendered = render("```{math}\n:label: eq-window\n|m - m_Z| < \\Delta\n```\n\n```{math}\nE = mc^2\n```\n\nSee [](#eq-window).\n")
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        #expect(rendered.anchors.contains("eq-window"), "\(rendered.anchors)")
        #expect(rendered.html.components(separatedBy: "<math display=\"block\"").count == 3, "\(rendered.html)")
        #expect(rendered.html.contains("(1)"))
        let warned = render("```{math}\n:nowrap:\nx\n```\n").problems
        #expect(warned.map(\.kind) == ["code.unknown-option"] && warned.first?.line == 2, "\(warned)")
    }

    @Test("Options at the top of a code cell are not code; its tags hide or remove it; other options are warnings at their lines")
    func codeCellOptions() throws {
        let rendered = render("```{code-cell} ipython3\n:tags: [hide-input]\n\npurity = 0.9\n```\n\n```{code-cell} ipython3\n:tags: [remove-cell]\nsecret = 1\n```\n\n```{code-cell}\n:tags: [\"remove-input\", hide-output]\nplain = 2\n```\n\n```{code-block} python\n:linenos:\nx = 1\n```\n")
        #expect(rendered.html.contains("<details class=\"code-hidden\">\n<summary>Show code</summary>\n<pre tabindex=\"0\"><code class=\"language-python\">purity"), "\(rendered.html)")
        #expect(!rendered.html.contains("tags") && !rendered.html.contains("secret") && !rendered.html.contains("plain"), "\(rendered.html)")
        let warning = try #require(rendered.problems.first, "\(rendered.problems)")
        #expect(rendered.problems.count == 1)
        #expect((warning.kind, warning.line, warning.isWarning) == ("code.unknown-option", 18, true))
        #expect(warning.message == "portal does not apply the option :linenos: of {code-block}; it is left out")
    }

    @Test("A jupytext MyST page is a tutorial: its jupytext keys accepted, its +++ cell breaks left out, its directives rendered or reported")
    func mystNotebookPage() throws {
        let source = try String(contentsOf: notebookFixtures.appendingPathComponent("myst.md"), encoding: .utf8)
        var files = [String: String](files: TestSite.breakout("open-data"), ("content/tutorials/z-window/index.md", source))
        files["content/tutorials/z-window/myst-zpeak.png"] = "not read: a figure's file need only exist"
        let site = try TestSite(files)
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        // Besides the title the body repeats, the directive portal does not render, at its line.
        let reported = report.diagnostics.filter { $0.id != "markdown.repeated-title" }.map { "\($0.id)@\($0.line)" }
        #expect(reported == ["block.unknown-directive@81"], "\(report.summary)")
        let page = try site.read("tutorials/z-window/index.html")
        #expect(!page.contains("+++") && !page.contains(":label:") && !page.contains("format_name"), "\(page)")
        #expect(page.contains("<div class=\"callout callout-note\"") && page.contains("<div class=\"callout callout-warning\""))
        #expect(page.contains("id=\"eq-window\""), "\(page)")
        #expect(page.contains("<figure class=\"figure\" id=\"fig-zpeak\">"))
        // The cell tagged hide-input is closed until opened.
        #expect(page.contains("<details class=\"code-hidden\">\n<summary>Show code</summary>"))
        // Without jupytext's keys, a +++ line is text.
        let plain = render("A\n\n+++\n\nB\n")
        #expect(plain.html.contains("<p>+++</p>"))
    }

    @Test("In a notebook, +++ lines with or without the next cell's metadata are left out, but not inside code")
    func cellBreaks() {
        var options = MarkdownOptions(rendersMarkdown: true)
        options.notebookCells = true
        var resolver = MySTDirectiveLinks()
        let rendered = MarkdownRenderer(options: options).render("A\n+++\nB\n\n+++ {\"tags\": [\"hide\"]}\n\n```\n+++\n```\n", resolver: &resolver)
        #expect(rendered.html == "<p>A</p>\n<p>B</p>\n<pre tabindex=\"0\"><code>+++\n</code></pre>\n", "\(rendered.html)")
        #expect(rendered.markdown?.contains("+++ {\"tags\"") == true)
    }

    @Test("jupytext's keys must be mappings, as jupytext writes them; anything else is an error at the key")
    func jupytextKeys() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("cells", extra: "jupytext: yes")))
        defer { site.cleanUp() }
        let error = try #require(site.build().only("frontmatter.bad-value"))
        #expect(error.message == "'jupytext' must be a mapping, as jupytext and Jupyter write it")
        #expect((error.file, error.line, error.column) == ("content/tutorials/cells.md", 9, 1))
    }

    @Test("A {figure} is a numbered figure: the path its image, :alt:, :name: and :width: applied, the text its caption; other options are warnings")
    func figure() throws {
        let rendered = render("""
            Intro.

            ```{figure} zpeak.png
            :alt: The Z peak
            :name: fig-zpeak
            :width: 60%
            :align: center

            The dimuon "mass" spectrum, $m_Z$ as written.
            ```

            After.

            """)
        let html = rendered.html
        #expect(html.contains("<figure class=\"figure\" id=\"fig-zpeak\">\n<img src=\"zpeak.png\" alt=\"The Z peak\" class=\"img-w-60\" />"), "\(html)")
        #expect(html.contains("<figcaption><span class=\"figure-number\">Figure 1</span> The dimuon &quot;mass&quot; spectrum, $m_Z$ as written.</figcaption>"), "\(html)")
        #expect(html.contains("<p>After.</p>") && !html.contains("{figure}") && !html.contains(":alt:"))
        let option = try #require(rendered.problems.first { $0.kind == "attribute.not-applied" }, "\(rendered.problems)")
        #expect((option.line, option.column, option.isWarning) == (7, 1, true))
        #expect(option.message == "portal does not apply the option :align: of a figure; it is left out")
        #expect(rendered.markdown?.contains("```{figure} zpeak.png\n:alt: The Z peak\n") == true)
        // The image is a link like any other, at its place on the directive's line.
        let image = try #require(rendered.links.first { $0.destination == "zpeak.png" })
        #expect((image.line, image.column) == (3, 13))
    }

    @Test("{tableofcontents} lists the series' parts on the series page and its parts, and is a warning on a page in no series")
    func tableOfContents() throws {
        var files = [String: String](files:
            TestSite.breakout("agentic-ai"),
            TestSite.tutorial("second", extra: "series: basics\npart: 2"),
            TestSite.tutorial("first", extra: "series: basics\npart: 1", body: "```{tableofcontents}\n```\n"),
            TestSite.tutorial("alone", body: "Text.\n\n```{tableofcontents}\n```\n"))
        files["content/tutorials/basics/_series.md"] = "---\ntitle: Basics\nsummary: The basics.\nlevel: beginner\n---\n\n```{tableofcontents}\n```\n"
        let site = try TestSite(files)
        defer { site.cleanUp() }
        let report = site.build()
        let series = try site.read("tutorials/basics/index.html")
        #expect(series.contains("<ol class=\"series-parts\">\n<li><a href=\"../first/index.html\">Tutorial first</a></li>\n<li><a href=\"../second/index.html\">Tutorial second</a></li>\n</ol>"), "\(series)")
        let first = try site.read("tutorials/first/index.html")
        #expect(first.contains("<li class=\"is-current\"><span aria-current=\"page\">Tutorial first</span></li>"))
        let warning = try #require(report.only("block.no-contents"), "\(report.summary)")
        #expect(warning.file.hasSuffix("tutorials/alone.md") && warning.severity == .warning)
        #expect(warning.message == "{tableofcontents} lists the parts of a series, and this page is not in one; it is left out")
        let alone = try site.read("tutorials/alone/index.html")
        #expect(!alone.contains("tableofcontents"))
    }

    @Test("An {include} brings in a file of the page's folder: between its markers, its headings the page's, its links from the page, its problems at its own lines")
    func include() throws {
        var files = [String: String](files: TestSite.breakout("agentic-ai"), TestSite.tutorial("python-env"))
        files["content/tutorials/fit/index.md"] = """
            ---
            title: Fit
            summary: Fit a peak.
            level: beginner
            duration: 30 min
            areas: [agentic-ai]
            authors: [Test Author]
            date: 2026-06-01
            ---

            Intro.

            ```{include} setup.md
            :start-after: <!-- start -->
            :end-before: <!-- end -->
            ```

            ```{include} env.txt
            :code: bash
            ```

            After.

            """
        files["content/tutorials/fit/setup.md"] = "# Not this\n<!-- start -->\n## Setup\n\nRead [the environment](../python-env.md), then [this](missing.md).\n<!-- end -->\nNor this.\n"
        files["content/tutorials/fit/env.txt"] = "python -m venv .venv\n"
        let site = try TestSite(files)
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let broken = try #require(report.only("link.broken"), "\(report.summary)")
        #expect((broken.file, broken.line, broken.column) == ("content/tutorials/fit/setup.md", 5, 55))
        #expect(broken.sourceLine == "Read [the environment](../python-env.md), then [this](missing.md).")
        try site.write("# Not this\n<!-- start -->\n## Setup\n\nRead [the environment](../python-env.md).\n<!-- end -->\nNor this.\n", to: "content/tutorials/fit/setup.md")
        let built = site.build()
        #expect(!built.hasErrors, "\(built.summary)")
        let html = try site.read("tutorials/fit/index.html")
        #expect(html.contains("<h2 id=\"setup\">Setup") && html.contains("<a href=\"../python-env/index.html\">the environment</a>"), "\(html)")
        #expect(!html.contains("Not this") && !html.contains("Nor this") && !html.contains("{include}"))
        #expect(html.contains("<code class=\"language-bash\">python -m venv .venv"), "\(html)")
        #expect(try site.read("tutorials/fit/index.md").contains("## Setup"))
    }

    @Test("An {include} of a file outside the page's folder, of a missing file, or on a page without a folder is an error at its path")
    func includeErrors() throws {
        var files = [String: String](files: TestSite.breakout("agentic-ai"),
                                     TestSite.tutorial("alone", body: "```{include} notes.md\n```\n"))
        files["content/tutorials/fit/index.md"] = "---\ntitle: Fit\nsummary: Fit.\nlevel: beginner\nduration: 30 min\nareas: [agentic-ai]\nauthors: [A]\ndate: 2026-06-01\n---\n\n```{include} ../alone.md\n```\n\n~~~{include} missing.md\n:class: wide\n~~~\n"
        let site = try TestSite(files)
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let errors = report.diagnostics("block.bad-include").sorted { ($0.file, $0.line) < ($1.file, $1.line) }
        #expect(errors.map { "\($0.file):\($0.line):\($0.column)" } == ["content/tutorials/alone.md:11:14", "content/tutorials/fit/index.md:11:14", "content/tutorials/fit/index.md:14:14"],
                "\(report.summary)")
        #expect(errors.map(\.message) == [
            "{include} brings in a file of the page's own folder, and this page has none",
            "'../alone.md' is not in the page's folder; {include} brings in only the page's own files",
            "'missing.md' does not exist in the page's folder",
        ])
        #expect(errors[0].fix == "make the page a folder (tutorials/alone/index.md) with the file beside it, or put the text in the page")
        let option = try #require(report.only("attribute.not-applied"))
        #expect((option.line, option.message) == (15, "portal does not apply the option :class: of {include}; it is left out"))
    }
}
