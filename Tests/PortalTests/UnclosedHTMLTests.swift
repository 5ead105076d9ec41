import PortalCore
import PortalTestSupport
import Testing

/// An HTML block that never ends would swallow the rest of the page: an error at its start.
@Suite("Unclosed HTML blocks")
struct UnclosedHTMLTests {
    private func build(_ body: String, rawHTML: Bool) throws -> BuildReport {
        let settings = TestSite.defaultSettings + (rawHTML ? "raw_html: true\n" : "")
        let site = try TestSite(["content/pages/odd.md": "---\ntitle: Odd\n---\n\nIntro.\n\n\(body)\n\n## Lost heading\n\nLost text.\n"], settings: settings)
        defer { site.cleanUp() }
        return site.build(output: nil)
    }

    @Test("An opener without its end is an error at its line and column, with raw HTML on or off", arguments: [
        ("<!-- a note to myself", "<!--", "-->"),
        ("<?php echo 1;", "<?", "?>"),
        ("<![CDATA[ data", "<![CDATA[", "]]>"),
        ("<script>let x = 1", "<script", "</script>"),
        ("  <PRE class=\"x\">code", "<pre", "</pre>"),
        ("<style>p { color: red }", "<style", "</style>"),
        ("<textarea>", "<textarea", "</textarea>"),
    ] as [(String, String, String)], [true, false])
    func unclosed(block: (opening: String, start: String, end: String), rawHTML: Bool) throws {
        let (opening, start, end) = block
        let report = try build(opening, rawHTML: rawHTML)
        let diagnostic = try #require(report.only("markdown.unclosed-html"), "\(report.summary)")
        // The caret stands under the opener, after any indentation.
        #expect((diagnostic.file, diagnostic.line, diagnostic.column) == ("content/pages/odd.md", 7, opening.prefix { $0 == " " }.count + 1))
        #expect(diagnostic.message == "this '\(start)' is never closed with '\(end)', so everything after it in this block, list or quote is taken as HTML")
        #expect(diagnostic.fix == "add '\(end)' where it should end")
    }

    @Test("A declaration without '>' is an error too")
    func declaration() throws {
        let report = try build("<!DOCTYPE html", rawHTML: true)
        #expect(report.only("markdown.unclosed-html")?.message == "this '<!' declaration is never closed with '>', so everything after it in this block, list or quote is taken as HTML")
    }

    @Test("Closed blocks, and openers inside code or inside a line of text, are fine", arguments: [
        "<!-- a note -->", "<!-->", "<!--\nseveral\nlines\n-->", "<?php echo 1; ?>", "<script>\nlet x = 1\n</SCRIPT>",
        "```html\n<!-- inside a fence\n```", "    <!-- indented code", "Text with <!-- inline, not a block", "<scripts>not a script block",
    ])
    func closed(body: String) throws {
        let report = try build(body, rawHTML: true)
        #expect(report.diagnostics("markdown.unclosed-html").isEmpty, "\(report.summary)")
    }

    @Test("Inside a quote, the error points at the opener's own column")
    func inQuote() throws {
        let report = try build("> Quoted.\n>\n> <!-- never closed", rawHTML: true)
        let diagnostic = try #require(report.only("markdown.unclosed-html"), "\(report.summary)")
        #expect((diagnostic.line, diagnostic.column) == (9, 3))
    }
}
