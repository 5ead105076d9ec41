import Foundation
import PortalMarkdown
import Testing

/// A resolver that records links and rewrites `.md` to `.html`.
private struct RecordingResolver: MarkdownLinkResolving {
    var seen: [MarkdownLink] = []
    mutating func resolve(_ link: MarkdownLink) -> String? {
        seen.append(link)
        return link.destination.hasSuffix(".md") ? String(link.destination.dropLast(3)) + ".html" : nil
    }
}

private func render(_ source: String, rawHTML: Bool = false) -> (RenderedMarkdown, [MarkdownLink]) {
    var resolver = RecordingResolver()
    let result = MarkdownRenderer(options: MarkdownOptions(allowsRawHTML: rawHTML)).render(source, resolver: &resolver)
    return (result, resolver.seen)
}

@Suite("Markdown rendering")
struct MarkdownRendererTests {
    @Test("GFM extensions are on", arguments: [
        ("| a | b |\n|---|---|\n| 1 | 2 |\n", "<table tabindex=\"0\">"),
        ("~~gone~~\n", "<del>gone</del>"),
        ("see https://example.org now\n", "<a href=\"https://example.org\">https://example.org</a>"),
        ("- [x] done\n- [ ] todo\n", "type=\"checkbox\""),
        ("A note.[^1]\n\n[^1]: The footnote.\n", "class=\"footnotes\""),
        ("```python\nprint(1)\n```\n", "<code class=\"language-python\">"),
    ])
    func extensions(source: String, expected: String) {
        #expect(render(source).0.html.contains(expected))
    }

    @Test("Fenced code in a known language is highlighted; an unknown one stays plain; the Markdown twin keeps the fence")
    func highlighting() {
        var resolver = RecordingResolver()
        let renderer = MarkdownRenderer(options: MarkdownOptions(rendersMarkdown: true))
        let known = renderer.render("```python\ndef f(x):\n    return '<b>'\n```\n", resolver: &resolver)
        #expect(known.html.hasPrefix("<pre tabindex=\"0\"><code class=\"language-python\"><span class=\"hl-k\">def</span>"))
        #expect(known.html.contains("&lt;b&gt;"))
        #expect(known.markdown?.contains("``` python\ndef f(x):") == true || known.markdown?.contains("```python\ndef f(x):") == true)
        let unknown = renderer.render("```fortran77\nPRINT *, 'x'\n```\n", resolver: &resolver)
        #expect(unknown.html == "<pre tabindex=\"0\"><code class=\"language-fortran77\">PRINT *, 'x'\n</code></pre>\n")
    }

    @Test("The Markdown rendering is the source as written, with each changed destination replaced")
    func twinFromSource() {
        var resolver = RecordingResolver()
        let renderer = MarkdownRenderer(options: MarkdownOptions(rendersMarkdown: true))
        let source = "# Title\n\n* one\n* two\n\n|a|b|\n|---|---|\n|1|2|\n\n```python\nx = 1\n```\n\n"
            + "See [the guide](guide.md \"Guide\"), ![plot](img/plot.png), [![badge](b.svg)](ci.md), <https://example.org> and [top](#title).\n"
        let rendered = renderer.render(source, resolver: &resolver)
        let expected = source.replacingOccurrences(of: "(guide.md", with: "(guide.html").replacingOccurrences(of: "(ci.md)", with: "(ci.html)")
        #expect(rendered.markdown == expected)
    }

    @Test("The Markdown rendering falls back to cmark-gfm's where the source cannot stay as written", arguments: [
        ("* one\n\n<b>bold</b> text\n", "<!-- raw HTML omitted -->", "<b>"),
        ("See [a][ref].\n\n[ref]: guide.md\n", "(guide.html)", "guide.md"),
        ("See [a](<my guide.md>).\n", "(my%20guide.html)", "my guide.md"),
        ("See [a](gu\\_ide.md).\n", "gu_ide.html", ".md"),
        ("Nul \u{0} then [a](guide.md).\n", "(guide.html)", "guide.md"),
    ])
    func twinFallback(source: String, expected: String, absent: String) {
        var resolver = RecordingResolver()
        let markdown = MarkdownRenderer(options: MarkdownOptions(rendersMarkdown: true)).render(source, resolver: &resolver).markdown ?? ""
        #expect(markdown.contains(expected), "\(markdown)")
        #expect(!markdown.contains(absent), "\(markdown)")
    }

    @Test("Raw HTML is off by default and on when asked; the tag filter still applies")
    func rawHTML() {
        let source = "<div class=\"x\">hi</div>\n\n<script>alert(1)</script>\n"
        let off = render(source).0.html
        #expect(!off.contains("<div"))
        #expect(off.contains("raw HTML omitted"))
        let on = render(source, rawHTML: true).0.html
        #expect(on.contains("<div class=\"x\">"))
        #expect(!on.contains("<script>"))
    }

