import Foundation
import PortalMarkdown
import Testing

/// A resolver that changes nothing.
private struct UnchangedBlockLinks: MarkdownLinkResolving {
    mutating func resolve(_ link: MarkdownLink) -> String? { nil }
}

private func render(_ source: String, rawHTML: Bool = false) -> RenderedMarkdown {
    var resolver = UnchangedBlockLinks()
    return MarkdownRenderer(options: MarkdownOptions(allowsRawHTML: rawHTML, rendersMarkdown: true)).render(source, resolver: &resolver)
}

/// A lesson as the Carpentries Workbench writes it: a challenge whose title is its first heading,
/// holding a solution, with fences of different lengths.
private let workbenchLesson = """
    ## Loss functions

    Text before.

    :::::::::::::::::::::::::::::::::::::: challenge

    ## Challenge 1: Pick a loss

    Which loss suits a *binary* classifier?

    ::::::::::::::::::: solution

    ## Solution

    ```python
    loss = nn.BCELoss()
    ```

    :::::::::::::::::::

    ::::::::::::::::::::::::::::::::::::::

    ## Training

    Text after.
    """

@Suite("Lesson blocks and alerts")
struct LessonBlockTests {
    @Test("A Workbench challenge holds its solution, collapsed, and their headings stay out of the page's sections")
    func workbenchChallenge() throws {
        let rendered = render(workbenchLesson)
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        let html = rendered.html
        #expect(html.contains("<div class=\"callout callout-challenge\" id=\"challenge-1-pick-a-loss\">\n<div class=\"callout-head\">\n<h2>Challenge 1: Pick a loss</h2>\n</div>"), "\(html)")
        #expect(html.contains("<details class=\"callout callout-solution\" id=\"solution\">\n<summary class=\"callout-head\">\n<h2>Solution</h2>\n</summary>"), "\(html)")
        // The solution is inside the challenge, the code inside the solution, and text after both.
        let challenge = try #require(html.range(of: "callout-challenge"))
        let solution = try #require(html.range(of: "callout-solution"))
        let code = try #require(html.range(of: "BCELoss"))
        let closing = try #require(html.range(of: "</details>\n</div>\n</div>"))
        let after = try #require(html.range(of: "Text after."))
        #expect(challenge.lowerBound < solution.lowerBound && solution.lowerBound < code.lowerBound && code.lowerBound < closing.lowerBound && closing.lowerBound < after.lowerBound)
        #expect(rendered.headings.map(\.text) == ["Loss functions", "Training"])
        #expect(rendered.anchors == ["challenge-1-pick-a-loss", "solution"])
        #expect(!html.contains(":::") && !html.contains("<!--"), "\(html)")
        // The twin keeps the author's syntax.
        #expect(rendered.markdown == workbenchLesson)
    }

    @Test("A block's title comes from its fence, in any of the three syntaxes, or is its label", arguments: [
        ("::: callout \"Why batch norm?\"\nText.\n:::", "<div class=\"callout callout-callout\" id=\"why-batch-norm\">\n<p class=\"callout-head\"><span class=\"callout-label\">Callout</span><span class=\"callout-title\">Why batch norm?</span></p>"),
        (":::{note} Read <this> first\nText.\n:::", "<div class=\"callout callout-note\" id=\"read-this-first\">\n<p class=\"callout-head\"><span class=\"callout-label\">Note</span><span class=\"callout-title\">Read &lt;this&gt; first</span></p>"),
        ("::: {.warning #gpu-memory}\nText.\n:::", "<div class=\"callout callout-warning\" id=\"gpu-memory\">\n<p class=\"callout-head\"><span class=\"callout-label\">Warning</span></p>"),
        ("::: challenge {#ex-loss} ::::\nText.\n:::", "<div class=\"callout callout-challenge\" id=\"ex-loss\">\n<p class=\"callout-head\"><span class=\"callout-label\">Challenge</span></p>"),
        ("::: Instructor\nText.\n:::", "<details class=\"callout callout-instructor\" id=\"instructor-note\">\n<summary class=\"callout-head\"><span class=\"callout-label\">Instructor note</span></summary>"),
        ("::: keypoints\n- one\n- two\n:::", "<div class=\"callout callout-keypoints\" id=\"key-points\">\n<p class=\"callout-head\"><span class=\"callout-label\">Key points</span></p>"),
        (":::{admonition} A title\nText.\n:::", "<div class=\"callout callout-callout\" id=\"a-title\">"),
    ] as [(String, String)])
    func titles(source: String, head: String) {
        let rendered = render(source)
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        #expect(rendered.html.contains(head), "\(rendered.html)")
        #expect(rendered.html.contains("<div class=\"callout-body\">"), "\(rendered.html)")
    }

