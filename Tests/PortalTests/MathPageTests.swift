import Foundation
import PortalCore
import PortalMarkdown
import PortalTestSupport
import Testing

/// The package's folder, whose `templates` are the shipped theme.
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A resolver that changes nothing.
private struct UnchangedMathLinks: MarkdownLinkResolving {
    mutating func resolve(_ link: MarkdownLink) -> String? { nil }
}

private func render(_ source: String) -> RenderedMarkdown {
    var resolver = UnchangedMathLinks()
    return MarkdownRenderer(options: MarkdownOptions(rendersMarkdown: true)).render(source, resolver: &resolver)
}

/// The TeX in each `<annotation>` of `html`, in order: which formulas were found, as written.
private func formulas(in html: String) -> [String] {
    html.components(separatedBy: "<annotation encoding=\"application/x-tex\">").dropFirst().map { String($0.prefix { $0 != "<" }) }
}

@Suite("Math in pages")
struct MathPageTests {
    @Test("Each delimiter gives a formula, and Markdown never touches its TeX", arguments: [
        ("Energy $E = mc^2$ here.", ["E = mc^2"], false),
        ("Matrix $\\begin{pmatrix} a \\\\ b \\end{pmatrix}$ and $\\left\\{ x \\right\\}$.", ["\\begin{pmatrix} a \\\\ b \\end{pmatrix}", "\\left\\{ x \\right\\}"], false),
        ("Spaced $a\\,b$, emphasis-like $a_{L_\\mu} b_x$.", ["a\\,b", "a_{L_\\mu} b_x"], false),
        ("Inline double $$x^2$$ in a line.", ["x^2"], false),
        ("$$\nx = \\frac{1}{2}\n$$", ["\nx = \\frac{1}{2}\n"], true),
        ("Parenthesis \\(\\alpha\\) form.", ["\\alpha"], false),
        ("\\[\n\\int_0^1 f\n\\]", ["\n\\int_0^1 f\n"], true),
        ("GitHub's $`\\sqrt{2}`$ form.", ["\\sqrt{2}"], false),
        ("```math\n\\sigma_{\\mathrm{tot}}\n```", ["\\sigma_{\\mathrm{tot}}\n"], true),
        ("| a | b |\n|---|---|\n| $x|y$ | $\\frac{a}{b}$ |", ["x|y", "\\frac{a}{b}"], false),
        ("1. A list item with $p_T$\n   over two lines $\\eta$.", ["p_T", "\\eta"], false),
        ("A note.[^1] Then $b$.\n\n[^1]: The footnote holds $a$.", ["b", "a"], false),
    ] as [(String, [String], Bool)])
    func delimiters(source: String, tex: [String], display: Bool) {
        let rendered = render(source)
        #expect(formulas(in: rendered.html) == tex, "\(rendered.html)")
        #expect(rendered.html.contains("<math display=\"block\">") == display)
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        #expect(!rendered.html.contains("\u{1F}") && !rendered.html.contains("\u{1}"))
    }

    @Test("Prices, escaped dollars, code and escaped brackets stay text", arguments: [
        "It costs $5 and $10 today.",
        "A dollar \\$x\\$ sign.",
        "Code `$HOME` and `${x}`, and ``a $b$ c``.",
        "```\n$x$ in a fence\n```",
        "    $x$ in an indented block",
        "Citation \\[1\\] and \\[x\\](y).",
        "A $ alone, and $ spaced $.",
        "Line one $a\n\nline two$ never closes across a paragraph.",
    ])
    func notMath(source: String) {
        let rendered = render(source)
        #expect(!rendered.html.contains("<math"), "\(rendered.html)")
        #expect(!rendered.html.contains("\u{1F}") && !rendered.html.contains("xxx"), "\(rendered.html)")
        #expect(rendered.problems.isEmpty)
    }

