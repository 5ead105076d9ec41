import Foundation
@testable import PortalCore
import PortalMarkdown
import PortalTestSupport
import Testing

/// A resolver that records every link and rewrites `.md` to `.html`.
private struct RewritingResolver: MarkdownLinkResolving {
    var seen: [MarkdownLink] = []
    mutating func resolve(_ link: MarkdownLink) -> String? {
        seen.append(link)
        return link.destination.hasSuffix(".md") ? String(link.destination.dropLast(3)) + ".html" : nil
    }
}

private func render(_ source: String, rawHTML: Bool = true) -> (rendered: RenderedMarkdown, links: [MarkdownLink]) {
    var resolver = RewritingResolver()
    let rendered = MarkdownRenderer(options: MarkdownOptions(allowsRawHTML: rawHTML, rendersMarkdown: true)).render(source, resolver: &resolver)
    return (rendered, resolver.seen)
}

/// With `raw_html: true`, the addresses of raw HTML (`<img src>`, `<a href>`, `srcset`, `<source src>`,
/// `<video poster>`) are checked and rewritten as Markdown's links and images are, and the tags
/// GitHub's tag filter would escape are errors, left out of the page.
@Suite("Links in raw HTML")
struct RawHTMLLinkTests {
    /// A site with raw HTML on: a page folder `tutorials/jets/` holding `plot.png`, `plot-2x.png` and
    /// `clip.mp4`, whose page's body is `jets`; a page `tutorials/other.md` whose body is `other`.
    private func site(jets: String = "Body.\n", other: String = "Body.\n", rawHTML: Bool = true) throws -> TestSite {
        try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            ("content/tutorials/jets/index.md", TestSite.tutorial("jets", body: jets).1),
            ("content/tutorials/jets/plot.png", "PNG"),
            ("content/tutorials/jets/plot-2x.png", "PNG"),
            ("content/tutorials/jets/clip.mp4", "MP4"),
            TestSite.tutorial("other", body: other)
        ), settings: TestSite.defaultSettings + (rawHTML ? "raw_html: true\n" : ""))
    }

    @Test("An image in the page's folder is published, and linked from another folder relatively")
    func imageInFolder() throws {
        let site = try site(jets: "<p><img src=\"plot.png\" alt=\"Loss\"></p>\n", other: "<img src=\"jets/plot.png\" alt=\"Loss\">\n")
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(report.diagnostics.isEmpty, "\(report.summary)")
        #expect(site.exists("tutorials/jets/plot.png"))
        #expect(try site.read("tutorials/jets/index.html").contains("<p><img src=\"plot.png\" alt=\"Loss\"></p>"))
        #expect(try site.read("tutorials/other/index.html").contains("<img src=\"../jets/plot.png\" alt=\"Loss\">"))
        // The twin is the body as written, with the address replaced where it stands.
        #expect(try site.read("tutorials/other/index.md").contains("<img src=\"../jets/plot.png\" alt=\"Loss\">\n"))
    }

    /// Bodies start at line 11 of a tutorial's file.
    @Test("A missing file is an error at the line and column of the address", arguments: [
        ("Intro.\n\n<p><img src=\"missing.png\" alt=\"x\"></p>\n", 13, 14),
        ("Intro.\n\nText with <img alt=\"x\" src=\"missing.png\"> inline.\n", 13, 29),
        ("Intro.\n\nText on one line\n  and <img alt=\"x\"\n   src=missing.png> on the next.\n", 15, 8),
        ("Intro.\n\n> <div>\n> <img alt=\"x\"\n>      src='missing.png'>\n> </div>\n", 15, 13),
        ("Intro.\n\n- Ünïcödé <img alt=\"x\" src=\"missing.png\">\n", 13, 29),
        ("Intro.\n\n<video controls>\n  <source src=\"missing.png\" type=\"video/mp4\">\n</video>\n", 14, 16),
        ("Intro.\n\n<img alt=\"x\" srcset=\"plot.png 1x, missing.png 2x\" src=\"plot.png\">\n", 13, 35),
        ("Intro.\n\n| a | b |\n|---|---|\n| <img alt=x src=\"missing.png\"> | c |\n", 15, 19),
        // cmark-gfm parses a paragraph that a table follows again from line 1.
        ("Intro.\n\nFirst <img alt=x src=\"missing.png\"> line\n| a |\n|---|\n", 13, 23),
        ("Intro.\n\n<p>$x^2$ <img alt=x src=\"missing.png\"></p>\n", 13, 26),
        ("Intro.[^1]\n\n[^1]: See <img alt=x src=\"missing.png\">\n", 13, 27),
        ("Intro.\r\n\r\n<div>\r\n<img alt=x\r\n src=\"missing.png\">\r\n</div>\r\n", 15, 7),
        ("Intro.\n\n1. Item\n\n   > <p>\n   > <img alt=x\n   >   src=\"missing.png\"></p>\n", 17, 13),
        // An element cut by a blank line is read up to it.
        ("Intro.\n\n<div><img alt=\"x\"\n     src=\"missing.png\"\n\nalt=x></div>\n", 14, 11),
    ] as [(String, Int, Int)])
    func missing(body: String, line: Int, column: Int) throws {
        let site = try site(jets: body)
        defer { site.cleanUp() }
        let report = site.build()
        let broken = try #require(report.only("link.broken"), "\(report.summary)")
        #expect(broken.file == "content/tutorials/jets/index.md")
        #expect((broken.line, broken.column) == (line, column), "\(broken)")
        #expect(broken.message == "'missing.png' does not exist")
        // Besides, a tag a blank line cuts is a warning.
        #expect(report.diagnostics.filter { $0.id != "html.cut-tag" }.count == 1, "\(report.summary)")
        #expect(!site.exists("index.html"))
    }

    @Test("A link to another page's Markdown file becomes that page's address, and its twin in the twin")
    func pageLink() throws {
        let site = try site(jets: "<p>See <a href=\"../other.md#intro\" class=\"more\">the other page</a>.</p>\n",
                            other: "## Intro\n\nText.\n")
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(try site.read("tutorials/jets/index.html").contains("<a href=\"../other/index.html#intro\" class=\"more\">the other page</a>"))
        #expect(try site.read("tutorials/jets/index.md").contains("<a href=\"../other/index.md#intro\" class=\"more\">"))
        // It is a link between pages, as a Markdown one is.
        #expect(try site.read("tutorials/other/index.html").contains("class=\"backlink\" href=\"../../tutorials/jets/index.html\">Tutorial jets"))
    }

    @Test("A broken anchor in raw HTML is reported as a Markdown one")
    func brokenAnchor() throws {
        let site = try site(jets: "<a href=\"../other.md#nowhere\">x</a>\n", other: "## Intro\n")
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let broken = try #require(report.only("link.broken-anchor"), "\(report.summary)")
        #expect((broken.line, broken.column) == (11, 21))
    }

    @Test("A script address is refused as in Markdown, and left out of the page", arguments: [
        ("<a href=\"javascript:alert(1)\">x</a>", 10, "href=\"\""),
        ("<a href='JaVaScRiPt&colon;alert(1)'>x</a>", 10, "href=''"),
        ("<a href=\" &#106;avascript:alert(1)\">x</a>", 11, "href=\" \""),
        ("<a href=javascript:alert(1) class=x>x</a>", 9, "href=\"\" class=x"),
        ("<a href=\"&#0000000106;avascript:alert(1)\">x</a>", 10, "href=\"\""),
        ("<img alt=\"x\" src=\"data:image/svg+xml,x\">", 19, "src=\"\""),
    ])
    func scriptAddress(html: String, column: Int, written: String) throws {
        let site = try site(jets: html + "\n")
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let unsafe = try #require(report.only("link.unsafe-url"), "\(report.summary)")
        #expect((unsafe.line, unsafe.column) == (11, column))
        #expect(unsafe.message.hasPrefix("this <"), "\(unsafe.message)")
        let rendered = render(html + "\n").rendered
        #expect(rendered.html.contains(written), "\(rendered.html)")
        #expect(!rendered.html.lowercased().contains("alert"), "\(rendered.html)")
    }

    @Test("Each address of a srcset is checked and rewritten; descriptors stay as written")
    func srcset() throws {
        let site = try site(other: "<img src=\"jets/plot.png\" srcset=\"jets/plot.png 1x,jets/plot-2x.png  2x\" alt=\"Loss\">\n")
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(try site.read("tutorials/other/index.html").contains("srcset=\"../jets/plot.png 1x,../jets/plot-2x.png  2x\""))
        let (_, links) = render("<img src=a.md srcset=\"b.md 480w, c.md, d.md 2x\" alt=x>\n")
        #expect(links.map(\.destination) == ["a.md", "b.md", "c.md", "d.md"])
        #expect(links.map(\.column) == [10, 23, 34, 40])
        #expect(links.allSatisfy { $0.kind == .image && $0.text == "x" })
    }

    @Test("A video's sources, track and poster are checked and rewritten, without asking for alt text")
    func video() throws {
        let site = try site(other: "<video controls poster=\"jets/plot.png\">\n  <source src=\"jets/clip.mp4\" type=\"video/mp4\">\n</video>\n")
        defer { site.cleanUp() }
        let report = site.build()
        #expect(report.diagnostics.isEmpty, "\(report.summary)")
        let html = try site.read("tutorials/other/index.html")
        #expect(html.contains("<video controls poster=\"../jets/plot.png\">\n  <source src=\"../jets/clip.mp4\" type=\"video/mp4\">\n</video>"))
    }

    @Test("Single-quoted, unquoted and upper-case attributes are read, and keep their quotes")
    func quoting() {
        let (rendered, links) = render("<IMG SRC='a.md' alt=x>\n\nText <a HREF=b.md>b</a> and <a href = \"c.md\" >c</a>.\n")
        #expect(links.map(\.destination) == ["a.md", "b.md", "c.md"])
        #expect(rendered.html.contains("<IMG SRC='a.html' alt=x>"), "\(rendered.html)")
        #expect(rendered.html.contains("<a HREF=b.html>b</a>"), "\(rendered.html)")
        #expect(rendered.html.contains("<a href = \"c.html\" >c</a>"), "\(rendered.html)")
        #expect(rendered.markdown == "<IMG SRC='a.html' alt=x>\n\nText <a HREF=b.html>b</a> and <a href = \"c.html\" >c</a>.\n")
    }

    @Test("The twin replaces each address where the body writes it; when it cannot, raw HTML keeps the HTML page's addresses")
    func twin() {
        struct Twins: MarkdownLinkResolving {
            mutating func resolve(_ link: MarkdownLink) -> String? { link.destination.replacingOccurrences(of: ".md", with: ".html") }
            func markdownDestination(for link: MarkdownLink, htmlDestination: String) -> String {
                htmlDestination.replacingOccurrences(of: ".html", with: ".twin")
            }
        }
        let renderer = MarkdownRenderer(options: MarkdownOptions(allowsRawHTML: true, rendersMarkdown: true))
        var resolver = Twins()
        let exact = renderer.render("* <a href=\"a.md\">a</a> and [b](b.md)\n", resolver: &resolver)
        #expect(exact.html.contains("<a href=\"a.html\">a</a> and <a href=\"b.html\">b</a>"))
        #expect(exact.markdown == "* <a href=\"a.twin\">a</a> and [b](b.twin)\n")
        // `&` would need escaping where the address stands: cmark-gfm writes the twin.
        let fallback = renderer.render("* <a href=\"a&amp;c.md\">a</a> and [b](b.md)\n", resolver: &resolver).markdown ?? ""
        #expect(fallback.contains("<a href=\"a&amp;c.html\">a</a>"), "\(fallback)")
        #expect(fallback.contains("[b](b.twin)"), "\(fallback)")
    }

    @Test("Addresses are decoded before they are resolved and escaped when written back")
    func escaping() {
        struct Odd: MarkdownLinkResolving {
            mutating func resolve(_ link: MarkdownLink) -> String? { link.destination == "a&b.md" ? "x\"y&z.html" : nil }
        }
        var resolver = Odd()
        let rendered = MarkdownRenderer(options: MarkdownOptions(allowsRawHTML: true, rendersMarkdown: true))
            .render("<a href=\"a&amp;b.md\">1</a> <a href='a&#38;b.md'>2</a> <a href=a&amp;b.md>3</a>\n", resolver: &resolver)
        #expect(rendered.html.contains("<a href=\"x&quot;y&amp;z.html\">1</a> <a href='x\"y&amp;z.html'>2</a> <a href=\"x&quot;y&amp;z.html\">3</a>"),
                "\(rendered.html)")
    }

    @Test("Comments, and the text of a script, hold no addresses; <pre> does")
    func notAddresses() {
        let (rendered, links) = render("<!-- <img src=\"a.md\"> -->\n\n<pre><a href=\"b.md\">b</a></pre>\n\n<script>x = '<img src=\"c.md\">'</script>\n")
        #expect(links.map(\.destination) == ["b.md"])
        #expect(rendered.html.contains("<!-- <img src=\"a.md\"> -->"))
    }

    @Test("A tag the tag filter would escape is an error at its place with the fix, and is not shown as text")
    func filteredTag() throws {
        let site = try site(jets: "Intro.\n\n  <iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n\nText <script>alert(1)</script> <title>T</title>.\n")
        defer { site.cleanUp() }
        let report = site.build()
        let filtered = report.diagnostics("html.filtered-tag")
        #expect(filtered.map(\.line) == [13, 15, 15], "\(report.summary)")
        #expect(filtered.map(\.column) == [3, 6, 32], "\(report.summary)")
        #expect(filtered.allSatisfy { $0.severity == .error })
        let iframe = try #require(filtered.first)
        #expect(iframe.message == "the raw HTML <iframe> is not allowed, even with raw_html: true (GitHub's tag filter would show it as text); it is left out of the page")
        #expect(iframe.fix?.contains("::: video URL") == true)
        #expect(!site.exists("index.html"))

        let rendered = render("<iframe src=\"https://example.org/\"></iframe>\n\nText <IFRAME src=x></iframe> <textarea>t</textarea> <plaintext>p\n").rendered
        #expect(!rendered.html.lowercased().contains("iframe"), "\(rendered.html)")
        #expect(!rendered.html.contains("&lt;"), "\(rendered.html)")
        #expect(!rendered.html.contains("textarea"), "\(rendered.html)")
        #expect(rendered.problems.filter { $0.kind == "html.filtered-tag" }.count == 4, "\(rendered.problems)")
    }

    @Test("A tag the page's policy would block, or that acts on the whole page, is an error at its place with the reason and the fix")
    func blockedTag() throws {
        let site = try site(jets: "Intro.\n\n<object data=\"slides.pdf\">The slides.</object>\n\nText <meta http-equiv=\"refresh\" content=\"0;url=https://example.org/\"> and <base href=\"https://example.org/\">.\n\n<form action=\"https://cds.cern.ch/search\"><input name=\"p\"></form>\n")
        defer { site.cleanUp() }
        let report = site.build()
        let blocked = report.diagnostics("html.blocked-tag")
        #expect(blocked.map(\.line) == [13, 15, 15, 17], "\(report.summary)")
        #expect(blocked.map(\.column) == [1, 6, 75, 1], "\(report.summary)")
        #expect(blocked.allSatisfy { $0.severity == .error })
        #expect(blocked[0].message == "the raw HTML <object> is not allowed, even with raw_html: true (the theme's Content-Security-Policy blocks plugins, so it would show nothing); it is left out of the page")
        #expect(blocked[0].fix == "link to the file instead (`[the slides](slides.pdf)`), show an image with `![alt text](plot.png)`, or embed a video with a `::: video URL` block")
        #expect(blocked[1].message == "the raw HTML <meta> is not allowed, even with raw_html: true (it could send readers to another address or change how the page is read); it is left out of the page")
        #expect(blocked[2].fix == "remove it: each link is read from the page's own file")
        #expect(blocked[3].message.contains("sends forms only to this site"))
        #expect(blocked[3].fix == "link to the service's own page instead (`[search CDS](https://cds.cern.ch/)`)")

        // The tags go; what they hold stays (an object's fallback text is what a reader would see).
        let rendered = render("<object data=\"a.pdf\"><p>The slides.</p></object>\n\nA <link rel=\"stylesheet\" href=\"x.css\"> b <EMBED src=\"a.swf\"> c\n\n<svg><a href=\"a.md\"><animateMotion/><set attributeName=\"href\" to=\"javascript:alert(1)\"/>x</a></svg>\n").rendered
        #expect(rendered.html.contains("The slides.") && rendered.html.contains("<p>A  b  c</p>"), "\(rendered.html)")
        #expect(!rendered.html.lowercased().contains("object") && !rendered.html.lowercased().contains("embed"), "\(rendered.html)")
        #expect(rendered.problems.map(\.kind) == Array(repeating: "html.blocked-tag", count: 5), "\(rendered.problems)")
        #expect(rendered.problems.last?.message.contains("SVG animation can change a link's address into one that runs script") == true)
        #expect(MarkupAudit(html: rendered.html).problems.isEmpty, "\(rendered.html)")
        // A tag left out after a `<` does not join it to the text after (found by fuzzing).
        let joined = render("<p>a <<set>img src=x onerror=alert(1)> b</p>\n").rendered
        #expect(MarkupAudit(html: joined.html).problems.isEmpty, "\(joined.html)")
    }

    @Test("Raw HTML that would read otherwise once its unsafe parts are out is an error at its start, and is left out whole")
    func tangled() throws {
        // Without ` style=s`, `t` takes the `="…"` after it as its value, and the title's text becomes an attribute.
        let rendered = render("<p><a t style=s =\"><b title=\" onclick=alert(1) \">x</b></a></p>\n").rendered
        let tangled = try #require(rendered.problems.first { $0.kind == "html.tangled" }, "\(rendered.problems)")
        #expect((tangled.line, tangled.column, tangled.isWarning) == (1, 1, false))
        #expect(tangled.message == "this raw HTML is left out of the page: with the parts that are not allowed taken out, its tags would read differently (their attributes run into each other)")
        #expect(!rendered.html.contains("onclick") && MarkupAudit(html: rendered.html).problems.isEmpty, "\(rendered.html)")
    }

    @Test("An event handler is an error and a style attribute a warning, each at its name; both are left out of the tag")
    func leftOutAttributes() throws {
        let site = try site(jets: "Intro.\n\n<p><img src=\"plot.png\" alt=\"Loss\" OnError=\"alert(1)\"></p>\n\nA <span style=\"color: red\">red</span> word.\n")
        defer { site.cleanUp() }
        let report = site.build()
        let handler = try #require(report.only("html.blocked-attribute"), "\(report.summary)")
        #expect((handler.line, handler.column, handler.severity) == (13, 35, .error))
        #expect(handler.message == "the event handler onerror= of <img> is not allowed, even with raw_html: true (a page cannot run scripts of its own: the theme's Content-Security-Policy blocks them); it is left out of the page")
        #expect(handler.fix == "remove it: there is no safe equivalent; for text that opens on demand use a block (::: spoiler … :::)")
        let style = try #require(report.only("html.inline-style"))
        #expect((style.line, style.column, style.severity) == (15, 9, .warning))
        #expect(style.message == "the style attribute of <span> is left out of the page: the theme's Content-Security-Policy ignores inline styles, so it would change nothing")

        let rendered = render("<p><img src=\"a.png\" alt=\"A\" onload='x()' data-x=1 onclick=y style>\n<b style=\"font-weight: normal\" title=\"t\">b</b></p>\n").rendered
        #expect(rendered.html == "<p><img src=\"a.png\" alt=\"A\" data-x=1>\n<b title=\"t\">b</b></p>\n", "\(rendered.html)")
        #expect(rendered.problems.map(\.kind) == ["html.blocked-attribute", "html.blocked-attribute", "html.inline-style", "html.inline-style"], "\(rendered.problems)")
        #expect(MarkupAudit(html: rendered.html).problems.isEmpty)
        // Names that only look like them stay.
        #expect(render("<p><img src=\"a.png\" alt=\"A\" data-on=\"1\" styles=\"2\"></p>\n").rendered.problems.isEmpty)
    }

    @Test("A script address in an attribute not read as a link (formaction, background, ping, …) is an error at the address, and removed")
    func scriptAddressElsewhere() throws {
        let rendered = render("<p><button formaction=\"JavaScript:alert(1)\">Go</button>\n<math href=javascript&colon;x><mi>x</mi></math> <use href=\"#icon\"/></p>\n").rendered
        #expect(rendered.html == "<p><button formaction=\"\">Go</button>\n<math href=\"\"><mi>x</mi></math> <use href=\"#icon\"/></p>\n", "\(rendered.html)")
        let problems = rendered.problems.filter { $0.kind == "link.unsafe-url" }
        #expect(problems.map(\.line) == [1, 2] && problems.map(\.column) == [24, 12], "\(problems)")
        #expect(problems.first?.message == "this address of <button formaction> is a 'javascript:' address, which could run code in the reader's browser; it is removed")
        #expect(MarkupAudit(html: rendered.html).problems.isEmpty)
        // An address a blank line cuts before its closing quote: a browser reads on to the next quote.
        let cut = render("<p><a href=\"javascript:alert(1)\n\n<p title=\"x\">y</p>\n").rendered
        #expect(cut.problems.map(\.kind) == ["html.cut-tag", "link.unsafe-url"], "\(cut.problems)")
        #expect(MarkupAudit(html: cut.html).problems.isEmpty, "\(cut.html)")
        // A repeated address attribute, which a browser ignores.
        let repeated = render("<p><a href=\"other.md\" href=\"vbscript:x\">o</a></p>\n").rendered
        #expect(repeated.problems.map(\.kind) == ["link.unsafe-url"] && repeated.html.contains("<a href=\"other.html\" href=\"\">"), "\(repeated.html)")
        // On any element, however long its name (found by fuzzing: names past 16 bytes went unread).
        let custom = render("<p><collaboration-widget-element href=\"vbscript:x\" onclick=\"y\">w</collaboration-widget-element></p>\n").rendered
        #expect(custom.problems.map(\.kind) == ["link.unsafe-url", "html.blocked-attribute"], "\(custom.problems)")
        #expect(MarkupAudit(html: custom.html).problems.isEmpty, "\(custom.html)")
    }

    @Test("A tag a blank line cuts before its '>' is a warning at its '<', and is closed where its HTML ends")
    func cutTag() throws {
        // Left open, the quote would run on to the next one, and a browser would read the second link's
        // address as an attribute's name and `javascript:` after it as a link.
        let rendered = render("<div><a title=\"x\n\nText.\n\n<a href=\"y\">&#106;avascript:alert(1)\" href=\"javascript:alert(2)\">z</a></div>\n").rendered
        #expect(rendered.html.hasPrefix("<div><a title=\"x\n\">"), "\(rendered.html)")
        let cut = try #require(rendered.problems.first { $0.kind == "html.cut-tag" }, "\(rendered.problems)")
        #expect((cut.line, cut.column, cut.isWarning) == (1, 6, true))
        #expect(cut.message == "the raw HTML <a has no '>' before a blank line ends its HTML; it is closed there, and what follows is read as Markdown")
        #expect(MarkupAudit(html: rendered.html).problems.isEmpty, "\(rendered.html)")
        #expect(render("<div\n\nclass=x>\n").rendered.html.hasPrefix("<div\n>"))
        // So is a comment, or what a browser reads as one: it would hide what follows up to its end (found by fuzzing).
        for (source, message) in [("<div><!-- note\n\n<a title=\"--><img src=x onerror=alert(1)>\">x</a></div>\n", "the raw HTML comment has no '-->'"),
                                  ("<div></ x\n\n<a title=\"><img src=x onerror=alert(1)>\">x</a></div>\n", "this '<' starts what a browser reads as a comment")] {
            let comment = render(source).rendered
            let warning = try #require(comment.problems.first { $0.kind == "html.cut-tag" }, "\(comment.problems)")
            #expect((warning.line, warning.column) == (1, 6) && warning.message.hasPrefix(message), "\(warning)")
            #expect(MarkupAudit(html: comment.html).problems.isEmpty, "\(comment.html)")
        }
    }

    @Test("The addresses of <area href>, SVG's href and xlink:href and the cite of quotes and edits are checked and rewritten")
    func moreAddresses() throws {
        let (rendered, links) = render("""
            <map name="m"><area href="other.md" alt="Other"></map>
            <blockquote cite="notes.md"><p>Quoted.</p></blockquote>
            <svg><image href="plot.png"/><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>

            """)
        #expect(links.map(\.destination) == ["other.md", "notes.md", "plot.png", "javascript:alert(1)"], "\(links)")
        #expect(links.map(\.kind) == [.link, .link, .image, .link])
        #expect(rendered.html.contains("<area href=\"other.html\" alt=\"Other\">"), "\(rendered.html)")
        #expect(rendered.html.contains("<blockquote cite=\"notes.html\">"))
        #expect(rendered.html.contains("<a xlink:href=\"\">"), "\(rendered.html)")

        let site = try site(jets: "Intro.\n\n<svg viewBox=\"0 0 10 10\"><image href=\"missing.png\"/></svg>\n")
        defer { site.cleanUp() }
        let broken = try #require(site.build().only("link.broken"))
        #expect((broken.line, broken.column) == (13, 39))
    }

    @Test("Filtered tags past 20 in a body are counted in one more error")
    func filteredLimit() {
        let rendered = render(String(repeating: "a <style>p{}</style> ", count: 25) + "\n").rendered
        let errors = rendered.problems.filter { $0.kind == "html.filtered-tag" }
        #expect(errors.count == 21)
        #expect(errors.last?.message == "5 more raw HTML tags or attributes that are not allowed are left out of the page, from here on")
        #expect(errors.allSatisfy { !$0.isWarning })
    }

    @Test("With raw HTML off nothing changes: the fragment is left out with a warning, and its address is not checked")
    func rawHTMLOff() throws {
        let site = try site(jets: "<img src=\"missing.png\" alt=\"x\">\n\n<iframe src=\"x\"></iframe>\n", rawHTML: false)
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(report.diagnostics("html.dropped").count == 2, "\(report.summary)")
        #expect(report.diagnostics("link.broken").isEmpty)
        #expect(report.diagnostics("html.filtered-tag").isEmpty)
        #expect(try !site.read("tutorials/jets/index.html").contains("missing.png"))
    }

    @Test("An <img> without alt text gets the warning Markdown images get, with an HTML fix")
    func altText() throws {
        let site = try site(jets: "<img src=\"plot.png\">\n")
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let warning = try #require(report.only("image.no-alt"), "\(report.summary)")
        #expect((warning.line, warning.column) == (11, 11))
        #expect(warning.fix == "describe it in the tag: <img alt=\"what it shows\" …>")
    }

    @Test("Random raw HTML: every address is reported inside the body, where the address is written")
    func randomFragments() {
        let pieces = ["<img", "<a", "<source", "<video", " src=", " href=", " srcset=", " poster=", " alt=x", "\"", "'", "a.md", "b.png 2x, c.md",
                      ">", "\n", "\n\n", "> ", "- ", "  ", "\t", "<!--", "-->", "<script>", "</script>", "<div>", "</div>", "&amp;", "Ü", "| a |\n|---|\n",
                      "text ", "$x$", "<pre>", "</", "=", "::: note\n", ":::\n"]
        var generator = SeededGenerator(seed: 9)
        for _ in 0..<400 {
            let source = (0..<Int.random(in: 1...60, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            let (rendered, links) = render(source)
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
            for link in links where link.htmlAttribute != nil {
                guard link.line >= 1, link.line <= lines.count, link.column >= 1, link.column <= lines[link.line - 1].count + 1 else {
                    Issue.record("\(link) is outside \(source.debugDescription)")
                    continue
                }
                // Where the address is found, the line holds it there.
                let rest = lines[link.line - 1].dropFirst(link.column - 1)
                if !link.destination.contains("&"), !link.destination.contains("\n"), !rest.hasPrefix(link.destination) {
                    // Only a node's start stands in for an address whose line has no place; then the line holds a `<`.
                    #expect(rest.hasPrefix("<"), "\(link) in \(source.debugDescription)")
                }
            }
            #expect(rendered.markdown != nil)
        }
    }

    @Test("Pathological raw HTML stays correct: unclosed quotes, and 100,000 tags")
    func pathological() {
        let count = TestScale.of(100_000)
        let unclosed = render("<div>\n" + String(repeating: "<a href=\"", count: count) + "\n").rendered
        #expect(unclosed.problems.map(\.kind) == ["html.cut-tag"])
        // A value whose quote never closes is left as written.
        let open = render("<div>\n<a href=\"x.md\n" + String(repeating: "y<a ", count: count) + "\n").links
        #expect(open.isEmpty)
        let (images, links) = render("<div>\n" + String(repeating: "<img src=\"a.md\" alt=x>", count: count) + "\n</div>\n")
        #expect(links.count == count)
        #expect(links.last?.line == 2)
        #expect(links.last?.column == (count - 1) * 22 + 11)
        #expect(images.html.utf8.count == 6 + count * 24 + 8)
        let bare = render("<div>\n" + String(repeating: "<img ", count: count) + "\n").links
        #expect(bare.isEmpty)
        let filtered = render("<div>\n" + String(repeating: "<script>", count: count) + "\n").rendered
        #expect(filtered.problems.count == 1)
    }
}