    @Test("Each mistake in a fence is an error at its line and column, with the fix", arguments: [
        ("Text.\n\n::: chalenge\nBody.\n:::", "block.unknown", 3, 5, "there is no block called chalenge", "did you mean challenge?"),
        ("::: frobnicate\nBody.\n:::", "block.unknown", 1, 5, "there is no block called frobnicate", "use one of callout, challenge"),
        ("::: {#only-an-id}\nBody.\n:::", "block.unknown", 1, 5, "this ::: line opens a block without a name", "name the block after the colons"),
        ("Intro.\n\n  ::: challenge\nBody never closed.", "block.unclosed", 3, 3, "the block challenge opened here is never closed", "end it with a line of colons"),
        ("Body.\n\n:::", "block.unopened", 3, 1, "this ::: line closes a block, but no block is open", "remove the line"),
        ("::: note {#bad.id}\nBody.\n:::", "block.bad-id", 1, 5, "the id bad.id is not one portal can use", "letters, digits"),
        ("::: {.note .wide}\nBody.\n:::", "block.unknown-attribute", 1, 5, "portal cannot apply the attribute .wide to a block", "remove it"),
        ("# Setup\n\n::: note {#setup}\nBody.\n:::", "block.duplicate-id", 3, 5, "the id setup is already used on this page", "another id"),
        ("- item\n\n  ::: note\n  Body.\n\n:::", "block.misplaced", 3, 3, "the block opened here and its closing ::: (line 6) are not at the same level", "outside lists and quotes"),
        ("<div>\n::: note\n</div>\n\n::: tip\nBody.\n:::", "block.in-html", 2, 1, "this ::: line is inside raw HTML", "leave a blank line"),
    ] as [(String, String, Int, Int, String, String)])
    func fenceErrors(source: String, kind: String, line: Int, column: Int, message: String, fix: String) throws {
        let rendered = render(source)
        let problem = try #require(rendered.problems.first { $0.kind == kind }, "\(rendered.problems)")
        #expect(problem.line == line && problem.column == column, "\(problem)")
        #expect(problem.message.hasPrefix(message), "\(problem.message)")
        #expect(problem.fix.contains(fix), "\(problem.fix)")
        // No marker is printed; a fence that makes a block is not printed either (one that closes nothing stays text).
        #expect(!rendered.html.contains("\u{1}"), "\(rendered.html)")
        #expect(!rendered.html.contains("::: ") || kind == "block.unopened", "\(rendered.html)")
    }

    @Test("Blocks nest deeper than any lesson, and past that the fence is an error")
    func depthLimit() throws {
        let depth = 17
        let source = (0..<depth).map { _ in "::: note\n" }.joined() + "Body.\n" + (0..<depth).map { _ in ":::\n" }.joined()
        let rendered = render(source)
        let problem = try #require(rendered.problems.first { $0.kind == "block.too-deep" }, "\(rendered.problems)")
        #expect(problem.line == 17 && problem.column == 1)
        #expect(rendered.html.components(separatedBy: "callout-note").count - 1 == 16)
    }

