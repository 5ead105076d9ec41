@testable import PortalCore
import PortalTestSupport
import Testing

@Suite("Template checks")
struct TemplateCheckTests {
    /// Builds the default test site with `page.mustache` (or another template) replaced.
    private func build(_ text: String, in name: String = "page.mustache", extra: [String: String] = [:]) throws -> (TestSite, BuildReport) {
        var theme = TestSite.minimalTheme
        theme[name] = text
        for (key, value) in extra { theme[key] = value }
        let site = try TestSite(["content/pages/about.md": "---\ntitle: About\n---\n"], theme: theme)
        return (site, site.build())
    }

    @Test("Mistakes are errors at the template's line and column", arguments: [
        ("<h1>{{page.title}}</h1>\n<p>{{page.sumary}}</p>", "template.unknown-name", 2, 4, "'page' has no member 'sumary'", "did you mean 'summary'?"),
        ("<h1>{{sit.title}}</h1>", "template.unknown-name", 1, 5, "'sit' is not in the context of this template", "did you mean 'site'?"),
        ("{{#page.tags}}\n  {{nme}}\n{{/page.tags}}", "template.unknown-name", 2, 3, "'nme' is not in the context of this template", "did you mean 'name'?"),
        ("<ul>\n{{#page.toc}}<li>{{title}}</li>\n</ul>", "template.syntax", 2, 1, "the section '{{#page.toc}}' is never closed", "add {{/page.toc}} where it ends"),
        ("{{#page.toc}}{{/page.tags}}", "template.syntax", 1, 14, "'{{/page.tags}}' does not match '{{#page.toc}}' opened at line 1, column 1", "close it with {{/page.toc}}"),
        ("{{> crad}}", "template.missing-partial", 1, 1, "there is no partial 'crad' (templates/partials/crad.mustache)", "did you mean 'card'?"),
        ("{{{page.title}}}", "template.unescaped", 1, 1, "'page.title' is plain text; writing it unescaped would let '<' in content become markup", "write {{page.title}}"),
        ("{{page.content}}", "template.escaped-html", 1, 1, "'page.content' is HTML; written with two braces its tags would show as text", "write {{{page.content}}}"),
        ("{{page.tags}}", "template.not-a-value", 1, 1, "'page.tags' is a list, not a value", "open it as a section: {{#page.tags}} … {{/page.tags}}"),
        ("{{<base}}{{/base}}", "template.unsupported", 1, 1, "'{{<' is not supported by the portal's templates", "use partials ({{> name}}) instead of inheritance, and the default {{ }} delimiters"),
        ("<p>{{page.title</p>", "template.syntax", 1, 4, "this tag is never closed with '}}'", nil),
    ] as [(String, String, Int, Int, String, String?)])
    func mistakes(template: String, id: String, line: Int, column: Int, message: String, fix: String?) throws {
        let (site, report) = try build(template, extra: ["partials/card.mustache": "{{title}}"])
        defer { site.cleanUp() }
        let diagnostic = try #require(report.diagnostics(id).first, "\(report.summary)")
        #expect(diagnostic.file == "templates/page.mustache")
        #expect((diagnostic.line, diagnostic.column) == (line, column))
        #expect(diagnostic.message == message)
        #expect(diagnostic.fix == fix)
        #expect(!site.exists("index.html"))
    }

    @Test("A template that exists but cannot be read or parsed is reported as that, never as missing", arguments: [
        ("{{#page}}<p>unclosed", "template.syntax", 1, 1, "the section '{{#page}}' is never closed"),
        (String(repeating: "{{#page}}", count: 150) + String(repeating: "{{/page}}", count: 150), "template.too-deep", 1, 901,
         "sections are nested more than 100 levels deep here"),
        (String(repeating: "x", count: 9 * 1024 * 1024), "content.too-large", 0, 0, "the file is 9 MB; files the build reads may be at most 8 MB"),
    ])
    func presentButBroken(template: String, id: String, line: Int, column: Int, message: String) throws {
        let (site, report) = try build(template)
        defer { site.cleanUp() }
        let diagnostic = try #require(report.only(id), "\(report.summary)")
        #expect((diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.message) == ("templates/page.mustache", line, column, message))
        #expect(report.diagnostics("template.missing").isEmpty, "\(report.summary)")
    }

    @Test("A partial is checked in the context it is included from, and errors point into the partial")
    func partialContext() throws {
        let (site, report) = try build("{{#page.tags}}{{> chip}}{{/page.tags}}", extra: ["partials/chip.mustache": "<a href=\"{{url}}\">{{name}}</a>\n{{page.summary}}{{count}}"])
        defer { site.cleanUp() }
        let diagnostic = try #require(report.only("template.unknown-name"), "\(report.summary)")
        #expect(diagnostic.file == "templates/partials/chip.mustache")
        #expect((diagnostic.line, diagnostic.column) == (2, 17))
        #expect(diagnostic.message == "'count' is not in the context of this template")
    }

