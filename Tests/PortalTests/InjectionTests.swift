import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@_spi(Fuzzing) @testable import PortalCore
import PortalMarkdown
import PortalTestSupport
import Testing

/// The package folder, for the shipped theme.
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Text that tries to become markup or script in one output format or another.
let injectionPayloads: [String] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "' onmouseover='alert(1)",
    "</script><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "]]><script>alert(1)</script><![CDATA[",
    "a\u{2028}b\u{2029}c\";alert(1);//",
    "\u{1}\u{8}\u{1B}control\u{7F}",
    "javascript:alert(1)",
    "<svg/onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<a href=\"jAvAsCrIpT&colon;alert(1)\">x</a>",
    "[click](javascript:alert(1)) ![x](data:text/html,1) <javascript:alert(1)>",
    "{{site.title}} {{{page.content}}} {{> base}} {{#page}}x{{/page}}",
    "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#60;b&#62;",
    "<!-- <script>alert(1)</script> -->",
    "`code` *em* _em_ \\ ~~del~~ # not a heading",
    "${alert(1)} `+alert(1)+` \\u003cscript\\u003e",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "--- \n# heading\n<script>alert(1)</script>",
]

/// `text` as a double-quoted YAML scalar that reads back exactly.
private func yamlQuoted(_ text: String) -> String {
    var output = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": output += "\\\\"
        case "\"": output += "\\\""
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{2028}" || scalar == "\u{2029}" {
                output += String(format: "\\u%04X", scalar.value)
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
    }
    return output + "\""
}

/// A site in which every free-text field of every kind, the settings and the bodies hold `payload`.
private func hostileSite(_ payload: String) throws -> TestSite {
    let value = yamlQuoted(withoutControls(payload))
    // A Markdown link to a script address stops the build (tested on its own below); in bodies the
    // payload keeps everything else, raw HTML included.
    let text = payload.replacingOccurrences(of: "javascript:", with: "https://example.org/?").replacingOccurrences(of: "data:", with: "https://example.org/?")
    let line = text.replacingOccurrences(of: "\n", with: " ")
    // A lesson's outline items are Markdown too, one line each.
    let item = yamlQuoted(withoutControls(line))
    let body = """
        \(text)

        ## \(line)

        A [link with \(line)](../tutorials/second.md), `\(line.replacingOccurrences(of: "`", with: "'"))`.

        ```python
        \(text)
        ```

        > \(line)

        """
    let settings = """
        title: \(value)
        description: \(value)
        footer: \(value)
        base_url: https://portal.example.org/
        nav:
          - title: \(value)
            link: tutorials/
        """
    let files: [String: String] = [
        "content/pages/index.md": "---\ntitle: \(value)\nsummary: \(value)\n---\n\n\(body)",
        "content/pages/about.md": "---\ntitle: \(value)\nsummary: \(value)\n---\n\n\(body)",
        "content/breakouts/agentic-ai.md": """
            ---
            title: \(value)
            summary: \(value)
            number: 1
            short_title: \(value)
            theme: \(value)
            needs: [\(value)]
            actions: [\(value)]
            conveners: [{name: \(value), affiliation: \(value)}]
            tags: [agents]
            ---

            \(body)
            """,
        "content/tutorials/first.md": """
            ---
            title: \(value)
            summary: \(value)
            level: beginner
            duration: 30 min
            areas: [agentic-ai]
            authors: [\(value)]
            date: 2026-06-01
            tags: [agents]
            series: basics
            part: 1
            questions: [\(item)]
            objectives: [\(item)]
            keypoints: [\(item)]
            ---

            \(body)
            """,
        "content/tutorials/second.md": """
            ---
            title: Second part
            summary: \(value)
            level: advanced
            duration: 1 h
            areas: [agentic-ai]
            authors: [\(value)]
            date: 2026-06-02
            prerequisites: [first]
            series: basics
            part: 2
            ---

            \(body)
            """,
        "content/tutorials/basics/_series.md": "---\ntitle: \(value)\nsummary: \(value)\nauthors: [\(value)]\n---\n\n\(body.replacingOccurrences(of: "](../tutorials/", with: "](../"))",
        "content/starter-kit/begin.md": "---\ntitle: \(value)\nsummary: \(value)\nstep: 1\ntutorials: [first]\nresources: [tool]\nareas: [agentic-ai]\n---\n\n\(body)",
        "content/resources/tool.md": """
            ---
            title: \(value)
            summary: \(value)
            type: software
            url: https://github.com/example/tool
            areas: [agentic-ai]
            authors: [\(value)]
            date: 2026-05-01
            tags: [agents]
            ---

            \(body)
            """,
        "content/resources/_index.md": "---\ntitle: \(value)\nsummary: \(value)\n---\n\n\(body)",
    ]
    return try TestSite(files, theme: [:], settings: settings)
}

