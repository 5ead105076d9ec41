import Foundation
import PortalMarkdown
import Testing

/// A resolver that changes nothing.
private struct UnchangedAttributeLinks: MarkdownLinkResolving {
    mutating func resolve(_ link: MarkdownLink) -> String? { nil }
}

private func render(_ source: String) -> RenderedMarkdown {
    var resolver = UnchangedAttributeLinks()
    return MarkdownRenderer(options: MarkdownOptions(rendersMarkdown: true)).render(source, resolver: &resolver)
}

/// An episode as the Carpentries' Jekyll template wrote them: a challenge quote holding a solution
/// quote, code blocks whose language is an attribute line, and output.
private let jekyllEpisode = """
    ## Lists

    > ## Slicing
    >
    > What does this print?
    >
    > ~~~
    > print(values[1:3])
    > ~~~
    > {: .language-python}
    >
    > > ## Solution
    > >
    > > ~~~
    > > [2, 3]
    > > ~~~
    > > {: .output}
    > {: .solution}
    {: .challenge}

    After.
    """

@Suite("kramdown attribute lines")
struct KramdownAttributeTests {
    @Test("A Jekyll lesson's challenge and solution quotes become those blocks, their code highlighted and their output marked")
    func jekyllChallenge() throws {
        let rendered = render(jekyllEpisode)
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        let html = rendered.html
        // "Slicing" does not say it is a challenge: the head does.
        #expect(html.contains("<div class=\"callout callout-challenge\" id=\"slicing\">\n<div class=\"callout-head\"><span class=\"callout-label\">Challenge</span>\n<h2>Slicing</h2>\n</div>"), "\(html)")
        #expect(html.contains("<details class=\"callout callout-solution\" id=\"solution\">\n<summary class=\"callout-head\">\n<h2>Solution</h2>\n</summary>"), "\(html)")
        #expect(html.contains("<code class=\"language-python\"><span class=\"hl-f\">print</span>(values["), "\(html)")
        #expect(html.contains("<code class=\"language-output\">[2, 3]"), "\(html)")
        #expect(!html.contains("{:") && !html.contains("<blockquote>") && !html.contains("<!--"), "\(html)")
        let solution = try #require(html.range(of: "callout-solution"))
        let challengeEnd = try #require(html.range(of: "</details>\n</div>\n</div>"))
        #expect(solution.lowerBound < challengeEnd.lowerBound)
        #expect(html.hasSuffix("<p>After.</p>\n"), "\(html)")
        #expect(rendered.headings.map(\.text) == ["Lists"])
        #expect(rendered.anchors == ["slicing", "solution"])
        #expect(rendered.markdown == jekyllEpisode)
        #expect(!rendered.plainText.contains("{:"))
    }

    @Test("An attribute line after a code block sets its language or marks it as output", arguments: [
        ("~~~\nx = 1\n~~~\n{: .language-python}", "<code class=\"language-python\">"),
        ("```\nls\n```\n{: .language-bash}", "<code class=\"language-bash\">"),
        ("~~~\nTraceback\n~~~\n{: .error}", "<pre tabindex=\"0\"><code class=\"language-error\">Traceback"),
        ("~~~\n42\n~~~\n{: .output}", "<pre tabindex=\"0\"><code class=\"language-output\">42"),
        ("~~~\nx = 1\n~~~\n{: .source}", "<pre tabindex=\"0\"><code>x = 1"),
    ] as [(String, String)])
    func codeBlocks(source: String, expected: String) {
        let rendered = render(source)
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        #expect(rendered.html.contains(expected), "\(rendered.html)")
        #expect(!rendered.html.contains("{:"), "\(rendered.html)")
    }

    @Test("Image attributes become attributes, never inline styles", arguments: [
        ("![A plot](plot.png){: width=\"80%\"}", "<p><img src=\"plot.png\" alt=\"A plot\" class=\"img-w-80\" /></p>"),
        ("See ![A plot](plot.png \"Loss\"){: width=\"640px\" height=480}", "<p>See <img src=\"plot.png\" alt=\"A plot\" title=\"Loss\" width=\"640\" height=\"480\" /></p>"),
        ("![A plot](plot.png)\n{: width=\"33%\"}", "<p><img src=\"plot.png\" alt=\"A plot\" class=\"img-w-35\" /></p>"),
        ("See ![icon](i.png){: height=\"16\"} here.", "<p>See <img src=\"i.png\" alt=\"icon\" height=\"16\" /> here.</p>"),
    ] as [(String, String)])
    func images(source: String, expected: String) {
        let rendered = render(source)
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        #expect(rendered.html.contains(expected), "\(rendered.html)")
        #expect(!rendered.html.contains("style="))
    }

