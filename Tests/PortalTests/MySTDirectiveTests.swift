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
        let rendered = render("```{bibliography}\n:filter: docname in docnames\n```\n\n```{figure} plot.png\nCaption.\n```\n\n```{r}\nx <- 1\n```\n\n```{.python}\nx = 1\n```\n\n```{python echo=FALSE}\nx = 1\n```\n\n```{r setup, include=FALSE}\nx <- 1\n```\n")
        let unknown = rendered.problems.filter { $0.kind == "block.unknown-directive" }
        #expect(unknown.map(\.line) == [1, 5] && unknown.map(\.column) == [4, 4], "\(rendered.problems)")
        #expect(unknown.allSatisfy { $0.isWarning })
        #expect(unknown.first?.message == "portal does not render the MyST directive {bibliography}: it is shown as code")
        #expect(unknown.last?.fix == "write the figure in Markdown: ![what it shows](plot.png \"Caption\"){#fig-name}")
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
        let site = try TestSite(.init(files: TestSite.breakout("open-data"), ("content/tutorials/z-window/index.md", source)))
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        // Besides the title the body repeats, what portal does not render yet, each at its line.
        let reported = report.diagnostics.filter { $0.id != "markdown.repeated-title" }.map { "\($0.id)@\($0.line)" }
        #expect(reported == ["block.unknown-directive@46", "block.unknown-directive@81"], "\(report.summary)")
        let page = try site.read("tutorials/z-window/index.html")
        #expect(!page.contains("+++") && !page.contains(":label:") && !page.contains("format_name"), "\(page)")
        #expect(page.contains("<div class=\"callout callout-note\"") && page.contains("<div class=\"callout callout-warning\""))
        #expect(page.contains("id=\"eq-window\""), "\(page)")
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
}
