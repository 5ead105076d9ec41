import Foundation
import PortalCore
import PortalTestSupport
import Testing

/// Symbolic links in content from a pull request: followed only while they stay inside their folder.
@Suite("Symbolic links")
struct SymlinkTests {
    /// A file outside the project whose text must never reach the site or the diagnostics.
    private static let secret = "SECRET-RUNNER-TOKEN-42"

    /// A site with a secret file and a secret folder beside it (outside `content/` and `templates/`).
    private func siteWithSecrets() throws -> TestSite {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("jets", areas: ["agentic-ai"])))
        try site.write("\(Self.secret)\n", to: "outside/secret.txt")
        try site.write("---\ntitle: \(Self.secret)\nsummary: x\n---\n\n\(Self.secret)\n", to: "outside/page.md")
        try site.write("<p>\(Self.secret)</p>", to: "outside/theme.mustache")
        return site
    }

    private func link(_ site: TestSite, _ path: String, to destination: String) throws {
        let url = site.root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: destination)
    }

    /// Every byte the build wrote, as text.
    private func everything(in site: TestSite, output: String = "_site") throws -> String {
        try site.snapshot(output).values.map { String(decoding: $0, as: UTF8.self) }.joined()
    }

    @Test("A link out of content/ is an error naming the link and its target, and nothing behind it is read", arguments: [
        // (link, destination relative to the link, what it would have been)
        ("content/resources/passwd.txt", "../../outside/secret.txt", "a static file"),
        ("content/resources/private", "../../outside", "a folder"),
        ("content/tutorials/leak.md", "../../outside/page.md", "a page"),
        ("content/tutorials/leak/index.md", "../../../outside/page.md", "a page bundle's page"),
        ("content/tutorials/jets-files/notes.txt", "/etc/hostname", "an absolute link"),
    ])
    func contentLinkOutside(path: String, destination: String, what: String) throws {
        let site = try siteWithSecrets()
        defer { site.cleanUp() }
        try link(site, path, to: destination)
        let target = try #require(ContainedTreeProbe.resolve(site.root.appendingPathComponent(path)))
        let report = site.build()
        let diagnostic = try #require(report.only("content.symlink-outside"), "\(what): \(report.summary)")
        #expect(diagnostic.file == path)
        #expect(diagnostic.message == "symbolic link to '\(target)', which is outside the content folder; nothing behind it is read or published")
        #expect(diagnostic.fix == "replace the link with a copy of the file, or point it at a file inside the content folder")
        #expect(!report.diagnostics.contains { $0.message.contains(Self.secret) || ($0.sourceLine ?? "").contains(Self.secret) })
        // An error stops the build, so nothing at all is published.
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("_site").path))
    }

    @Test("A link out of templates/ is an error, for a template, a partial and an asset", arguments: [
        "templates/page.mustache", "templates/partials/footer.mustache", "templates/assets/secret.txt",
    ])
    func templateLinkOutside(path: String) throws {
        let site = try siteWithSecrets()
        defer { site.cleanUp() }
        if FileManager.default.fileExists(atPath: site.root.appendingPathComponent(path).path) { try site.remove(path) }
        try link(site, path, to: site.root.appendingPathComponent("outside/theme.mustache").path)
        let report = site.build()
        let diagnostic = try #require(report.only("template.symlink-outside"), "\(report.summary)")
        #expect(diagnostic.file == path)
        #expect(diagnostic.message.hasPrefix("symbolic link to '"))
        #expect(diagnostic.message.hasSuffix("outside/theme.mustache', which is outside the templates folder; nothing behind it is read or published"))
        #expect(!report.diagnostics.contains { $0.message.contains(Self.secret) || ($0.sourceLine ?? "").contains(Self.secret) })
    }

    @Test("Links that stay inside content/ are followed: a shared figure, a shared folder, a page")
    func linksInsideAreFollowed() throws {
        let site = try siteWithSecrets()
        defer { site.cleanUp() }
        try site.write("figure bytes\n", to: "content/shared/figure.png")
        try link(site, "content/tutorials/jets-figure.png", to: "../shared/figure.png")
        try link(site, "content/media", to: "shared")
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(try site.read("tutorials/jets-figure.png") == "figure bytes\n")
        #expect(try site.read("media/figure.png") == "figure bytes\n")
        #expect(!(try everything(in: site)).contains(Self.secret))
    }

    @Test("Links to folders of links to folders stop at a limit instead of listing billions of paths", .tags(.slow), .skippedWhenAsked)
    func linkBomb() throws {
        let site = try siteWithSecrets()
        defer { site.cleanUp() }
        // Level k holds ten links to level k + 1: ten levels stand for 10^10 paths.
        try site.write("x\n", to: "content/bomb/level10/file.txt")
        for level in 0..<10 {
            for copy in 0..<10 {
                try link(site, "content/bomb/level\(level)/l\(copy)", to: "../level\(level + 1)")
            }
        }
        let report = site.build(output: nil)
        let diagnostic = try #require(report.only("content.symlink-expansion"), "\(report.diagnostics.count) diagnostics")
        #expect(diagnostic.message == "folders reached through symbolic links hold more than 100,000 entries by here; links to folders that hold links to folders multiply")
        #expect(diagnostic.file.hasPrefix("content/bomb/level0/l0/l"))
        #expect(diagnostic.fix == "link the files you need, not folders of links")
    }

    @Test("A link that leaves content/ through another link inside it is refused")
    func chainedLinks() throws {
        let site = try siteWithSecrets()
        defer { site.cleanUp() }
        try link(site, "content/shared/door", to: "../../outside")
        try link(site, "content/resources/inner.txt", to: "../shared/door/secret.txt")
        let report = site.build()
        let files = report.diagnostics("content.symlink-outside").map(\.file).sorted()
        #expect(files == ["content/resources/inner.txt", "content/shared/door"], "\(report.summary)")
    }

    @Test("A content or templates folder that is itself a link is refused: a pull request could point it at /", arguments: ["content", "templates"])
    func linkedTopFolder(folder: String) throws {
        let site = try siteWithSecrets()
        defer { site.cleanUp() }
        let top = site.root.appendingPathComponent(folder)
        try FileManager.default.moveItem(at: top, to: site.root.appendingPathComponent("real-\(folder)"))
        try FileManager.default.createSymbolicLink(atPath: top.path, withDestinationPath: "real-\(folder)")
        let report = site.build()
        let id = folder == "content" ? "content.symlink-outside" : "template.symlink-outside"
        let diagnostic = try #require(report.diagnostics(id).first { $0.file == folder }, "\(report.summary)")
        let target = try #require(ContainedTreeProbe.resolve(top))
        #expect(diagnostic.message == "the \(folder) folder is a symbolic link to '\(target)'; the build reads only a real folder, so nothing outside it can be published")
        #expect(diagnostic.fix == "replace the link with the folder itself")
        #expect(!site.exists("index.html"))
    }

    @Test("The preview rebuild rescans when a known file is replaced by a link out of content/")
    func previewReplacedByLink() throws {
        let site = try siteWithSecrets()
        defer { site.cleanUp() }
        try site.write("plain bytes\n", to: "content/resources/data.txt")
        let session = PreviewSession(options: site.options())
        let first = session.rebuild()
        #expect(!first.hasErrors, "\(first.summary)")
        try site.remove("content/resources/data.txt")
        try link(site, "content/resources/data.txt", to: "../../outside/secret.txt")
        let second = session.rebuild(changed: [site.root.appendingPathComponent("content/resources/data.txt").path])
        #expect(second.only("content.symlink-outside")?.file == "content/resources/data.txt", "\(second.summary)")
        #expect(!(try everything(in: site)).contains(Self.secret))
    }
}

/// Resolves a path the way the build does, for the expected messages.
enum ContainedTreeProbe {
    static func resolve(_ url: URL) -> String? {
        guard let resolved = realpath(url.path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