    @Test("Text holding the bytes that start a placeholder keeps its formulas: the bytes become U+FFFD and every formula stays in place")
    func placeholderBytesInText() {
        let rendered = render("Unit\u{1F}separator and record\u{1E}separator, then $x^2$ and $y$.\n\n$$\nz\n$$\n")
        #expect(formulas(in: rendered.html) == ["x^2", "y", "\nz\n"], "\(rendered.html)")
        #expect(rendered.html.contains("Unit\u{FFFD}separator and record\u{FFFD}separator, then <math>"), "\(rendered.html)")
        #expect(rendered.html.contains("<div class=\"math-display\" tabindex=\"0\"><math display=\"block\">"))
        #expect(!rendered.html.contains("\u{1F}") && !rendered.html.contains("\u{1E}") && !rendered.html.contains("xxx"))
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
    }

    @Test("A paragraph of 120 inline formulas, and one with a displayed formula inside its text, keep each formula in its place, in order")
    func manyFormulasInOneText() {
        // Formulas are numbered from 0 as they are placed, so this takes the numbers to three digits,
        // both where a text node of inline formulas is written at once and where it is split.
        let inline = (0..<120).map { "x_{\($0)}" }
        let source = inline.map { "word $\($0)$" }.joined(separator: " ") + " and\n\nThen\n$$\ny\n$$\ninside, then $z$ last.\n"
        let rendered = render(source)
        #expect(formulas(in: rendered.html) == inline + ["\ny\n", "z"], "\(rendered.html)")
        #expect(rendered.html.hasPrefix("<p>word <math><semantics><msub><mi>x</mi><mn>0</mn></msub>"), "\(rendered.html.prefix(200))")
        #expect(rendered.html.contains("<mn>119</mn></msub><annotation encoding=\"application/x-tex\">x_{119}</annotation></semantics></math> and</p>"))
        #expect(rendered.html.contains("<p>Then\n<span class=\"math-display\" tabindex=\"0\"><math display=\"block\">"), "\(rendered.html)")
        #expect(rendered.html.contains("</math></span>\ninside, then <math><semantics><mi>z</mi>"))
        #expect(!rendered.html.contains("\u{1}") && !rendered.html.contains("\u{2}") && !rendered.html.contains("\u{1F}"))
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
    }

    @Test("A $$ formula on lines of its own is a block with a scrolling box; \\label makes it an anchor, and [](#…) shows its number")
    func displayAndNumbers() {
        let rendered = render("Before.\n\n$$\n\\begin{equation}\nE = mc^2 \\label{eq:energy}\n\\end{equation}\n$$\n\nSee [](#eq-energy) and $\\eqref{eq:energy}$.\n")
        #expect(rendered.html.contains("<div class=\"math-display\" tabindex=\"0\" id=\"eq-energy\"><math display=\"block\">"))
        #expect(rendered.html.contains("<a href=\"#eq-energy\">(1)</a>"))
        #expect(rendered.html.contains("<mtext>(1)</mtext>"))
        #expect(rendered.anchors == ["eq-energy"])
        #expect(!rendered.html.contains("<p><div"))
    }

    @Test("A display formula of several labelled lines carries the first label on its box and the others just inside it, as a block or in a paragraph")
    func severalLabels() {
        let lines = "\\begin{align}\na &= b \\label{eq:one} \\\\\nc &= d \\label{eq:two}\n\\end{align}"
        let block = render("$$\n" + lines + "\n$$\n").html
        #expect(block.contains("<div class=\"math-display\" tabindex=\"0\" id=\"eq-one\"><span id=\"eq-two\"></span><math display=\"block\">"), "\(block)")
        #expect(block.hasSuffix("</math></div>\n"), "\(block)")
        let inline = render("Then\n$$\n" + lines + "\n$$\nand more.\n").html
        #expect(inline.contains("<p>Then\n<span class=\"math-display\" tabindex=\"0\" id=\"eq-one\"><span id=\"eq-two\"></span><math display=\"block\">"), "\(inline)")
        #expect(inline.contains("</math></span>\nand more.</p>"), "\(inline)")
    }

