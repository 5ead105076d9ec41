import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PortalTestSupport
import Testing

/// `portal serve` as an editor runs it: a wrong --output, a theme moved away and back, a folder renamed and back, its output in a pipe.
@Suite("Serve command", .serialized)
struct ServeCommandTests {
    private func site() throws -> TestSite {
        try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("one", body: "See [two](two.md).\n"), TestSite.tutorial("two")))
    }

    @Test("serve --output with a folder build refuses exits 2 at once, naming the problem", arguments: ["content", "/", "foreign", "."])
    func refusedOutput(folder: String) throws {
        let site = try site()
        defer { site.cleanUp() }
        try site.write("not portal's\n", to: "foreign/notes.txt")
        let server = try RunningPortal(["serve", "--port", "0", "--output", folder], in: site.root)
        defer { server.stop() }
        #expect(server.waitForExit(20), "still serving: \(server.stderr)")
        server.stop()
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 2)
        #expect(server.stdout.contains("output.refused") || server.stdout.contains("refusing") || server.stdout.contains("did not write"), "\(server.stdout)")
        #expect(!server.stderr.contains("Serving "), "\(server.stderr)")
        #expect(try String(contentsOf: site.root.appendingPathComponent("foreign/notes.txt"), encoding: .utf8) == "not portal's\n")
    }

    @Test("The theme folder moved away and back is watched again: the new theme is served")
    func templatesMovedAwayAndBack() throws {
        let site = try site()
        defer { site.cleanUp() }
        let server = try RunningPortal(["serve", "--port", "0", "--output", "_preview"], in: site.root)
        defer { server.stop() }
        try #require(server.waitForErrors { $0.contains("Built ") }, "\(server.stderr)")
        let templates = site.root.appendingPathComponent("templates")
        let away = site.root.appendingPathComponent("away-\(UUID().uuidString)")
        try FileManager.default.moveItem(at: templates, to: away)
        #expect(server.waitForErrors { $0.contains("Rebuild failed") }, "\(server.stderr)")
        // Edited while away, as a branch switch or a restore would.
        let base = away.appendingPathComponent("base.mustache")
        let text = try String(contentsOf: base, encoding: .utf8)
        try #require(text.contains("</body>"))
        try Data(text.replacingOccurrences(of: "</body>", with: "<p>theme-marker-after-return</p></body>").utf8).write(to: base)
        try FileManager.default.moveItem(at: away, to: templates)
        #expect(server.waitForErrors { $0.contains("Rebuilt ") }, "\(server.stderr)")
        // With no browser open, every changed page is written right after the rebuild is reported
        // (pages no browser shows wait for the reload event), so the page is waited for.
        let page = site.root.appendingPathComponent("_preview/tutorials/one/index.html")
        func shows(_ marker: String) -> Bool {
            server.waitForErrors { _ in (try? String(contentsOf: page, encoding: .utf8))?.contains(marker) ?? false }
        }
        #expect(shows("theme-marker-after-return"), "\(server.stderr)")
        // And it is watched: a later edit is seen too.
        try Data(text.replacingOccurrences(of: "</body>", with: "<p>second-marker</p></body>").utf8).write(to: templates.appendingPathComponent("base.mustache"))
        #expect(server.waitForErrors { $0.components(separatedBy: "Rebuilt ").count >= 3 }, "\(server.stderr)")
        #expect(shows("second-marker"), "\(server.stderr)")
    }

    @Test("A folder in content/ renamed and renamed back is still watched: a later edit in it is served")
    func folderRenamedAndBack() throws {
        let site = try site()
        defer { site.cleanUp() }
        let server = try RunningPortal(["serve", "--port", "0", "--output", "_preview"], in: site.root)
        defer { server.stop() }
        try #require(server.waitForErrors { $0.contains("Built ") }, "\(server.stderr)")
        // As an undone rename or a branch switch would: the folder keeps its watch, which its own move
        // event (reported after the rename it ends) must not make the watcher forget.
        let tutorials = site.root.appendingPathComponent("content/tutorials")
        let renamed = site.root.appendingPathComponent("content/renamed-\(UUID().uuidString)")
        try FileManager.default.moveItem(at: tutorials, to: renamed)
        try FileManager.default.moveItem(at: renamed, to: tutorials)
        #expect(server.waitForErrors { $0.contains("Rebuilt ") || $0.contains("Rebuild failed") }, "\(server.stderr)")
        // Well past the watcher's quiet period, so the edit is not read with the renames: only the folder's watch can report it.
        usleep(300_000)
        try site.write(TestSite.tutorial("one", body: "See [two](two.md). marker-after-rename\n").1, to: "content/tutorials/one.md")
        let page = site.root.appendingPathComponent("_preview/tutorials/one/index.html")
        let deadline = Date(timeIntervalSinceNow: 20)
        while !((try? String(contentsOf: page, encoding: .utf8))?.contains("marker-after-rename") ?? false), Date() < deadline { usleep(50_000) }
        #expect(try String(contentsOf: page, encoding: .utf8).contains("marker-after-rename"), "\(server.stderr)")
    }

    @Test("Into a pipe, each rebuild's diagnostics arrive while the server runs")
    func pipedDiagnostics() throws {
        let site = try site()
        defer { site.cleanUp() }
        let server = try RunningPortal(["serve", "--port", "0", "--output", "_preview"], in: site.root)
        defer { server.stop() }
        try #require(server.waitForErrors { $0.contains("Built ") }, "\(server.stderr)")
        try site.write(TestSite.tutorial("one", body: "See [gone](gone.md).\n").1, to: "content/tutorials/one.md")
        #expect(server.waitForErrors { $0.contains("Rebuild failed") }, "\(server.stderr)")
        let deadline = Date(timeIntervalSinceNow: 10)
        while !server.stdout.contains("link.broken") && !server.stdout.contains("gone.md"), Date() < deadline { usleep(50_000) }
        #expect(server.stdout.contains("gone.md"), "standard output so far: \(server.stdout)")
        #expect(server.process.isRunning)
    }
}