/// Builds `site` with the shipped theme.
private func buildWithShippedTheme(_ site: TestSite) -> BuildReport {
    var options = site.options()
    options.templatesDirectory = packageRoot.appendingPathComponent("templates")
    options.today = "2026-06-10"
    return SiteBuilder(options: options).run()
}

/// Every file of the built site, by path relative to it.
private func outputFiles(of site: TestSite) throws -> [String: String] {
    let root = site.root.appendingPathComponent("_site")
    var files: [String: String] = [:]
    let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
    while let url = enumerator?.nextObject() as? URL {
        guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
        let path = String(url.path.dropFirst(root.path.count + 1))
        if let text = String(data: try Data(contentsOf: url), encoding: .utf8) { files[path] = text }
    }
    return files
}

/// Collects the text of the elements named `element` in an XML document, and whether it is well-formed.
private final class XMLTexts: NSObject, XMLParserDelegate {
    let element: String
    private(set) var texts: [String] = []
    private(set) var elements: Set<String> = []
    private var current: String?

    init(_ xml: String, element: String) {
        self.element = element
        super.init()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = self
        wellFormed = parser.parse()
    }

    private(set) var wellFormed = false

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.insert(name)
        if name == element { current = "" }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        current? += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == element, let text = current { texts.append(text) }
        if name == element { current = nil }
    }
}

/// What a front-matter field can hold of `payload`: front-matter refuses control characters (see
/// FrontMatterLimitsTests), so fields get the payload without them, and the bodies keep them.
private func withoutControls(_ payload: String) -> String {
    String(String.UnicodeScalarView(payload.unicodeScalars.filter { !($0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value)) }))
}

/// The text a field keeps after the build: YAML trims the ends.
private func stored(_ payload: String) -> String {
    withoutControls(payload).trimmingCharacters(in: .whitespaces)
}