    @Test("Headings get unique GitHub-style ids and an anchor link")
    func headingIDs() {
        let (result, _) = render("## Install the stack!\n\n## Setup\n\n## Setup\n\n### `uproot` & awkward\n")
        #expect(result.headings.map(\.id) == ["install-the-stack", "setup", "setup-1", "uproot--awkward"])
        #expect(result.html.contains("<h2 id=\"setup-1\">Setup <a class=\"anchor\" href=\"#setup-1\""))
        #expect(result.headings[3].level == 3)
        #expect(result.headings[3].text == "uproot & awkward")
    }

    @Test("Reserved ids are not given to headings")
    func reservedIDs() {
        var resolver = RecordingResolver()
        let result = MarkdownRenderer(options: MarkdownOptions(reservedHeadingIDs: ["main"])).render("## Main\n", resolver: &resolver)
        #expect(result.headings.first?.id == "main-1")
    }

    @Test("Links are handed to the resolver with their position and rewritten")
    func linkResolution() {
        let source = "Intro line.\n\nSee [the guide](guide.md#part) and\n![plot](img/plot.png) on the\nnext [ref][r].\n\n[r]: other.md\n"
        let (result, links) = render(source)
        #expect(links.map(\.destination) == ["guide.md#part", "img/plot.png", "other.md"])
        #expect((links[0].line, links[0].column) == (3, 17))
        #expect((links[1].line, links[1].column) == (4, 9))
        #expect(links[1].kind == .image)
        #expect(links[1].text == "plot")
        #expect((links[2].line, links[2].column) == (5, 6), "a reference link is reported where it is used")
        #expect(result.html.contains("href=\"other.html\""))
        #expect(result.html.contains("src=\"img/plot.png\""))
    }

    @Test("Positions are exact when the text repeats the destination or a destination repeats an earlier one", arguments: [
        ("[train.py](train.py)\n", 1, 12),
        ("[a](tutorials/jet-tagging/loss.png) [b](jet-tagging/loss.png)\n", 1, 41),
        ("[a][r] then [b](b.md)\n\n[r]: x.md\n", 1, 17),
        ("Ünïcödé [b](b.md)\n", 1, 13),
    ])
    func exactPositions(source: String, line: Int, column: Int) {
        let (_, links) = render(source)
        #expect((links.last?.line, links.last?.column) == (line, column))
    }

    @Test("Control characters used internally cannot forge heading ids")
    func sentinelsInInput() {
        let (result, _) = render("## A \u{1}0\u{2} B\n")
        #expect(result.html.hasPrefix("<h2 id=\"a-0-b\">A \u{FFFD}0\u{FFFD} B"))
        let (entities, _) = render("Intro &#1;0&#2; text.\n\n## Real heading\n")
        #expect(entities.html.contains("<p>Intro 0 text.</p>"))
        #expect(entities.html.contains("<h2 id=\"real-heading\">Real heading"))
    }

    #if os(Linux)
    @Test("Documents are parsed on several threads at once: the library calls portal's handling of its special characters")
    func parsesConcurrently() {
        #expect(MarkdownRenderer.parsesConcurrently)
    }
    #endif

    @Test("Parsing on many threads gives the same output as on one")
    func concurrentRendering() {
        let documents = (0..<512).map { "# Doc \($0)\n\n~~struck~~ and www.example.org/\($0) | a |\n\n| h |\n|---|\n| \($0) |\n" }
        let serial = documents.map { render($0).0.html }
        #expect(serial.allSatisfy { $0.contains("<del>struck</del>") && $0.contains("<a href=\"http://www.example.org/") })
        // Lost strikethrough or autolinks show up in a few percent of documents when the table races.
        for _ in 0..<4 {
            let parallel = UnsafeResults(count: documents.count)
            DispatchQueue.concurrentPerform(iterations: documents.count) { index in
                parallel.set(index, render(documents[index]).0.html)
            }
            #expect(parallel.values == serial)
        }
    }

    @Test("Links keep their real positions after NUL characters and in a paragraph that a table follows (found by fuzzing)", arguments: [
        ("# T\n\nSee [a](b.md)\0\0\0\0 and [c](d.md)\n", [(3, 9), (3, 27)]),
        ("# T\n\nSee [a](b.md)\nand [c](d.md)\n| x | y |\n|---|---|\n| 1 | [e](f.md) |\n", [(3, 9), (4, 9), (7, 11)]),
    ])
    func linkPositions(source: String, expected: [(Int, Int)]) {
        let links = render(source).1
        #expect(links.map(\.line) == expected.map(\.0))
        #expect(links.map(\.column) == expected.map(\.1))
    }

    @Test("Python code with '?' is highlighted without hanging (found by fuzzing)")
    func pythonQuestionMark() {
        #expect(SyntaxHighlighter.highlight("x = a ? b\n?", language: "python") == "x <span class=\"hl-o\">=</span> a ? b\n?")
    }
}

private final class UnsafeResults: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Int: String] = [:]
    let count: Int
    init(count: Int) { self.count = count }
    func set(_ index: Int, _ value: String) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }
    var values: [String] { (0..<count).map { storage[$0] ?? "" } }
}
