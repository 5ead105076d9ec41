import Foundation
import PortalCore
import PortalTestSupport
import Testing

/// What site.yml says about the site's home and people: the repository every page links to, the
/// contact and the community's channels.
@Suite("Site links")
struct SiteLinkTests {
    @Test("With a repository in site.yml, every page links to its file there: the host's editor and the file (GitHub and GitLab)")
    func editLinks() throws {
        var theme = TestSite.minimalTheme
        theme["base.mustache"] = (theme["base.mustache"] ?? "").replacingOccurrences(of: "</body>", with: "{{#page.edit_url}}<a class=\"edit\" href=\"{{page.edit_url}}\">edit</a><a class=\"view\" href=\"{{page.source_url}}\">view</a>{{/page.edit_url}}<a class=\"repo\" href=\"{{site.repository_url}}\">repo</a></body>")
        for (url, edit, view) in [
            ("https://github.com/example-org/portal", "https://github.com/example-org/portal/edit/gh-pages/site/content/tutorials/fit.md",
             "https://github.com/example-org/portal/blob/gh-pages/site/content/tutorials/fit.md"),
            ("https://gitlab.com/hep/training/portal/", "https://gitlab.com/hep/training/portal/-/edit/gh-pages/site/content/tutorials/fit.md",
             "https://gitlab.com/hep/training/portal/-/blob/gh-pages/site/content/tutorials/fit.md"),
        ] {
            let settings = TestSite.defaultSettings + "repository:\n  url: \(url)\n  branch: gh-pages\n  content: site/content/\n"
            let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("fit")), theme: theme, settings: settings)
            defer { site.cleanUp() }
            let report = site.build()
            #expect(!report.hasErrors, "\(report.summary)")
            let html = try site.read("tutorials/fit/index.html")
            #expect(html.contains("<a class=\"edit\" href=\"\(edit)\">") && html.contains("<a class=\"view\" href=\"\(view)\">"), "\(html)")
            #expect(html.contains("<a class=\"repo\" href=\"\(url.hasSuffix("/") ? String(url.dropLast()) : url)\">"))
            // A generated page has no file to edit.
            #expect(!(try site.read("tags/index.html")).contains("class=\"edit\""))
        }
    }

    @Test("site.yml's contact and channels are links in every page's context; one that is no address is an error at it")
    func contactAndChannels() throws {
        var theme = TestSite.minimalTheme
        theme["base.mustache"] = (theme["base.mustache"] ?? "").replacingOccurrences(of: "</body>", with: "{{#site.contact}}<a class=\"contact\" href=\"{{url}}\">{{label}}</a>{{/site.contact}}{{#site.channels}}<a class=\"channel\" href=\"{{url}}\">{{title}}</a>{{/site.channels}}</body>")
        let good = TestSite.defaultSettings + "contact: portal-editors@example.org\nchannels:\n  - title: Forum\n    link: https://forum.example.org/c/portal\n"
        let site = try TestSite([:], theme: theme, settings: good)
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let home = try site.read("index.html")
        #expect(home.contains("<a class=\"contact\" href=\"mailto:portal-editors@example.org\">portal-editors@example.org</a>"), "\(home)")
        #expect(home.contains("<a class=\"channel\" href=\"https://forum.example.org/c/portal\">Forum</a>"))

        let bad = TestSite.defaultSettings + "contact: the editors\nchannels:\n  - title: Chat\n    link: pages/chat.md\n"
        let broken = try TestSite([:], theme: theme, settings: bad)
        defer { broken.cleanUp() }
        let errors = broken.build(output: nil)
        let lines = bad.split(separator: "\n", omittingEmptySubsequences: false)
        let contact = try #require(errors.only("settings.bad-contact"), "\(errors.summary)")
        #expect(contact.message == "'the editors' is neither an email address nor a web address")
        #expect((contact.line, contact.column) == ((lines.firstIndex { $0.hasPrefix("contact:") } ?? -1) + 1, 1))
        let channel = try #require(errors.only("settings.bad-channel"))
        #expect(channel.message == "the channel 'Chat' links to 'pages/chat.md', which is not a web or email address")
        #expect((channel.line, channel.column) == ((lines.firstIndex { $0.contains("pages/chat.md") } ?? -1) + 1, 11))
    }

    @Test("With a repository, section indexes link the host's new-file page filled in as portal new writes it; the page it opens builds once its date is written")
    func newPageLinks() throws {
        var theme = TestSite.minimalTheme
        theme["tutorials.mustache"] = (theme["tutorials.mustache"] ?? "") + "{{#section.new_page}}<a class=\"new\" href=\"{{url}}\">{{label}}</a>{{/section.new_page}}"
        theme["resources.mustache"] = (theme["resources.mustache"] ?? "") + "{{#section.new_page}}<a class=\"new\" href=\"{{url}}\">{{label}}</a>{{/section.new_page}}"
        let files = [String: String](files: TestSite.breakout("agentic-ai"), TestSite.tutorial("fit"))
        let github = TestSite.defaultSettings + "repository:\n  url: https://github.com/example-org/portal\n  branch: gh-pages\n  content: site/content\n"
        let site = try TestSite(files, theme: theme, settings: github)
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let html = try site.read("tutorials/index.html")
        let prefix = "<a class=\"new\" href=\"https://github.com/example-org/portal/new/gh-pages/site/content/tutorials?filename=new-tutorial.md&amp;value="
        let start = try #require(html.range(of: prefix), "\(html)")
        let end = try #require(html[start.upperBound...].range(of: "\">Propose a new tutorial</a>"))
        let text = try #require(String(html[start.upperBound..<end.lowerBound]).removingPercentEncoding)
        #expect(text.hasPrefix("---\n# New tutorial. Replace every 'CHANGE ME' value") && text.contains("\ndraft: true\n") && text.contains("\nareas: [agentic-ai]\n"), "\(text)")
        #expect(try site.read("resources/index.html").contains("site/content/resources?filename=new-resource.md&amp;value=---%0A"))

        // The filled-in page, committed as it is, is a draft whose one error is the date left to write.
        try site.write(text, to: "content/tutorials/new-tutorial.md")
        let errors = site.build(output: nil)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(errors.diagnostics.filter { $0.severity == .error }.count == 1, "\(errors.summary)")
        let date = try #require(errors.diagnostics.first { $0.severity == .error })
        #expect(date.message == "'CHANGE-ME' is not a valid date for 'date'" && date.fix == "write it as YYYY-MM-DD, e.g. 2026-05-18")
        #expect(date.file.hasSuffix("tutorials/new-tutorial.md") && date.column == 1 && date.line == (lines.firstIndex { $0.hasPrefix("date:") } ?? -1) + 1, "\(date)")
        try site.write(text.replacingOccurrences(of: "date: CHANGE-ME", with: "date: 2026-12-04"), to: "content/tutorials/new-tutorial.md")
        #expect(!site.build(output: nil).hasErrors)

        // GitLab's new-file page takes the name only; without a repository there is no link.
        let gitlab = try TestSite(files, theme: theme, settings: TestSite.defaultSettings + "repository:\n  url: https://gitlab.com/hep/portal\n")
        defer { gitlab.cleanUp() }
        #expect(!gitlab.build().hasErrors)
        #expect(try gitlab.read("tutorials/index.html").contains("<a class=\"new\" href=\"https://gitlab.com/hep/portal/-/new/main/content/tutorials?file_name=new-tutorial.md\">"))
        let none = try TestSite(files, theme: theme)
        defer { none.cleanUp() }
        #expect(!none.build().hasErrors)
        #expect(!(try none.read("tutorials/index.html")).contains("class=\"new\""))
    }

    @Test("The shipped theme's 404 page, which has no Markdown twin, links none: no empty href")
    func notFoundHasNoEmptyLink() throws {
        let site = try TestSite([:], settings: TestSite.settingsWithoutBaseURL)
        defer { site.cleanUp() }
        var options = site.options()
        options.templatesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("templates")
        #expect(!SiteBuilder(options: options).run().hasErrors)
        let notFound = try site.read("404.html")
        #expect(notFound.contains("Page not found") && !notFound.contains("href=\"\""), "\(notFound)")
        #expect(try site.read("index.html").contains("<link rel=\"alternate\" type=\"text/markdown\" href=\"index.md\""))
    }
}
