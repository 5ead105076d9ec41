import PortalCore
import PortalTestSupport
import Testing

@Suite("Links in Markdown bodies")
struct LinkTests {
    private func site(_ body: String, extra: [String: String] = [:]) throws -> TestSite {
        var files = [String: String](files:
            TestSite.breakout("agentic-ai"),
            TestSite.tutorial("python-env", body: "## Install\n\nText.\n"),
            TestSite.tutorial("first", body: body)
        )
        files.merge(extra) { _, new in new }
        return try TestSite(files)
    }

    @Test("A relative .md link becomes the target's URL relative to the current page")
    func rewritten() throws {
        let site = try site("See [setup](python-env.md#install), [home](../pages/index.md) and [list](_index.md).\n",
                            extra: ["content/tutorials/_index.md": "---\ntitle: All tutorials\n---\n"])
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let html = try site.read("tutorials/first/index.html")
        #expect(html.contains("href=\"../python-env/index.html#install\""))
        #expect(html.contains("href=\"../../index.html\""))
        #expect(html.contains("href=\"../index.html\""))
        #expect(!html.contains("href=\"/"))
    }

    @Test("Broken links are errors at the destination, with the closest target suggested", arguments: [
        ("See [setup](python-evn.md).\n", "link.broken", "'python-evn.md' does not exist", "did you mean 'python-env.md'?"),
        ("See [setup](python-env.md#instal).\n", "link.broken-anchor", "'#instal' is not a heading or a labelled equation on tutorials/python-env.md", "did you mean '#install'?"),
        ("See [setup](/tutorials/python-env.md).\n", "link.absolute",
         "'/tutorials/python-env.md' starts with '/', which breaks when the site is served under a sub-path or opened from disk",
         "link relative to this file, e.g. 'python-env.md'"),
        ("See [x](../../etc/passwd).\n", "link.outside-content", "'../../etc/passwd' points outside the content folder", nil),
        ("See [cdn](//cdn.example.org/x.js).\n", "link.protocol-relative", "'//cdn.example.org/x.js' has no scheme, so it breaks when the site is opened from disk",
         "write 'https://cdn.example.org/x.js'"),
        ("See ![img](//host).\n", "link.protocol-relative", "'//host' has no scheme, so it breaks when the site is opened from disk", "write 'https://host'"),
        ("See [folder](../pages).\n", "link.directory", "'../pages' is a folder, not a page or a file", "link to '../pages/index.md'"),
        ("Jump to [here](#nowhere).\n", "link.broken-anchor", "'#nowhere' is not a heading or a labelled equation on this page", "that page has no headings"),
        ("See [setup](python-env).\n", "link.broken", "'python-env' does not exist", "link to the Markdown file: 'python-env.md'"),
    ] as [(String, String, String, String?)])
    func broken(body: String, id: String, message: String, fix: String?) throws {
        let site = try site("Intro.\n\n" + body)
        defer { site.cleanUp() }
        let report = site.build()
        let diagnostic = try #require(report.only(id), "\(report.summary)")
        #expect(diagnostic.file == "content/tutorials/first.md")
        #expect(diagnostic.line == 13)
        // The caret points at the destination, just after "(", or at its "#" for a broken anchor.
        let target = try #require(id == "link.broken-anchor" ? body.firstIndex(of: "#") : body.firstIndex(of: "(").map(body.index(after:)))
        #expect(diagnostic.column == body.distance(from: body.startIndex, to: target) + 1)
        // Broken anchors are reported after the body's text is let go of; their lines are kept for this.
        #expect(diagnostic.sourceLine == String(body.dropLast()))
        #expect(diagnostic.message == message)
        #expect(diagnostic.fix == fix)
        #expect(!site.exists("index.html"))
    }

    @Test("A page folder's own files are copied beside the page and linkable relatively")
    func bundles() throws {
        let site = try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            ("content/tutorials/jets/index.md", TestSite.tutorial("jets", body: "Run [the script](train.py); ![loss curve](plots/loss.png)\n").1),
            ("content/tutorials/jets/train.py", "print('train')\n"),
            ("content/tutorials/jets/plots/loss.png", "PNG"),
            TestSite.tutorial("other", body: "Use [its script](jets/train.py) and [the page](jets/index.md).\n")
        ))
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(try site.read("tutorials/jets/index.html").contains("href=\"train.py\""))
        #expect(try site.read("tutorials/jets/index.html").contains("src=\"plots/loss.png\""))
        #expect(try site.read("tutorials/jets/train.py") == "print('train')\n")
        let other = try site.read("tutorials/other/index.html")
        #expect(other.contains("href=\"../jets/train.py\""))
        #expect(other.contains("href=\"../jets/index.html\""))
    }

    @Test("An image without alt text is a warning, and the site is still written")
    func missingAlt() throws {
        let site = try site("Intro.\n\n![](pic.png)\n", extra: ["content/tutorials/pic.png": "PNG"])
        defer { site.cleanUp() }
        let report = site.build()
        let warning = try #require(report.only("image.no-alt"), "\(report.summary)")
        #expect(warning.severity == .warning)
        #expect((warning.line, warning.column) == (13, 5))
        #expect(!report.hasErrors)
        #expect(site.exists("tutorials/first/index.html"))
    }

    @Test("External links are left alone")
    func external() throws {
        let site = try site("[arXiv](https://arxiv.org/abs/2602.17582), [mail](mailto:a@b.org)\n")
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let html = try site.read("tutorials/first/index.html")
        #expect(html.contains("href=\"https://arxiv.org/abs/2602.17582\""))
        #expect(html.contains("href=\"mailto:a@b.org\""))
    }

    @Test("A link to a draft is an error unless drafts are built")
    func draftTarget() throws {
        let site = try site("See [soon](soon.md).\n", extra: .init(files: TestSite.tutorial("soon", extra: "draft: true")))
        defer { site.cleanUp() }
        let report = site.build()
        #expect(report.only("link.draft") != nil, "\(report.summary)")
        let withDrafts = site.build(drafts: true)
        #expect(!withDrafts.hasErrors, "\(withDrafts.summary)")
        #expect(try site.read("tutorials/soon/index.html").contains("class=\"draft\""))
    }
}
