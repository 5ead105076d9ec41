import Foundation
import PortalCore
import PortalTestSupport
import Testing

/// One mistake, how to make it in a site, and the diagnostic it must get.
struct SiteErrorCase: CustomTestStringConvertible, Sendable {
    let name: String
    let files: [String: String]
    let id: String
    let file: String
    let line: Int
    let column: Int
    let message: String
    var testDescription: String { name }
}

@Suite("Errors about files, folders and settings")
struct SiteErrorTests {
    static let cases: [SiteErrorCase] = [
        SiteErrorCase(name: "a file name that is not an id", files: ["content/tutorials/Python_Env.md": TestSite.tutorial("x").1],
                      id: "content.bad-id", file: "content/tutorials/Python_Env.md", line: 0, column: 0,
                      message: "'Python_Env' is not a valid page id: use lower-case letters, digits and single hyphens"),
        SiteErrorCase(name: "a page named like a section", files: ["content/pages/tutorials.md": "---\ntitle: T\n---\n"],
                      id: "content.reserved-id", file: "content/pages/tutorials.md", line: 0, column: 0,
                      message: "'tutorials' is used by a generated section; a page cannot take it"),
        SiteErrorCase(name: "a required field left empty", files: ["content/starter-kit/s.md": "---\ntitle: S\nsummary:\nstep: 1\n---\n"],
                      id: "frontmatter.empty", file: "content/starter-kit/s.md", line: 3, column: 1, message: "'summary' is empty; it must be text"),
        SiteErrorCase(name: "front-matter that is a list", files: ["content/pages/list.md": "---\n- title\n---\n"],
                      id: "frontmatter.not-a-mapping", file: "content/pages/list.md", line: 2, column: 1,
                      message: "front-matter must be a list of 'field: value' lines"),
        SiteErrorCase(name: "a key that is a list", files: ["content/pages/key.md": "---\ntitle: T\n[a, b]: c\n---\n"],
                      id: "frontmatter.bad-key", file: "content/pages/key.md", line: 3, column: 1, message: "a field name must be a plain word"),
        SiteErrorCase(name: "a formula in a summary", files: ["content/pages/fit.md": "---\ntitle: T\nsummary: The $\\chi^2$ fit, costing $5 or $10\n---\n"],
                      id: "frontmatter.math-in-text", file: "content/pages/fit.md", line: 3, column: 10,
                      message: "'summary' holds the formula $\\chi^2$, which is shown as TeX: only the page's text renders math"),
        SiteErrorCase(name: "a mistake in a title's formula", files: ["content/pages/fit.md": "---\ntitle: The $\\alpah$ fit, costing $5 or $10\n---\n"],
                      id: "math.unknown-command", file: "content/pages/fit.md", line: 2, column: 13,
                      message: "unknown command \\alpah"),
        SiteErrorCase(name: "a tag listed twice", files: ["content/pages/tagged.md": "---\ntitle: T\ntags: [a, b, a]\n---\n"],
                      id: "frontmatter.duplicate-item", file: "content/pages/tagged.md", line: 3, column: 14, message: "'a' is listed twice in 'tags'"),
        SiteErrorCase(name: "a link without a destination", files: ["content/pages/empty.md": "---\ntitle: T\n---\n\nSee [this]().\n"],
                      id: "link.empty", file: "content/pages/empty.md", line: 5, column: 12, message: "this link has no destination"),
        SiteErrorCase(name: "an image that is a page", files: ["content/pages/img.md": "---\ntitle: T\n---\n\n![home](index.md)\n"],
                      id: "link.image-is-page", file: "content/pages/img.md", line: 5, column: 9, message: "the image 'index.md' is a page, not an image file"),
        SiteErrorCase(name: "a tutorial that is its own prerequisite", files: .init(files: TestSite.tutorial("one", extra: "prerequisites: [one]")),
                      id: "reference.self", file: "content/tutorials/one.md", line: 9, column: 17, message: "a tutorial cannot list itself in 'prerequisites'"),
        SiteErrorCase(name: "a file where a page is written",
                      files: .init(files: TestSite.tutorial("one"), ("content/tutorials/one/index.html", "<p>x</p>")),
                      id: "output.collision", file: "content/tutorials/one/index.html", line: 0, column: 0,
                      message: "'content/tutorials/one/index.html' and 'content/tutorials/one.md' would both be written to tutorials/one/index.html"),
        SiteErrorCase(name: "a template the build never uses", files: ["templates/sidebar.mustache": "x"],
                      id: "template.unused", file: "templates/sidebar.mustache", line: 0, column: 0,
                      message: "'sidebar.mustache' is not one of the templates the build uses, so it is never rendered"),
    ]

    @Test("is reported with its message and position", arguments: cases)
    func reported(_ example: SiteErrorCase) throws {
        var files = [String: String](files: TestSite.breakout("agentic-ai"))
        files.merge(example.files) { _, new in new }
        let site = try TestSite(files)
        defer { site.cleanUp() }
        let report = site.build()
        let diagnostic = try #require(report.diagnostics(example.id).first, "\(report.summary)")
        #expect(diagnostic.file == example.file)
        #expect((diagnostic.line, diagnostic.column) == (example.line, example.column))
        #expect(diagnostic.message == example.message)
    }

    @Test("Files the build cannot read as text are errors naming the file")
    func unreadableText() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai")))
        defer { site.cleanUp() }
        try Data([0x2D, 0x2D, 0x2D, 0x0A, 0x74, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]).write(to: site.root.appendingPathComponent("content/pages/bytes.md"))
        try Data(repeating: 0x61, count: 9 * 1024 * 1024).write(to: site.root.appendingPathComponent("content/pages/huge.md"))
        let report = site.build()
        let encoding = try #require(report.only("content.encoding"), "\(report.summary)")
        #expect((encoding.file, encoding.line, encoding.message) == ("content/pages/bytes.md", 2, "the file is not valid UTF-8"))
        let large = try #require(report.only("content.too-large"))
        #expect(large.file == "content/pages/huge.md")
        #expect(large.message == "the file is 9 MB; files the build reads may be at most 8 MB")
    }

    @Test("Symbolic links to nothing, and folders that contain themselves, are errors")
    func symlinks() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai")))
        defer { site.cleanUp() }
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: site.root.appendingPathComponent("content/pages/gone.md").path, withDestinationPath: "/nonexistent/file.md")
        try manager.createDirectory(at: site.root.appendingPathComponent("content/images"), withIntermediateDirectories: true)
        try manager.createSymbolicLink(atPath: site.root.appendingPathComponent("content/images/loop").path, withDestinationPath: "..")
        let report = site.build()
        #expect(report.only("content.broken-symlink")?.file == "content/pages/gone.md", "\(report.summary)")
        #expect(report.diagnostics("content.symlink-loop").first?.message == "symbolic link loop: this folder contains itself")
    }

    @Test("Missing folders and settings are errors naming what to create")
    func missingFolders() throws {
        let site = try TestSite([:], settings: nil)
        defer { site.cleanUp() }
        #expect(site.build().only("settings.missing")?.file == "content/site.yml")
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("templates"))
        let noTemplates = site.build()
        #expect(noTemplates.only("template.folder-missing")?.message == "the templates folder does not exist")
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content"))
        let noContent = site.build()
        #expect(noContent.only("content.missing")?.file == "content")
        #expect(noContent.only("content.missing")?.fix == "pass --content with the folder holding site.yml")
    }
}