    @Test("Fences inside fenced code are code, and a formula does not run over a fence")
    func fencesInCodeAndMath() {
        let code = render("```\n::: note\n```\n\n~~~~\n:::\n~~~~")
        #expect(code.problems.isEmpty, "\(code.problems)")
        #expect(code.html.contains("<code>::: note\n</code>") && code.html.contains("<code>:::\n</code>"), "\(code.html)")
        let math = render("Costs $a\n::: note\nand b$ with $x$.\n:::")
        #expect(math.problems.isEmpty, "\(math.problems)")
        #expect(math.html.contains("<p>Costs $a</p>\n<div class=\"callout callout-note\""), "\(math.html)")
        #expect(math.html.contains("<annotation encoding=\"application/x-tex\">x</annotation>"), "\(math.html)")
    }

    @Test("A block stands where it is written: after a paragraph line, in a list item, after a table")
    func placement() {
        let afterParagraph = render("A paragraph line\n::: tip\nInside.\n:::\nAfter.")
        #expect(afterParagraph.html.contains("<p>A paragraph line</p>\n<div class=\"callout callout-tip\""), "\(afterParagraph.html)")
        #expect(afterParagraph.html.contains("<p>Inside.</p>\n</div>\n</div>\n<p>After.</p>"), "\(afterParagraph.html)")
        let inItem = render("1. Step one\n\n   ::: hint\n   Try the log.\n   :::\n2. Step two")
        #expect(inItem.problems.isEmpty, "\(inItem.problems)")
        #expect(inItem.html.contains("<li>\n<p>Step one</p>\n<details class=\"callout callout-hint\""), "\(inItem.html)")
        let afterTable = render("| a |\n|---|\n| 1 |\n::: note\nText.\n:::")
        #expect(afterTable.html.contains("</table>\n<div class=\"callout callout-note\""), "\(afterTable.html)")
    }

    @Test("The Markdown twin keeps the fences as written, also when cmark-gfm writes it")
    func twinFromTree() throws {
        // Raw HTML left out makes the twin cmark-gfm's rendering of the tree.
        let rendered = render("<b>x</b>\n\n::: challenge \"Fit\"\nBody.\n:::\n")
        let twin = try #require(rendered.markdown)
        #expect(twin.contains("::: challenge \"Fit\"\n") && twin.contains("\n:::\n"), "\(twin)")
        #expect(!twin.contains("\u{1}"))
    }

    @Test("GitHub's alerts are those callouts; other quotes stay quotes", arguments: [
        ("> [!NOTE]\n> Useful to know.", "<div class=\"callout callout-note\" id=\"note\">\n<p class=\"callout-head\"><span class=\"callout-label\">Note</span></p>\n<div class=\"callout-body\">\n<p>Useful to know.</p>\n</div>\n</div>"),
        ("> [!tip]\n> One.\n>\n> Two.", "<div class=\"callout callout-tip\" id=\"tip\">"),
        ("> [!IMPORTANT]  \n> Read.", "<div class=\"callout callout-important\" id=\"important\">"),
        ("> [!WARNING]\n\nAfter.", "<div class=\"callout callout-warning\" id=\"warning\">\n<p class=\"callout-head\"><span class=\"callout-label\">Warning</span></p>\n<div class=\"callout-body\">\n</div>\n</div>"),
        ("> [!CAUTION]\n> ## Heading\n> Text.", "<div class=\"callout callout-caution\" id=\"caution\">"),
        ("> [!NOTE] inline text\n> more", "<blockquote>\n<p>[!NOTE] inline text"),
        ("> [!FOO]\n> Text.", "<blockquote>\n<p>[!FOO]"),
        ("> Plain quote.", "<blockquote>\n<p>Plain quote.</p>"),
    ] as [(String, String)])
    func alerts(source: String, expected: String) {
        let rendered = render(source)
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        #expect(rendered.html.contains(expected), "\(rendered.html)")
        #expect(rendered.headings.isEmpty)
        #expect(!rendered.plainText.contains("[!NOTE]\n") || source.contains("inline"))
        #expect(rendered.markdown == source)
    }
}