    @Test("What portal cannot apply is a warning at the list, and never printed", arguments: [
        ("Text.\n\n{: .no_toc}", "attribute.not-applied", 3, 1, "portal cannot apply .no_toc here"),
        ("> Quote.\n{: .challenge .wide}", "attribute.not-applied", 2, 1, "portal cannot apply .wide to a challenge block"),
        ("> A talk.\n{: .video}", "attribute.not-applied", 2, 1, "portal cannot apply .video here"),
        ("~~~\nx\n~~~\n{: .language-python .wide}", "attribute.not-applied", 4, 1, "portal cannot apply .wide to a code block"),
        ("![A plot](plot.png){: style=\"border: 0\"}", "attribute.not-applied", 1, 20, "portal cannot apply style to an image"),
        ("> Quote.\n> {:name: .x}", "attribute.unreadable", 2, 3, "portal cannot read this attribute list"),
    ] as [(String, String, Int, Int, String)])
    func warnings(source: String, kind: String, line: Int, column: Int, message: String) throws {
        let rendered = render(source)
        let problem = try #require(rendered.problems.first { $0.kind == kind }, "\(rendered.problems)")
        #expect(problem.isWarning)
        #expect((problem.line, problem.column) == (line, column), "\(problem)")
        #expect(problem.message.hasPrefix(message), "\(problem.message)")
        #expect(!rendered.html.contains("{:"), "\(rendered.html)")
    }

    @Test("Attribute lines inside fenced code are code")
    func insideCode() {
        let rendered = render("```\n{: .challenge}\n```")
        #expect(rendered.problems.isEmpty)
        #expect(rendered.html.contains("<code>{: .challenge}\n</code>"), "\(rendered.html)")
    }
}

@Suite("Figures")
struct FigureTests {
    @Test("An image alone in its paragraph with a title is a numbered figure with a caption and an id")
    func figures() {
        let source = """
            ![Loss curves](loss.png "Training and validation loss")

            ![ROC curve](roc.png "Background rejection against signal efficiency"){#fig-roc}

            ![Scores](scores.png "Scores of the test jets")
            {: #fig-scores width="50%"}

            An icon ![x](x.png "not a figure") in a line, and an untitled image:

            ![Untitled](plain.png)

            See [](#fig-roc), [the scores](#fig-scores) and [](#figure-1).
            """
        let rendered = render(source)
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        let html = rendered.html
        #expect(html.contains("""
            <figure class="figure" id="figure-1">
            <img src="loss.png" alt="Loss curves" />
            <figcaption><span class="figure-number">Figure 1</span> Training and validation loss</figcaption>
            </figure>
            """), "\(html)")
        #expect(html.contains("<figure class=\"figure\" id=\"fig-roc\">\n<img src=\"roc.png\" alt=\"ROC curve\" />\n<figcaption><span class=\"figure-number\">Figure 2</span>"), "\(html)")
        #expect(html.contains("<figure class=\"figure\" id=\"fig-scores\">\n<img src=\"scores.png\" alt=\"Scores\" class=\"img-w-50\" />\n<figcaption><span class=\"figure-number\">Figure 3</span>"), "\(html)")
        #expect(html.contains("<img src=\"x.png\" alt=\"x\" title=\"not a figure\" />") && html.contains("<p><img src=\"plain.png\" alt=\"Untitled\" /></p>"), "\(html)")
        #expect(html.contains("<a href=\"#fig-roc\">Figure 2</a>, <a href=\"#fig-scores\">the scores</a> and <a href=\"#figure-1\">Figure 1</a>"), "\(html)")
        #expect(rendered.anchors == ["figure-1", "fig-roc", "fig-scores"])
        #expect(!html.contains("{#") && !html.contains("{:"))
        #expect(rendered.plainText.contains("Background rejection against signal efficiency"))
        #expect(rendered.markdown == source)
    }

    @Test("A figure's id already used on the page is an error at its attribute list")
    func duplicateFigureID() throws {
        let rendered = render("## Loss\n\n![Loss](loss.png \"The loss\"){#loss}\n")
        let problem = try #require(rendered.problems.first { $0.kind == "block.duplicate-id" }, "\(rendered.problems)")
        #expect((problem.line, problem.column) == (3, 29))
        #expect(problem.message == "the id loss is already used on this page")
    }
}

@Suite("Code languages")
struct CodeLanguageTests {
    @Test("Lessons' language names are highlighted as their language, named by its usual name", arguments: [
        ("```ipython3\nimport numpy as np\n```", "<code class=\"language-python\"><span class=\"hl-k\">import</span>"),
        ("```root\nTH1F h(\"h\", \"mass\", 100, 0, 200);\n```", "<code class=\"language-cpp\">"),
        ("```cling\nint n = 3;\n```", "<code class=\"language-cpp\"><span class=\"hl-k\">int</span>"),
        ("```zsh\necho $HOME\n```", "<code class=\"language-bash\">"),
        ("```{code-cell} ipython3\nimport numpy as np\n```", "<code class=\"language-python\"><span class=\"hl-k\">import</span>"),
        ("```{code-block} text\nplain\n```", "<code class=\"language-text\">plain"),
    ] as [(String, String)])
    func aliases(source: String, expected: String) {
        let rendered = render(source)
        #expect(rendered.html.contains(expected), "\(rendered.html)")
        #expect(rendered.problems.isEmpty)
    }
}

@Suite("Attribute lists beside formulas")
struct AttributeFormulaTests {
    @Test("An image's attribute list and a formula in the text after it")
    func listThenFormula() {
        let rendered = render("See ![a](b.png){: width=\"50%\"} and $x^2$ here.")
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        #expect(rendered.html.contains("<img src=\"b.png\" alt=\"a\" class=\"img-w-50\" /> and <math>"), "\(rendered.html)")
        #expect(rendered.html.contains("</math> here."), "\(rendered.html)")
        #expect(!rendered.html.contains("{:"))
    }
}
