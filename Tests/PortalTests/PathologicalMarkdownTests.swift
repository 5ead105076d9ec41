import Foundation
import PortalCore
@testable import PortalMarkdown
import PortalTestSupport
import Testing

/// A resolver that keeps every destination.
private struct KeptLinks: MarkdownLinkResolving {
    mutating func resolve(_ link: MarkdownLink) -> String? { nil }
}

private func render(_ source: String, rawHTML: Bool = false) -> RenderedMarkdown {
    var resolver = KeptLinks()
    return MarkdownRenderer(options: MarkdownOptions(allowsRawHTML: rawHTML, rendersMarkdown: true)).render(source, resolver: &resolver)
}

/// Markdown that cmark-gfm 0.29.0.gfm.6 parses in time growing with the square of its size is refused
/// at the start of the shape; pages near the limits render as before. Times live in
/// `benchmarks/pathological.py`, not here.
@Suite("Pathological Markdown")
struct PathologicalMarkdownTests {
    /// One shape of each class, the body line it is on (the body starts at line 11 of the file), its
    /// column and a part of the message.
    struct Shape: Sendable, CustomTestStringConvertible {
        let name: String
        let body: String
        let line: Int
        let column: Int
        let message: String
        var testDescription: String { name }
    }

    static let shapes: [Shape] = [
        Shape(name: "quotes nested on one line", body: "Intro.\n\n  " + String(repeating: "> ", count: 33) + "x\n", line: 13, column: 3,
              message: "block quotes and list items are nested more than 32 levels deep here"),
        // 20 items on each line, each line indented to the last item's content.
        Shape(name: "lists nested over many lines, then blank lines", body: "Intro.\n\n" + (0..<3).map { String(repeating: " ", count: 40 * $0) + String(repeating: "- ", count: 20) + "x\n" }.joined()
              + String(repeating: "\n", count: 50), line: 14, column: 41, message: "nested more than 32 levels deep here"),
        Shape(name: "a nested list, then blank lines", body: "Intro.\n\n" + String(repeating: "- ", count: 40) + "x" + String(repeating: "\n", count: 50),
              line: 13, column: 1, message: "nested more than 32 levels deep"),
        Shape(name: "a quoted list, then quote lines", body: "Intro.\n\n> " + String(repeating: "1. ", count: 40) + "x\n" + String(repeating: ">\n", count: 50),
              line: 13, column: 1, message: "nested more than 32 levels deep"),
        Shape(name: "emphasis in a deep quote", body: "Intro.\n\n" + String(repeating: ">", count: 40) + String(repeating: "a*", count: 40) + "\n",
              line: 13, column: 1, message: "nested more than 32 levels deep"),
        Shape(name: "link openers", body: "Intro.\n\nSee " + String(repeating: "[a", count: 33) + "\n", line: 13, column: 5,
              message: "more than 32 '[' are left open in this paragraph from here"),
        Shape(name: "images around empty links", body: "Intro.\n\nx " + String(repeating: "![[]()", count: 40) + "\n", line: 13, column: 3,
              message: "'[' are left open"),
        Shape(name: "processing instructions", body: "Intro.\n\na" + String(repeating: "<?", count: 33) + "\n", line: 13, column: 2,
              message: "more than 32 '<?' are not closed by '?>' in this paragraph from here"),
        Shape(name: "declarations", body: "Intro.\n\na" + String(repeating: "<!A ", count: 33) + "\n", line: 13, column: 2,
              message: "'<!' are not closed by '>'"),
        // Each `]]` closes the two brackets of its `<![CDATA[` but not the section.
        Shape(name: "CDATA sections", body: "Intro.\n\na " + String(repeating: "<![CDATA[x]] ", count: 33) + "\n", line: 13, column: 3,
              message: "'<![CDATA[' are not closed by ']]>'"),
        Shape(name: "comments", body: "Intro.\n\n</" + String(repeating: "<!--", count: 33) + "\n", line: 13, column: 3,
              message: "'<!--' are not closed by '-->'"),
        Shape(name: "www. behind underscores", body: "Intro.\n\nGo " + String(repeating: "_www.", count: 33) + "\n", line: 13, column: 5,
              message: "more than 32 web or e-mail addresses ('www.', '://', '@') start in one word from here"),
        Shape(name: "unclosed <http:// autolinks", body: "Intro.\n\nx " + String(repeating: "<http://a", count: 33) + "\n", line: 13, column: 8,
              message: "start in one word"),
        Shape(name: "e-mail at signs, after a letter of two bytes", body: "Intro.\n\né " + String(repeating: "a@", count: 33) + "\n", line: 13, column: 4,
              message: "start in one word"),
        Shape(name: "an address followed by closing parentheses", body: "Intro.\n\nsee www.x" + String(repeating: ")", count: 33) + "\n", line: 13, column: 5,
              message: "a word with a web or e-mail address holds more than 32 ')' from here"),
        Shape(name: "a table of 300 columns", body: "Intro.\n\n|" + String(repeating: "a|", count: 300) + "\n|" + String(repeating: "-|", count: 300) + "\n",
              line: 14, column: 1, message: "this table has 300 columns; a table may have at most 256"),
        Shape(name: "a wide line above a delimiter row", body: "Intro.\n\n" + String(repeating: "|", count: 400) + "\n|-|\n",
              line: 14, column: 1, message: "this table has 399 columns"),
        Shape(name: "a row of 300 cells", body: "Intro.\n\n|a|b|\n|-|-|\n" + String(repeating: "|", count: 301) + "\n",
              line: 15, column: 1, message: "this table row has 300 cells; a row may have at most 256"),
        Shape(name: "rows that leave out their cells", body: "Intro.\n\n|" + String(repeating: "a|", count: 100) + "\n|" + String(repeating: "-|", count: 100) + "\n"
              + String(repeating: "a\n", count: 200), line: 14, column: 1,
              message: "the rows of this table leave out more cells than the table has characters"),
        Shape(name: "CRLF line endings", body: "Intro.\r\n\r\n" + String(repeating: "> ", count: 33) + "x\r\n", line: 13, column: 1,
              message: "nested more than 32 levels deep"),
    ]