@Suite("Injection: hostile text in every field and body, through every output")
struct InjectionTests {
    @Test("No payload becomes markup or script in any page, feed, sitemap, catalog, search file, twin or llms.txt", .tags(.slow), .skippedWhenAsked, arguments: injectionPayloads)
    func payloadStaysText(_ payload: String) throws {
        let site = try hostileSite(payload)
        defer { site.cleanUp() }
        let report = buildWithShippedTheme(site)
        #expect(!report.hasErrors, "\(report.diagnostics.map(\.description).joined(separator: "\n"))")
        let files = try outputFiles(of: site)
        let title = stored(payload)
        #expect(files.count > 30)

        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            switch path.split(separator: ".").last.map(String.init) ?? "" {
            case "html":
                // The theme's scripts, relative or (on 404.html, which servers show at any depth) from the base URL.
                let audit = MarkupAudit(html: text) { source in
                    let path = source.hasPrefix("https://portal.example.org/") ? String(source.dropFirst("https://portal.example.org/".count)) : source
                    return ["search.js", "filters-early.js", "filters.js", "progress.js", "copy.js", "nav.js"].contains { path.hasSuffix("assets/\($0)") } && !path.contains(":")
                }
                #expect(audit.problems.isEmpty, "\(path): \(audit.problems)")
                for block in audit.dataBlocks {
                    #expect((try? JSONSerialization.jsonObject(with: Data(block.utf8))) != nil, "\(path): JSON-LD does not parse")
                    #expect(!block.contains("<"), "\(path): '<' in JSON-LD")
                }
            case "xml":
                let xml = XMLTexts(text, element: "title")
                #expect(xml.wellFormed, "\(path) is not well-formed XML")
                #expect(xml.elements.isSubset(of: ["feed", "title", "subtitle", "link", "id", "updated", "author", "name", "generator", "entry",
                                                   "published", "summary", "content", "category", "urlset", "url", "loc", "lastmod"]), "\(path): \(xml.elements)")
                // The feed's entries carry their pages' HTML bodies, which feed readers show as HTML:
                // held to the same audit as the pages, with no script at all.
                let bodies = XMLTexts(text, element: "content").texts
                #expect(path != "feed.xml" || !bodies.isEmpty, "the feed carries the bodies")
                for body in bodies {
                    #expect(MarkupAudit(html: body) { _ in false }.problems.isEmpty, "\(path): an entry's content: \(MarkupAudit(html: body) { _ in false }.problems)")
                }
            case "json":
                #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil, "\(path) does not parse")
            case "js" where path.hasPrefix("search/"):
                // A search file is one call with one JSON value: nothing can break out of it.
                let prefix = "portalSearchLoaded(\""
                #expect(text.hasPrefix(prefix) && text.hasSuffix(");\n"), "\(path) is not one call")
                let inner = text.dropFirst(prefix.count).drop { $0 != "," }.dropFirst().dropLast(3)
                #expect((try? JSONSerialization.jsonObject(with: Data(inner.utf8), options: .fragmentsAllowed)) != nil, "\(path): the data does not parse")
                #expect(!text.unicodeScalars.contains { $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "<" }, "\(path): raw U+2028/2029 or '<'")
            default:
                // Markdown twins and llms.txt: inert even for a renderer that lets raw HTML through.
                guard path.hasSuffix(".md") || path.hasPrefix("llms") else { break }
                let problems = FuzzTargets.twinProblems(text)
                #expect(problems.isEmpty, "\(path): \(problems)")
            }
        }

        // The payload is still there, as the same text, where readers and machines look for it.
        let page = try #require(files["tutorials/first/index.html"])
        #expect(MarkupAudit(html: page).texts["h1"]?.first?.shownText == title.shownText)
        let jsonLD = try #require(MarkupAudit(html: page).dataBlocks.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(jsonLD.utf8)) as? [String: Any])
        #expect(object["name"] as? String == title)
        #expect(XMLTexts(try #require(files["feed.xml"]), element: "title").texts.contains(XMLEscaping.validCharacters(title)))
        var links = KeepLinks()
        let twin = MarkupAudit(html: MarkdownRenderer().render(try #require(files["tutorials/first/index.md"]), resolver: &links).html)
        // The heading of the twin, less the anchor link the renderer adds (rendered as a body, its `#` title is an `<h2>`).
        #expect(twin.texts["h2"]?.first.map { String($0.dropLast(2)) }?.shownText == title.shownText)
    }

    @Test("A script address in a Markdown link, image, autolink or reference is an error at the destination, and never reaches the HTML", arguments: [
        ("[a](javascript:alert(1))", 5),
        ("[a](JaVaScRiPt:alert(1))", 5),
        ("[a](<java\tscript:alert(1)>)", 6),
        ("[a](&#106;avascript:alert(1))", 1),
        ("[a](javascript&colon;alert(1))", 1),
        ("[a](vbscript:msgbox(1))", 5),
        ("![a](data:image/svg+xml;base64,PHN2Zz4=)", 6),
        ("[a](data:text/html;base64,PHNjcmlwdD4=)", 5),
        ("<javascript:alert(1)>", 1),
        ("[a][r]\n\n[r]: javascript:alert(1)", 1),
    ])
    func markdownScriptAddress(_ markdown: String, column: Int) throws {
        let site = try TestSite([String: String](files: TestSite.breakout("agentic-ai"), TestSite.tutorial("one", body: "Intro.\n\n\(markdown)\n")))
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let unsafe = report.diagnostics.filter { $0.id == "link.unsafe-url" }
        #expect(unsafe.count == 1, "\(report.diagnostics)")
        #expect(unsafe.first?.file.hasSuffix("content/tutorials/one.md") == true)
        #expect(unsafe.first?.line == 13)
        #expect(unsafe.first?.column == column)

        for rawHTML in [false, true] {
            var recorder = KeepLinks()
            let html = MarkdownRenderer(options: MarkdownOptions(allowsRawHTML: rawHTML)).render(markdown, resolver: &recorder).html
            #expect(recorder.destinations.count == 1)
            #expect(MarkupAudit(html: html).problems.isEmpty, "\(html)")
            #expect(html.contains("href=\"\"") || html.contains("src=\"\""), "\(html)")
        }
    }

    @Test("A script address in a front-matter address field is an error at the value", arguments: [
        "javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "\u{1}javascript:alert(1)",
        "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>", "&#106;avascript:alert(1)",
    ])
    func frontMatterScriptAddress(_ address: String) throws {
        let site = try TestSite([String: String](files: TestSite.breakout("agentic-ai"), TestSite.resource("tool", extra: "date: 2026-01-01")))
        defer { site.cleanUp() }
        let resource = try String(contentsOf: site.root.appendingPathComponent("content/resources/tool.md"), encoding: .utf8)
        try site.write(resource.replacingOccurrences(of: "url: https://example.org/tool", with: "url:   \(yamlQuoted(address))"), to: "content/resources/tool.md")
        try site.write(TestSite.settingsWithoutBaseURL + "\nbase_url: \(yamlQuoted(address))\n", to: "content/site.yml")
        let report = site.build()
        let unsafe = report.diagnostics.filter { $0.id == "frontmatter.unsafe-url" }.sorted { $0.file < $1.file }
        #expect(unsafe.map(\.file) == ["content/resources/tool.md", "content/site.yml"], "\(report.diagnostics)")
        #expect(unsafe.first?.line == 5)
        #expect(unsafe.first?.column == 8)
        #expect(unsafe.last?.line == 8)
        #expect(unsafe.last?.column == 11)
        #expect(!site.exists("index.html"))
    }

    @Test("The audit the tests rely on finds each kind of executable markup", arguments: [
        ("<p>x<script>alert(1)</script></p>", true),
        ("<img src=x onerror=alert(1)>", true),
        ("<a href=\"jav&#x09;ascript:alert(1)\">x</a>", true),
        ("<a href=' JAVASCRIPT&colon;alert(1)'>x</a>", true),
        ("<IMG SRC=\"data:image/svg+xml,x\">", true),
        ("<svg><animate attributeName=href to=x /></svg>", true),
        ("<iframe srcdoc=x></iframe>", true),
        ("<div style=\"background:red\">x</div>", true),
        ("<meta http-equiv=\"refresh\" content=\"0;url=x\">", true),
        ("<title></title><script>alert(1)</script>", true),
        ("<script src=\"assets/search.js\">alert(1)</script>", true),
        ("<!-- <script>alert(1)</script> --><p title=\"<script>\">&lt;script&gt;</p>", false),
        // `</` and no letter opens a comment that the first `>` ends; only a <meta> reads http-equiv.
        ("x </<img src=x onerror=alert(1)> y", false),
        ("</p title=\"><a href=javascript:alert(1)>\">x", false),
        // `&#0` is U+FFFD to a browser, which no scheme starts with; `&#1` is a control character, which the URL parser drops.
        ("<a href=\"&#0javascript:alert(1)\">x</a>", false),
        ("<a href=\"&#1javascript:alert(1)\">x</a>", true),
        ("<p http-equiv=\"refresh\" content=\"0;url=x\">x</p>", false),
        ("<script type=\"application/ld+json\">{\"a\":\"\\u003c/script\\u003e\"}</script>", false),
        ("<script src=\"../assets/search.js\" data-root=\"../\" defer></script><a href=\"x.html\">x</a>", false),
    ])
    func auditFinds(_ html: String, unsafe: Bool) {
        #expect(MarkupAudit(html: html).problems.isEmpty != unsafe, "\(html)")
    }

    @Test("The shipped theme's pages carry a Content-Security-Policy that allows no inline script")
    func contentSecurityPolicy() throws {
        let site = try hostileSite("plain")
        defer { site.cleanUp() }
        #expect(!buildWithShippedTheme(site).hasErrors)
        for path in ["index.html", "tutorials/first/index.html", "404.html", "tags/index.html"] {
            let html = try site.read(path)
            let policy = try #require(html.range(of: "<meta http-equiv=\"Content-Security-Policy\" content=\"").map { html[$0.upperBound...].prefix { $0 != "\"" } })
            let directives = Dictionary(policy.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).split(separator: " ").map(String.init) }
                .map { ($0[0], Set($0.dropFirst())) }, uniquingKeysWith: { first, _ in first })
            #expect(directives["script-src"] == ["'self'"], "\(path): \(policy)")
            #expect(directives["object-src"] == ["'none'"])
            #expect(directives["base-uri"] == ["'none'"])
            #expect(directives["default-src"] == ["'self'"])
            // The head must set the policy before anything it governs loads.
            let meta = try #require(html.range(of: "Content-Security-Policy"))
            #expect(html.range(of: "<script")?.lowerBound ?? html.endIndex > meta.lowerBound)
            #expect(html.range(of: "<link")?.lowerBound ?? html.endIndex > meta.lowerBound)
        }
    }
}

/// Keeps every link as written and records it.
struct KeepLinks: MarkdownLinkResolving {
    var destinations: [String] = []
    mutating func resolve(_ link: MarkdownLink) -> String? {
        destinations.append(link.destination)
        return nil
    }
}

private extension String {
    /// The text as a reader sees it: runs of whitespace as one space, without control characters
    /// (and the U+FFFD the Markdown renderer puts in place of some).
    var shownText: String {
        String(String.UnicodeScalarView(unicodeScalars.filter { ($0.value >= 0x20 || $0.properties.isWhitespace) && $0.value != 0x7F && $0 != "\u{FFFD}" }))
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