    @Test("An id written in a template is kept free: a heading with that slug gets a suffix")
    func templateIDsReserved() throws {
        var theme = TestSite.minimalTheme
        theme["page.mustache"] = "<section id=\"about-us\">{{{page.content}}}</section>"
        let site = try TestSite(["content/pages/about.md": "---\ntitle: About\n---\n\n## About us\n\n[x](#about-us-1)\n"], theme: theme)
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(try site.read("about/index.html").contains("<h2 id=\"about-us-1\">About us"))
    }

    @Test("A partial may not take the name of a page template")
    func partialNameClash() throws {
        let (site, report) = try build("x", extra: ["partials/tag.mustache": "y"])
        defer { site.cleanUp() }
        #expect(report.only("template.name-clash")?.file == "templates/partials/tag.mustache", "\(report.summary)")
    }

    @Test("A partial that includes itself is an error")
    func recursivePartial() throws {
        let (site, report) = try build("{{> loop}}", extra: ["partials/loop.mustache": "x{{> loop}}"])
        defer { site.cleanUp() }
        let diagnostic = try #require(report.only("template.recursive-partial"), "\(report.summary)")
        #expect(diagnostic.file == "templates/partials/loop.mustache")
        #expect((diagnostic.line, diagnostic.column) == (1, 2))
    }

    @Test("A missing template is an error naming the file to create")
    func missingTemplate() throws {
        var theme = TestSite.minimalTheme
        theme["tutorial.mustache"] = nil
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("one")), theme: theme)
        defer { site.cleanUp() }
        let report = site.build()
        let diagnostic = try #require(report.only("template.missing"), "\(report.summary)")
        #expect(diagnostic.file == "templates/tutorial.mustache")
    }

    @Test("Sequence transforms work only inside list sections")
    func transforms() throws {
        let (good, goodReport) = try build("{{#page.tags}}{{^first()}}, {{/first()}}{{name}}{{/page.tags}} {{count(page.tags)}}")
        defer { good.cleanUp() }
        #expect(!goodReport.hasErrors, "\(goodReport.summary)")
        let (bad, badReport) = try build("{{#first()}}x{{/first()}}")
        defer { bad.cleanUp() }
        #expect(badReport.only("template.unknown-transform")?.message == "'first()' only works directly inside a section over a list (not inside a record section or a partial)")
        let (nested, nestedReport) = try build("{{#page.backlinks}}{{#tags}}x{{/tags}}{{> inner}}{{/page.backlinks}}", extra: ["partials/inner.mustache": "{{#first()}}y{{/first()}}"])
        defer { nested.cleanUp() }
        #expect(nestedReport.only("template.unknown-transform")?.file == "templates/partials/inner.mustache", "\(nestedReport.summary)")
    }

    @Test("The entries of site.sections a template may read are found by name, and a section over the whole record reads all")
    func sectionsRead() throws {
        func read(_ text: String) throws -> Set<String>? {
            let tags = try TemplateScanner.scan(text, source: SourceText(displayPath: "t.mustache", text: text)).get()
            return TemplateSet.sectionsRead(by: tags)
        }
        #expect(try read("{{#site.sections.tags}}<a href=\"{{url}}\">{{count}}</a>{{/site.sections.tags}}") == ["tags"])
        #expect(try read("{{site.sections.starter_kit.count}} {{count(site.sections.tutorials.title)}}") == ["starter_kit", "tutorials"])
        #expect(try read("{{page.title}} {{site.title}}") == [])
        #expect(try read("{{#site.sections}}{{tutorials.count}}{{/site.sections}}") == nil)
        #expect(try read("{{#site}}{{#sections}}{{/sections}}{{/site}}") == nil)
    }

    @Test("A tag's name is read the same with spaces and tabs around it, dots, a leading dot and a transform")
    func names() {
        func parts(_ text: String) -> ([String], Bool, String?) {
            let name = TemplateName(text)
            return (name.path, name.climbs, name.transform)
        }
        #expect(parts("page.title") == (["page", "title"], true, nil))
        #expect(parts(" \t site.sections.tags \t") == (["site", "sections", "tags"], true, nil))
        #expect(parts(".title") == (["title"], false, nil))
        #expect(parts(" . ") == ([], false, nil))
        #expect(parts("") == ([], false, nil))
        #expect(parts("a..b.") == (["a", "b"], true, nil))
        #expect(parts("count( page.tags )") == (["page", "tags"], true, "count"))
        #expect(parts("first()") == ([], false, "first"))
        // Other space separators are trimmed too, as Foundation's `whitespaces` holds them.
        #expect(parts("\u{00A0}café.crème\u{2003}") == (["café", "crème"], true, nil))
    }
}