    @Test("Each shape is refused at its start, with a fix", arguments: shapes)
    func refused(shape: Shape) throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("one", body: shape.body)))
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let diagnostic = try #require(report.only("markdown.too-complex"), "\(report.summary)")
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.file.hasSuffix("content/tutorials/one.md"))
        #expect(diagnostic.message.contains(shape.message), "\(diagnostic.message)")
        #expect(diagnostic.message.hasSuffix("cmark-gfm 0.29 parses it in time that grows with the square of its length"))
        #expect(diagnostic.fix?.isEmpty == false)
        #expect((diagnostic.line, diagnostic.column) == (shape.line, shape.column))
    }

    @Test("Pages near the limits render as cmark-gfm writes them", arguments: [
        ("32 quotes on one line", String(repeating: "> ", count: 32) + "x\n", "<blockquote>", 32),
        ("32 nested lists, then blank lines", String(repeating: "- ", count: 32) + "x" + String(repeating: "\n", count: 40), "<ul>", 32),
        ("a thematic break of many dashes", String(repeating: "- ", count: 100) + "\n", "<hr />", 1),
        ("32 open brackets", String(repeating: "[a", count: 32) + "\n", "[a", 32),
        ("many links on one line", String(repeating: "[a](b) ", count: 100) + "\n", "<a href=\"b\">", 100),
        ("32 unclosed processing instructions", "a" + String(repeating: "<?", count: 32) + "\n", "&lt;?", 32),
        ("many closed processing instructions", "a " + String(repeating: "<?x?> ", count: 100) + "\n", "raw HTML omitted", 100),
        ("32 addresses in one word", String(repeating: "a@b.co", count: 32) + "\n", "<p>", 1),
        ("many addresses between spaces", String(repeating: "a@b.co ", count: 100) + "\n", "<a href=\"mailto:a@b.co\">", 100),
        ("an address with parentheses", "https://en.wikipedia.org/wiki/Foo_(bar)\n", "Foo_(bar)</a>", 1),
        ("a table of 256 columns", "|" + String(repeating: "a|", count: 256) + "\n|" + String(repeating: "-|", count: 256) + "\n|" + String(repeating: "b|", count: 256) + "\n",
         "<td>b</td>", 256),
        ("a table whose rows leave out a few cells", "| a | b | c |\n|---|---|---|\n| 1 |\n| 2 | 3 |\n", "<td></td>", 3),
        ("a code banner of stars", "```c\n/" + String(repeating: "*", count: 70) + "/\n```\n", "/****", 1),
    ])
    func nearLimits(name: String, source: String, expected: String, count: Int) {
        let rendered = render(source)
        #expect(rendered.refusal == nil, "\(name)")
        #expect(rendered.html.components(separatedBy: expected).count - 1 == count, "\(name): \(rendered.html.prefix(300))")
    }

    @Test("Inlines nested past the twin renderer's depth keep the source as their twin")
    func deepInlinesKeepTheSource() {
        // Raw HTML to leave out makes the twin come from cmark-gfm's CommonMark renderer.
        let shallow = render("<b>x</b> " + String(repeating: "*", count: 20) + "a" + String(repeating: "*", count: 20) + "\n")
        #expect(shallow.refusal == nil)
        #expect(shallow.markdown?.contains("raw HTML omitted") == true)
        let deep = render("<b>x</b> " + String(repeating: "*", count: 200) + "a" + String(repeating: "*", count: 200) + "\n")
        #expect(deep.refusal == nil)
        #expect(deep.markdown == nil, "the page's twin falls back to its body")
        #expect(deep.html.contains("<strong>"))
    }

    @Test("A refused body is not parsed: no HTML, headings or links")
    func refusedBodyIsEmpty() {
        let rendered = render("# Title\n\n[link](x.md) " + String(repeating: "_www.", count: 40) + "\n")
        let refusal = rendered.refusal
        #expect((refusal?.line, refusal?.column) == (3, 15))
        #expect(rendered.html.isEmpty && rendered.headings.isEmpty && rendered.links.isEmpty)
    }

    @Test("A parse within its budget gives its value")
    func watchdogFinishes() {
        let value = ParseWatchdog.run(key: Int.random(in: .min ... .max), budget: 10, { 42 }, discard: { _ in })
        #expect(value == 42)
    }

    @Test("A parse over its budget is given up, freed when it ends, and refused again without running")
    func watchdogGivesUp() {
        let key = Int.random(in: .min ... .max)
        let discarded = DispatchSemaphore(value: 0)
        // Processor time, not a sleep: the watchdog holds the parse thread's processor time against the budget.
        let value = ParseWatchdog.run(key: key, budget: 0.05, {
            let end = Date().addingTimeInterval(0.5)
            var spins = 0
            while Date() < end { spins &+= 1 }
            return spins
        }, discard: { _ in discarded.signal() })
        #expect(value == nil)
        #expect(discarded.wait(timeout: .now() + 30) == .success, "the abandoned parse's value was not discarded")
        #expect(ParseWatchdog.run(key: key, budget: 10, { 1 }, discard: { _ in }) == nil)
    }

    @Test("The parse budget grows in proportion to the body")
    func budgetIsProportional() {
        #expect(ParseWatchdog.parseBudget(bytes: 400_000) > 2 * ParseWatchdog.parseBudget(bytes: 100_000) - ParseWatchdog.parseBudget(bytes: 0))
        #expect(ParseWatchdog.parseBudget(bytes: 0) >= 1)
    }

    @Test("The preview's rebuild reports a shape added to a body, and builds again once it is gone")
    func previewRebuild() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("one", body: "Body.\n")))
        defer { site.cleanUp() }
        let session = PreviewSession(options: site.options(output: "_preview"))
        #expect(!session.rebuild().hasErrors)
        let path = "content/tutorials/one.md"
        let page = TestSite.tutorial("one", body: "Body.\n\n" + String(repeating: "![[]()", count: 40) + "\n").1
        try site.write(page, to: path)
        let broken = session.rebuild(changed: [site.root.appendingPathComponent(path).path])
        let diagnostic = try #require(broken.only("markdown.too-complex"), "\(broken.summary)")
        #expect((diagnostic.line, diagnostic.column) == (13, 1))
        try site.write(TestSite.tutorial("one", body: "Body again.\n").1, to: path)
        #expect(!session.rebuild(changed: [site.root.appendingPathComponent(path).path]).hasErrors)
    }
}
