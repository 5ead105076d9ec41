import Foundation
import PortalCore
import PortalTestSupport
import Testing

@Suite("Output")
struct OutputTests {
    private func fullSite() throws -> TestSite {
        try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            TestSite.tutorial("one", extra: "tags: [llm]", body: "## Part\n\n[two](two.md#part) ![pic](pic.png)\n"),
            TestSite.tutorial("two", body: "## Part\n\nText.\n"),
            ("content/tutorials/pic.png", "PNG"),
            TestSite.step("start", number: 1, extra: "tutorials: [one]"),
            TestSite.resource("mcp")
        ))
    }

    /// Every file of a folder with its bytes, by relative path.
    private func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            files[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
        }
        return files
    }

    @Test("Pretty URLs, relative links only, assets copied")
    func layout() throws {
        let site = try fullSite()
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        for path in ["index.html", "tutorials/one/index.html", "tutorials/index.html", "breakouts/agentic-ai/index.html",
                     "starter-kit/start/index.html", "resources/mcp/index.html", "tags/index.html", "tags/llm/index.html",
                     "assets/style.css", "tutorials/pic.png", ".portal-site"] {
            #expect(site.exists(path), "\(path) is missing")
        }
        // 404.html starts from the base URL's path on purpose: servers show it at any depth (NotFoundPageTests).
        for (path, data) in try snapshot(site.root.appendingPathComponent("_site")) where path.hasSuffix(".html") && !path.hasSuffix("/404.html") {
            let html = String(decoding: data, as: UTF8.self)
            #expect(!html.contains("href=\"/"), "\(path) has a root-relative link")
            #expect(!html.contains("src=\"/"), "\(path) has a root-relative source")
        }
        #expect(try site.read("tutorials/one/index.html").contains("href=\"../../assets/style.css\""))
        #expect(try site.read("index.html").contains("href=\"assets/style.css\""))
    }

    /// The inode flags of `path` (`lsattr`), or nil where the file system has none.
    private static func inodeFlags(_ path: String) -> Int32? {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var flags: Int32 = 0
        return ioctl(descriptor, UInt(0x8008_6601), &flags) == 0 ? flags : nil
    }

    private static let topOfTree: Int32 = 0x0002_0000

    /// Whether the temporary folder's file system keeps the top-of-tree flag (ext2, ext3, ext4).
    private static func keepsTopOfTreeFlag() -> Bool {
        let folder = NSTemporaryDirectory() + "/portal-flag-\(UUID().uuidString)"
        guard mkdir(folder, 0o755) == 0 else { return false }
        defer { rmdir(folder) }
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var flags: Int32 = 0
        guard ioctl(descriptor, UInt(0x8008_6601), &flags) == 0 else { return false }
        flags |= topOfTree
        guard ioctl(descriptor, UInt(0x4008_6602), &flags) == 0 else { return false }
        return (inodeFlags(folder) ?? 0) & topOfTree != 0
    }

    @Test("The output and its section folders are marked as tops of trees (chattr +T), the page folders are not",
          .enabled(if: keepsTopOfTreeFlag(), "the file system has no top-of-tree flag"))
    func sectionFoldersSpreadAcrossBlockGroups() throws {
        let site = try fullSite()
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let output = site.root.appendingPathComponent("_site").path
        for folder in ["", "/tutorials", "/tags", "/assets", "/breakouts"] {
            #expect((Self.inodeFlags(output + folder) ?? 0) & Self.topOfTree != 0, "\(folder) is not marked")
        }
        for folder in ["/tutorials/one", "/tags/llm"] {
            #expect((Self.inodeFlags(output + folder) ?? Self.topOfTree) & Self.topOfTree == 0, "\(folder) is marked")
        }
    }

    @Test("A build into a new folder leaves nothing but the site in it")
    func onlyTheSite() throws {
        let site = try fullSite()
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let output = site.root.appendingPathComponent("_site")
        let names = try FileManager.default.subpathsOfDirectory(atPath: output.path)
        #expect(!names.contains { $0.split(separator: "/").contains { $0.hasPrefix(".portal") && $0 != ".portal-site" } }, "\(names)")
        for page in ["tutorials/one/index.html", "tutorials/one/index.md", "tutorials/two/index.html", "tags/llm/index.html"] {
            #expect(names.contains(page), "\(page) is missing")
        }
    }

    @Test("Two builds of the same input are byte-identical")
    func deterministic() throws {
        let site = try fullSite()
        defer { site.cleanUp() }
        #expect(!site.build(output: "first").hasErrors)
        #expect(!site.build(output: "second").hasErrors)
        let first = try snapshot(site.root.appendingPathComponent("first"))
        let second = try snapshot(site.root.appendingPathComponent("second"))
        #expect(first.count > 10)
        #expect(first == second)
    }

    @Test("A failed build leaves the previous output untouched and no temporary folders")
    func failedBuildKeepsOutput() throws {
        let site = try fullSite()
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let before = try snapshot(site.root.appendingPathComponent("_site"))
        try site.write(TestSite.tutorial("two", body: "[broken](nowhere.md)\n").1, to: "content/tutorials/two.md")
        #expect(site.build().hasErrors)
        #expect(try snapshot(site.root.appendingPathComponent("_site")) == before)
        #expect(try site.temporaryFolders().isEmpty)
    }

    @Test("A build killed between its two renames gets the previous site back on the next run")
    func recoversInterruptedSwap() throws {
        let site = try fullSite()
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        // Simulate a build killed after moving the old site aside and before moving the new one in,
        // which can happen only where the system cannot exchange two folders in one step.
        let swap = site.root.appendingPathComponent(".portal-swap-_site")
        try FileManager.default.moveItem(at: site.root.appendingPathComponent("_site"), to: swap)
        try site.write(TestSite.tutorial("two", body: "[broken](nowhere.md)\n").1, to: "content/tutorials/two.md")
        #expect(site.build().hasErrors)
        #expect(site.exists("tutorials/two/index.html"), "the previous site is back even though this build failed")
        try site.write(TestSite.tutorial("two", body: "## Part\n\n[fixed](one.md)\n").1, to: "content/tutorials/two.md")
        #expect(!site.build().hasErrors)
        #expect(try site.read("tutorials/two/index.html").contains("fixed"))
    }

    @Test("Rebuilds overwrite the kept previous output in place and prune what is gone")
    func rebuildsPrune() throws {
        let site = try fullSite()
        defer { site.cleanUp() }
        var options = site.options()
        options.reusesOutput = false
        for _ in 0..<2 { #expect(!SiteBuilder(options: options).run().hasErrors) }
        let cache = site.root.appendingPathComponent(".portal-cache-_site")
        #expect(FileManager.default.fileExists(atPath: cache.appendingPathComponent("index.html").path), "the previous output is kept")
        try site.write("junk", to: ".portal-cache-_site/stale/left-over.txt")
        try site.remove("content/resources/mcp.md")
        let before = try snapshot(site.root.appendingPathComponent("_site"))
        #expect(!SiteBuilder(options: options).run().hasErrors)
        #expect(!site.exists("resources/mcp/index.html"))
        #expect(!site.exists("stale/left-over.txt"))
        #expect(!site.exists("stale"))
        #expect(site.exists("tutorials/one/index.html"))
        // The same site from scratch has exactly the same files.
        #expect(!site.build(output: "fresh").hasErrors)
        #expect(try snapshot(site.root.appendingPathComponent("_site")) == snapshot(site.root.appendingPathComponent("fresh")))
        #expect(before.count > (try snapshot(site.root.appendingPathComponent("_site"))).count)
    }

    @Test("A successful rebuild replaces the output, removing pages that are gone")
    func rebuildReplaces() throws {
        let site = try fullSite()
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        try site.remove("content/resources/mcp.md")
        #expect(!site.build().hasErrors)
        #expect(!site.exists("resources/mcp/index.html"))
        #expect(site.exists("tutorials/one/index.html"))
    }

    @Test("The build refuses to write over sources, the project or a folder it did not make", arguments: [
        ("content", "refusing to write the site into or over"),
        ("content/pages", "refusing to write the site into or over"),
        ("templates", "refusing to write the site into or over"),
        (".", "refusing to write the site over"),
        ("/", "refusing to write the site to '/'"),
        ("someone-elses", "already holds files that portal did not write"),
    ])
    func refusesDangerousOutput(output: String, message: String) throws {
        let site = try fullSite()
        defer { site.cleanUp() }
        try site.write("keep me", to: "someone-elses/notes.txt")
        let report = output == "/" ? SiteBuilder(options: BuildOptions(
            contentDirectory: site.root.appendingPathComponent("content"), templatesDirectory: site.root.appendingPathComponent("templates"),
            outputDirectory: URL(fileURLWithPath: "/"), workingDirectory: site.root)).run() : site.build(output: output)
        let diagnostic = try #require(report.only("output.refused"), "\(report.summary)")
        #expect(diagnostic.message.contains(message), "\(diagnostic.message)")
        #expect(try site.read("notes.txt", output: "someone-elses") == "keep me")
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("content/site.yml").path))
    }

    @Test("Check mode writes nothing")
    func checkWritesNothing() throws {
        let site = try fullSite()
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        #expect(!report.hasErrors)
        #expect(report.pageCount > 5)
        #expect(!site.exists("index.html"))
    }

    @Test("Raw HTML is shown as a comment unless site.yml turns it on")
    func rawHTMLSetting() throws {
        let body = "<div class=\"note\">Hi</div>\n"
        let off = try TestSite(["content/pages/raw.md": "---\ntitle: Raw\n---\n\n" + body])
        defer { off.cleanUp() }
        #expect(!off.build().hasErrors)
        #expect(!(try off.read("raw/index.html")).contains("<div class=\"note\">"))
        let on = try TestSite(["content/pages/raw.md": "---\ntitle: Raw\n---\n\n" + body], settings: TestSite.defaultSettings + "\nraw_html: true\n")
        defer { on.cleanUp() }
        #expect(!on.build().hasErrors)
        #expect(try on.read("raw/index.html").contains("<div class=\"note\">Hi</div>"))
    }

    @Test("Drafts are left out unless asked for")
    func drafts() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("wip", extra: "draft: true")))
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        #expect(!site.exists("tutorials/wip/index.html"))
        #expect(!site.build(drafts: true).hasErrors)
        #expect(site.exists("tutorials/wip/index.html"))
    }
}
