import Foundation
import PortalTestSupport
import Testing

/// Runs the built `portal` executable in `directory`.
private func portal(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String, errors: String) {
    let outcome = try PortalExecutable.run(arguments, in: directory)
    return (outcome.status, outcome.output, outcome.errors)
}

@Suite("Command line")
struct CommandLineTests {
    @Test("build prints its stages and a summary, and exits 0")
    func buildSucceeds() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("one")))
        defer { site.cleanUp() }
        let result = try portal(["build"], in: site.root)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.errors.contains("[1/9] Scan content (3 pages, 0 files)"))
        #expect(result.errors.contains("[7/9] Render pages ("))
        #expect(result.errors.contains("Site built: "))
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("_site/tutorials/one/index.html").path))
    }

    @Test("Content errors exit 1 with compiler-style diagnostics and a caret")
    func contentErrors() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("one", body: "See [x](missing.md).\n")))
        defer { site.cleanUp() }
        let result = try portal(["check"], in: site.root)
        #expect(result.status == 1)
        #expect(result.output == """
            content/tutorials/one.md:11:9: error: 'missing.md' does not exist
                See [x](missing.md).
                        ^

            """)
        #expect(result.errors.contains("Failed: 1 error, 0 warnings"))
    }

    @Test("mcp: a missing content folder or a site folder without catalog.json exits 1 at once, naming the folder and the fix", arguments: [
        (["mcp", "--content", "nowhere"], "nowhere: error: the content folder does not exist", "pass --content"),
        (["mcp", "--site", "nowhere"], "nowhere: error: there is no catalog.json in the site folder", "pass --site with the folder 'portal build' wrote"),
    ])
    func mcpFolders(arguments: [String], message: String, fix: String) throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai")))
        defer { site.cleanUp() }
        let result = try portal(arguments, in: site.root)
        #expect(result.status == 1)
        #expect(result.output.isEmpty, "standard output carries only the protocol")
        #expect(result.errors.contains(message), "\(result.errors)")
        #expect(result.errors.contains(fix), "\(result.errors)")
    }

    @Test("--format github prints workflow annotations")
    func githubFormat() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("one", body: "See [x](missing.md).\n")))
        defer { site.cleanUp() }
        let result = try portal(["check", "--format", "github"], in: site.root)
        #expect(result.status == 1)
        #expect(result.output == "::error file=content/tutorials/one.md,line=11,col=9,title=link.broken::'missing.md' does not exist\n")
    }

    @Test("--format json prints one object per diagnostic")
    func jsonFormat() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("one", body: "See [x](missing.md).\n")))
        defer { site.cleanUp() }
        let result = try portal(["check", "--format", "json"], in: site.root)
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["id"] as? String == "link.broken")
        #expect(object["severity"] as? String == "error")
        #expect(object["file"] as? String == "content/tutorials/one.md")
        #expect(object["line"] as? Int == 11)
        #expect(object["column"] as? Int == 9)
        #expect(object["message"] as? String == "'missing.md' does not exist")
    }

    @Test("--strict turns warnings into errors and writes nothing")
    func strict() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("one", body: "![](pic.png)\n"), ("content/tutorials/pic.png", "PNG")))
        defer { site.cleanUp() }
        #expect(try portal(["build"], in: site.root).status == 0)
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("_site"))
        let strict = try portal(["build", "--strict"], in: site.root)
        #expect(strict.status == 1)
        #expect(strict.output.contains("error: the image 'pic.png' has no alt text"))
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("_site").path))
    }

    @Test("portal new creates a draft with valid placeholders for every kind; the site still builds", arguments: ["page", "breakout", "tutorial", "step", "resource"])
    func newPage(kind: String) throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("one"), TestSite.step("first", number: 1)))
        defer { site.cleanUp() }
        let created = try portal(["new", kind, "Jets: a first look"], in: site.root)
        #expect(created.status == 0, "\(created.errors)")
        let folder = ["page": "pages", "breakout": "breakouts", "tutorial": "tutorials", "step": "starter-kit", "resource": "resources"][kind] ?? ""
        #expect(created.output == "content/\(folder)/jets-a-first-look.md\n")
        let again = try portal(["new", kind, "Jets: a first look"], in: site.root)
        #expect(again.output == "content/\(folder)/jets-a-first-look-2.md\n")
        let published = site.build()
        #expect(!published.hasErrors, "\(published.summary)")
        #expect(!site.exists("\(kind == "page" ? "" : folder + "/")jets-a-first-look/index.html"), "a new page is a draft")
        let drafts = site.build(drafts: true)
        #expect(!drafts.hasErrors, "\(drafts.summary)")
        #expect(site.exists("\(kind == "page" ? "" : folder + "/")jets-a-first-look/index.html"))
    }

    @Test("Usage errors exit 2", arguments: [["build", "--no-such-option"], ["check", "--format", "xml"], ["frobnicate"], ["new", "chapter", "X"]])
    func usageErrors(arguments: [String]) throws {
        let result = try portal(arguments, in: FileManager.default.temporaryDirectory)
        #expect(result.status == 2, "\(result.errors)")
    }

    @Test("--content, --templates and --output choose the folders")
    func folders() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai")))
        defer { site.cleanUp() }
        let result = try portal(["build", "--content", "\(site.root.path)/content", "--templates", "\(site.root.path)/templates", "--output", "\(site.root.path)/out"],
                                in: FileManager.default.temporaryDirectory)
        #expect(result.status == 0, "\(result.errors)")
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("out/breakouts/agentic-ai/index.html").path))
    }
}