@Suite("Raw HTML left out")
struct RawHTMLNoticeTests {
    @Test("With raw HTML off, each fragment left out is a warning at its place with what to write instead", arguments: [
        ("Text.\n\n<video src=\"talk.mp4\" controls></video>\n", 3, 1, "the raw HTML <video> is left out of the page: the site does not allow raw HTML", "embed the video with a `::: video URL` block"),
        ("A <span style=\"color:red\">red</span> word.", 1, 3, "the raw HTML <span> is left out of the page", "without the markup"),
        ("Line one<br>line two", 1, 9, "the raw HTML <br> is left out", "end the line with a backslash"),
        ("> <img src=\"plot.png\">", 1, 3, "the raw HTML <img> is left out", "![what it shows](path"),
        ("<table>\n<tr><td>1</td></tr>\n</table>", 1, 1, "the raw HTML <table> is left out", "write a Markdown table"),
    ] as [(String, Int, Int, String, String)])
    func dropped(source: String, line: Int, column: Int, message: String, fix: String) throws {
        let rendered = render(source)
        let problem = try #require(rendered.problems.first { $0.kind == "html.dropped" }, "\(rendered.problems)")
        #expect(problem.isWarning)
        #expect((problem.line, problem.column) == (line, column), "\(problem)")
        #expect(problem.message.hasPrefix(message), "\(problem.message)")
        #expect(problem.fix.contains(fix), "\(problem.fix)")
        // One warning per element: its closing tag is not another.
        #expect(rendered.problems.filter { $0.kind == "html.dropped" }.count == 1, "\(rendered.problems)")
    }

    @Test("Comments are meant to be hidden, raw HTML allowed is kept, and a flood is counted in one warning")
    func notReported() throws {
        #expect(render("<!-- a note to editors -->\n\nText <!-- inline -->.").problems.isEmpty)
        #expect(render("A <span>kept</span> word.", rawHTML: true).problems.isEmpty)
        let many = render(String(repeating: "a <b>b</b> ", count: 30))
        let warnings = many.problems.filter { $0.kind == "html.dropped" }
        #expect(warnings.count == 21)
        #expect(warnings.last?.message == "10 more raw HTML fragments are left out of the page, from here on")
    }
}

@Suite("Formulas and character references")
struct FormulaReferenceTests {
    @Test("Character references that decode to a placeholder's marks are text, not formulas (found by fuzzing: the build crashed)", arguments: [
        "[e]\n\0$o$",
        "\\[e\\]\n\u{FFFD}&#31;&#30;x\n",
        "Text &#x1F;&#x1e;xx and $a$ and &#31;&#30;.",
    ])
    func forgedPlaceholders(source: String) {
        let rendered = render(source)
        #expect(!rendered.html.contains("\u{1F}") && !rendered.html.contains("\u{1E}"), "\(rendered.html)")
        // Rendering the twin again does not crash either, and keeps what it says.
        let again = render(rendered.markdown ?? "")
        #expect(!again.html.contains("\u{1F}"))
    }

    @Test("When cmark-gfm writes the Markdown twin, formulas come back as written")
    func twinFromTreeKeepsFormulas() {
        // Raw HTML left out makes the twin cmark-gfm's rendering of the tree.
        let rendered = render("<b>x</b>\n\nText $a^2$ here, and\n\n$$\nE = mc^2\n$$\n")
        let twin = rendered.markdown ?? ""
        #expect(twin.contains("Text $a^2$ here, and") && twin.contains("$$\nE = mc^2\n$$"), "\(twin)")
        #expect(!twin.contains("&#31;"))
    }
}