    @Test("A formula in an image's description, a link's destination or title, or an autolink stays as written")
    func formulasOutsideText() {
        let source = """
            An image ![the $\\alpha$ plot](a.png) and [a link with $x$](b.md "title $y$") to [a query](https://example.org/?a=$b$c).
            An autolink <https://example.org/$p$q>, a [reference][r] and [another][r2], then $z$.

            [r]: https://example.org/$s$t "more $u$"
            [r2]: https://example.org/two
              "on the next line $v$"
            """
        let rendered = render(source)
        #expect(rendered.html.contains("alt=\"the $\\alpha$ plot\""))
        #expect(rendered.html.contains("title=\"title $y$\""))
        #expect(rendered.html.contains("href=\"https://example.org/?a=$b$c\""))
        #expect(rendered.html.contains("href=\"https://example.org/$p$q\""))
        #expect(rendered.html.contains("href=\"https://example.org/$s$t\" title=\"more $u$\""))
        #expect(rendered.html.contains("title=\"on the next line $v$\""))
        // Only the formulas of the text are MathML, in order, each in its place.
        #expect(formulas(in: rendered.html) == ["x", "z"])
        #expect(rendered.html.contains("with <math><semantics><mi>x</mi>"))
        #expect(rendered.links.map(\.destination) == ["a.png", "b.md", "https://example.org/?a=$b$c", "https://example.org/$p$q", "https://example.org/$s$t",
                                                     "https://example.org/two"])
        #expect(rendered.problems.isEmpty)
    }

    @Test("The search text keeps a formula's words, not the commands that lay it out")
    func searchTextWords() {
        let rendered = render("Fit $\\left( \\frac{\\chi^2}{\\mathrm{ndf}} \\right)$ to the right.\n")
        #expect(rendered.plainText.contains("\\chi^2"))
        #expect(rendered.plainText.contains("ndf"))
        #expect(!rendered.plainText.contains("left") && !rendered.plainText.contains("frac") && !rendered.plainText.contains("mathrm"))
        #expect(rendered.plainText.contains("to the right."))
        #expect(rendered.markdown?.contains("\\left( \\frac{\\chi^2}{\\mathrm{ndf}} \\right)") == true)
    }

    @Test("A formula over several lines is its words once in the search text, and the text after it stays", arguments: [
        "Before\n\n$$\n\\chi^2 +\n\\eta\n$$\n\nAfter $\\phi$ too.\n",
        "> Quoted $\\chi^2\n> + \\eta$ then $\\phi$ and\n> After too.\n",
        "- Item $\\chi^2 +\n  \\eta$ and $\\phi$\n  After too.\n",
    ])
    func searchTextOfFormulasOverLines(source: String) {
        let plain = render(source).plainText
        #expect(plain.components(separatedBy: "\\chi^2").count == 2, "\(plain)")
        #expect(plain.contains("\\eta") && plain.contains("\\phi"), "\(plain)")
        #expect(plain.contains("After"), "\(plain)")
        #expect(!plain.contains("xx") && !plain.unicodeScalars.contains { $0.value == 0x1E || $0.value == 0x1F }, "\(plain)")
    }

    @Test("A page of openers that never close stops the formula search at one, as an error there, and keeps its text",
          arguments: [("$a ", "$a "), ("\\(a ", "(a "), ("](", "]("), ("](x (", "](x ("), ("](<", "](&lt;")])
    func tooManyOpeners(opener: String, shown: String) throws {
        let source = "Mass $m$ here.\n\nThen " + String(repeating: opener, count: 40_000) + "\n"
        let rendered = render(source)
        let problem = try #require(rendered.problems.first { $0.kind == "math.too-many-openers" }, "\(rendered.problems)")
        #expect(problem.line == 3)
        #expect(problem.column > 6 && (problem.column - 6) % opener.count == 0, "\(problem.column)")
        #expect(problem.message.hasPrefix("this page opens too many formulas, code spans or links that never close"))
        #expect(problem.fix == "write a dollar that is not math as \\$, and close or remove what is opened and never closed")
        #expect(rendered.html.contains("<mi>m</mi>"))
        // Markdown's reading of the text from there on: nothing is dropped.
        #expect(rendered.html.components(separatedBy: shown).count > 39_000)
    }

    @Test("A destination nesting parentheses 32 deep is a link's, kept as written; 33 deep is no link, and its formula is math", arguments: [32, 33])
    func destinationNesting(depth: Int) {
        let html = render("[a](" + String(repeating: "(", count: depth) + "$y$" + String(repeating: ")", count: depth) + ")\n").html
        #expect(html.contains("href=") == (depth == 32), "\(html)")
        #expect(html.contains("<mi>y</mi>") == (depth == 33), "\(html)")
    }

    @Test("A long page dense with formulas, code spans and links is read whole")
    func denseButWrittenPage() {
        let paragraph = (0..<400).map { "Set $x_{\($0)}$, run `f(\($0))`, see [it](a\($0).md \"t\") and $$y$$ too." }.joined(separator: " ")
        let rendered = render(String(repeating: paragraph + "\n\n", count: 5))
        #expect(rendered.problems.isEmpty, "\(rendered.problems.prefix(3))")
        #expect(rendered.html.components(separatedBy: "<math").count == 4_001)
    }

    @Test("Headings, search text and the twin keep the TeX")
    func textKeepsTeX() {
        let source = "## The $\\chi^2$ test\n\nWith *$x_i$* and $$y$$ in it.\n"
        let rendered = render(source)
        #expect(rendered.headings.map(\.id) == ["the-chi2-test"])
        #expect(rendered.headings.first?.text == "The \\chi^2 test")
        #expect(rendered.plainText.contains("The \\chi^2 test") && rendered.plainText.contains("With x_i and y in it."))
        #expect(rendered.markdown == source)
        #expect(rendered.html.contains("<em><math>"))
    }

    @Test("A formula that runs over lines inside a quote keeps every line's links in place")
    func positionsAfterFormulas() {
        var resolver = RecordingLinks()
        let source = "> A $\\frac{a}{\n> b}$ and [x](one.md) then $y$ [z](two.md)\n"
        let rendered = MarkdownRenderer().render(source, resolver: &resolver)
        // The quote's mark on the formula's second line is not TeX.
        #expect(formulas(in: rendered.html) == ["\\frac{a}{\n  b}", "y"])
        #expect(resolver.seen.map { "\($0.destination) \($0.line):\($0.column)" } == ["one.md 2:15", "two.md 2:36"])
    }

    @Test("A formula's mistakes are errors at the file, line and column inside it, with a suggestion, and the build goes on to the next")
    func errorsInFormulas() throws {
        let body = "Intro.\n\nFirst $\\alpah + 1$ and\nthen $$\n\\frac{1}{2\n$$ and `$ok$`.\n"
        let site = try TestSite(["content/tutorials/t.md": "---\ntitle: T\nsummary: S\nlevel: beginner\n---\n\n\(body)"])
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let unknown = try #require(report.diagnostics.first { $0.id == "math.unknown-command" }, "\(report.summary)")
        #expect((unknown.file, unknown.line, unknown.column) == ("content/tutorials/t.md", 9, 8))
        #expect(unknown.message == "unknown command \\alpah")
        #expect(unknown.fix?.hasPrefix("did you mean '\\alpha'?") == true)
        #expect(unknown.sourceLine == "First $\\alpah + 1$ and")
        let brace = try #require(report.diagnostics.first { $0.id.hasPrefix("math.") && $0.id != "math.unknown-command" }, "\(report.summary)")
        #expect(brace.line == 11)
        #expect(report.hasErrors)
    }

    @Test("A heading with a formula keeps its TeX as text, and has HTML with the formula as MathML for a table of contents")
    func headingWithFormula() throws {
        let rendered = render("## Fit a < b & \"$\\chi^2$\" test\n\nText $y$.\n\n## Plain heading\n")
        #expect(rendered.headings.map(\.text) == ["Fit a < b & \"\\chi^2\" test", "Plain heading"])
        let html = try #require(rendered.headings.first?.html)
        #expect(html.hasPrefix("Fit a &lt; b &amp; &quot;<math><semantics><msup><mi>&#x3C7;</mi><mn>2</mn></msup>"), "\(html)")
        #expect(html.hasSuffix("</math>&quot; test"), "\(html)")
        #expect(rendered.headings.last?.html == nil)
        #expect(formulas(in: rendered.html) == ["\\chi^2", "y"])
    }

    @Test("Text outside the body is checked for formulas by a body's rules", arguments: [
        ("The $\\chi^2$ fit", "$\\chi^2$"), ("Costs $5 or $10", nil), ("Energy \\(E\\) and $x$", "\\(E\\)"), ("A code `$x$` span", nil),
    ] as [(String, String?)])
    func formulaInPlainText(text: String, formula: String?) {
        #expect(MarkdownRenderer.firstFormula(in: text) == formula)
    }

    @Test("The theme's table of contents shows a heading's formula as MathML")
    func tableOfContentsWithFormula() throws {
        let site = try TestSite(["content/pages/t.md": "---\ntitle: T\n---\n\n## The $\\chi^2$ test\n\nText.\n\n## Results\n\nMore.\n\n## Outlook\n\nEnd.\n"],
                                theme: [:])
        defer { site.cleanUp() }
        var options = site.options()
        options.templatesDirectory = packageRoot.appendingPathComponent("templates")
        let report = SiteBuilder(options: options).run()
        #expect(!report.hasErrors, "\(report.summary)")
        let page = try site.read("t/index.html")
        #expect(page.contains("<a href=\"#the-chi2-test\">The <math><semantics><msup><mi>&#x3C7;</mi><mn>2</mn></msup>"), "\(page)")
        #expect(!page.contains(">The \\chi^2 test<"))
    }

    @Test("Macros in site.yml apply on every page; a bad one is an error at its TeX, and an unknown math key at the key")
    func siteMacros() throws {
        let settings = TestSite.defaultSettings + "math:\n  macros:\n    RR: \\mathbb{R}\n    half: \\frac{#1}{2\n  macro: x\n"
        let site = try TestSite(["content/pages/t.md": "---\ntitle: T\n---\n\nReals $x \\in \\RR$.\n"], settings: settings)
        defer { site.cleanUp() }
        let report = site.build()
        let bad = try #require(report.only("settings.bad-macro"), "\(report.summary)")
        let line = TestSite.defaultSettings.filter { $0 == "\n" }.count + 4
        #expect((bad.file, bad.line) == ("content/site.yml", line))
        #expect(bad.message.hasPrefix("math macro 'half': "))
        let unknown = try #require(report.only("frontmatter.unknown-key"), "\(report.summary)")
        #expect((unknown.line, unknown.column, unknown.message) == (line + 1, 3, "unknown field 'macro' in 'math'"))
        #expect(unknown.fix == "did you mean 'macros'?")
        #expect(report.diagnostics.filter { $0.id.hasPrefix("math.") }.isEmpty, "\(report.summary)")

        try site.write(settings.replacingOccurrences(of: "    half: \\frac{#1}{2\n  macro: x\n", with: ""), to: "content/site.yml")
        #expect(!site.build().hasErrors)
        #expect(try site.read("t/index.html").contains("<mi>&#x211D;</mi>"))
    }

    @Test("A link to a labelled equation of another page is checked like a heading's")
    func equationAnchorsAcrossPages() throws {
        let site = try TestSite([
            "content/tutorials/a.md": "---\ntitle: A\nsummary: S\nlevel: beginner\n---\n\n$$\n\\begin{equation} x \\label{eq:x} \\end{equation}\n$$\n",
            "content/tutorials/b.md": "---\ntitle: B\nsummary: S\nlevel: beginner\n---\n\nSee [x](a.md#eq-x) and [y](a.md#eq-y).\n",
        ])
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let broken = report.diagnostics.filter { $0.id == "link.broken-anchor" }
        #expect(broken.map(\.message) == ["'#eq-y' is not a heading or a labelled equation on tutorials/a.md"], "\(report.summary)")
        #expect(broken.first?.fix == "did you mean '#eq-x'?")
    }
}

/// A resolver that records links and changes nothing.
private struct RecordingLinks: MarkdownLinkResolving {
    var seen: [MarkdownLink] = []
    mutating func resolve(_ link: MarkdownLink) -> String? {
        seen.append(link)
        return nil
    }
}
