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
