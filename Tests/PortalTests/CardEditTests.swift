import Foundation
import PortalCore
import PortalTestSupport
import Testing

/// Title and summary edits in `portal serve`: the card path re-renders the page and the pages that
/// show its card, and the site it leaves is the one a fresh build makes.
@Suite("Title and summary edits in the preview")
struct CardEditTests {
    /// A tutorial's file, as `path` and text.
    static func tutorial(_ id: String, title: String, summary: String = "A summary.", extra: String = "", body: String) -> (String, String) {
        ("content/tutorials/\(id).md", """
            ---
            title: \(title)
            summary: \(summary)
            level: beginner
            duration: 30 min
            areas: [jets]
            authors: [Test Author]
            date: 2026-06-01
            \(extra.isEmpty ? "" : extra + "\n")---

            \(body)
            """)
    }

    static let alpha = "# Alpha again\n\nSee [beta](beta.md).\n"

    /// A small site where one tutorial is shown by its breakout, its tag, the tutorials index and a page that links to it.
    static func site() throws -> TestSite {
        try TestSite(Dictionary(uniqueKeysWithValues: [
            TestSite.breakout("jets", title: "Jets"),
            tutorial("alpha", title: "Alpha", extra: "tags: [intro]", body: alpha),
            tutorial("beta", title: "Beta", extra: "tags: [intro]", body: "See [alpha](alpha.md).\n"),
            tutorial("gamma", title: "Gamma", body: "Alone.\n"),
        ]))
    }

    @Test("A title that comes to repeat the body's first heading is warned about, as a fresh build does")
    func repeatedTitleAfterTitleEdit() throws {
        let preview = PreviewedSite(try Self.site())
        defer { preview.site.cleanUp() }
        #expect(!preview.first.hasErrors, "\(preview.first.summary)")
        let edited = Self.tutorial("alpha", title: "Alpha again", extra: "tags: [intro]", body: Self.alpha)
        let report = try preview.save(edited.1, as: edited.0)
        let fresh = preview.freshBuild()
        let warning = try #require(fresh.report.only("markdown.repeated-title"), "\(fresh.report.summary)")
        #expect((warning.file, warning.line, warning.column) == ("content/tutorials/alpha.md", 12, 1))
        #expect(report.diagnostics == fresh.report.diagnostics, "\(report.summary)")
        #expect(fresh.comparison.isEmpty, "\(fresh.comparison)")
    }

    /// Saves `text` as `path` and rebuilds as the server does, with the rebuild's log.
    static func save(_ text: String, as path: String, in preview: PreviewedSite) throws -> (report: BuildReport, log: [String]) {
        try preview.site.write(text, to: path)
        let log = LockedLines()
        let report = preview.session.rebuild(changed: [preview.absolute(path)], log: { log.append($0) })
        preview.session.finishDeferredWork()
        return (report, log.lines)
    }

    static let note = "Quick rebuild: a title or summary changed"

    /// Expects the served site and the rebuild's diagnostics to be a fresh build's.
    static func expectFresh(_ report: BuildReport, in preview: PreviewedSite, sourceLocation: SourceLocation = #_sourceLocation) {
        let fresh = preview.freshBuild()
        #expect(report.diagnostics == fresh.report.diagnostics, "\(report.summary)", sourceLocation: sourceLocation)
        #expect(fresh.comparison.isEmpty, "\(fresh.comparison)", sourceLocation: sourceLocation)
    }

    @Test("A title edit that keeps the page's place renders the page and the pages that show its card")
    func titleInPlace() throws {
        let preview = PreviewedSite(try Self.site())
        defer { preview.site.cleanUp() }
        let edited = Self.tutorial("beta", title: "Beta, edited", extra: "tags: [intro]", body: "See [alpha](alpha.md).\n")
        let (report, log) = try Self.save(edited.1, as: edited.0, in: preview)
        #expect(log.contains { $0.hasPrefix(Self.note) }, "\(log)")
        #expect(Set(["tutorials/beta/index.html", "tutorials/index.html", "tags/intro/index.html", "breakouts/jets/index.html"]).isSubset(of: report.renderedPages),
                "\(report.renderedPages)")
        #expect(!report.renderedPages.contains("tutorials/gamma/index.html"), "\(report.renderedPages)")
        Self.expectFresh(report, in: preview)
    }

    @Test("A title edit that moves the page in title order sorts every list holding it again")
    func titleMoves() throws {
        let preview = PreviewedSite(try Self.site())
        defer { preview.site.cleanUp() }
        let edited = Self.tutorial("alpha", title: "Zeta", extra: "tags: [intro]", body: Self.alpha)
        let (report, log) = try Self.save(edited.1, as: edited.0, in: preview)
        #expect(log.contains { $0.hasPrefix(Self.note) }, "\(log)")
        Self.expectFresh(report, in: preview)
        // And back: the lists are sorted again the other way.
        let back = Self.tutorial("alpha", title: "Alpha", extra: "tags: [intro]", body: Self.alpha)
        let again = try Self.save(back.1, as: back.0, in: preview)
        #expect(again.log.contains { $0.hasPrefix(Self.note) }, "\(again.log)")
        let second = preview.freshBuild()
        #expect(second.comparison.isEmpty, "\(second.comparison)")
    }

    @Test("A title edit that moves a page across a long listing's pages renders the pages whose slice changed")
    func titleMovesAcrossListingPages() throws {
        var files = Dictionary(uniqueKeysWithValues: (1...12).map { number in
            Self.tutorial(String(format: "t%02d", number), title: String(format: "Tutorial %02d", number), extra: "tags: [many]", body: "Text \(number).\n")
        })
        files[TestSite.breakout("jets", title: "Jets").0] = TestSite.breakout("jets", title: "Jets").1
        let preview = PreviewedSite(try TestSite(files, settings: TestSite.defaultSettings + "listings:\n  page_size: 5\n"))
        defer { preview.site.cleanUp() }
        #expect(!preview.first.hasErrors, "\(preview.first.summary)")
        let edited = Self.tutorial("t02", title: "Tutorial 11 and a half", extra: "tags: [many]", body: "Text 2.\n")
        let (report, log) = try Self.save(edited.1, as: edited.0, in: preview)
        #expect(log.contains { $0.hasPrefix(Self.note) }, "\(log)")
        #expect(report.renderedPages.contains("tutorials/page/2/index.html"), "\(report.renderedPages)")
        Self.expectFresh(report, in: preview)
    }

    @Test("A summary edit takes the card path, and the catalogue, feed and search carry the new summary")
    func summaryEdit() throws {
        let preview = PreviewedSite(try Self.site())
        defer { preview.site.cleanUp() }
        let edited = Self.tutorial("gamma", title: "Gamma", summary: "Quarkonium spectra, fitted.", body: "Alone.\n")
        let (report, log) = try Self.save(edited.1, as: edited.0, in: preview)
        #expect(log.contains { $0.hasPrefix(Self.note) }, "\(log)")
        let catalog = try String(contentsOf: preview.site.root.appendingPathComponent("_preview/catalog.json"), encoding: .utf8)
        #expect(catalog.contains("Quarkonium spectra, fitted."))
        Self.expectFresh(report, in: preview)
    }

    @Test("An edit to another field than the title or summary takes the full path")
    func otherFieldEdit() throws {
        let preview = PreviewedSite(try Self.site())
        defer { preview.site.cleanUp() }
        let edited = Self.tutorial("gamma", title: "Gamma, edited", extra: "tags: [intro]", body: "Alone.\n")
        let (report, log) = try Self.save(edited.1, as: edited.0, in: preview)
        #expect(!log.contains { $0.hasPrefix(Self.note) }, "\(log)")
        Self.expectFresh(report, in: preview)
    }

    @Test("A page whose body was edited, then rendered again for a card it shows, is rendered again when its body comes back in a full rebuild")
    func bodyEditThenCardThenRevert() throws {
        let preview = PreviewedSite(try Self.site())
        defer { preview.site.cleanUp() }
        let (path, original) = TestSite.breakout("jets", title: "Jets")
        let edited = original.replacingOccurrences(of: "About jets.", with: "About jets, edited.")
        #expect(!(try preview.save(edited, as: path)).hasErrors)
        let retitled = Self.tutorial("alpha", title: "Alpha, edited", extra: "tags: [intro]", body: Self.alpha)
        let (card, log) = try Self.save(retitled.1, as: retitled.0, in: preview)
        #expect(log.contains { $0.hasPrefix(Self.note) } && card.renderedPages.contains("breakouts/jets/index.html"), "\(log) \(card.renderedPages)")
        // The old body back, seen by a rebuild through every stage (the watcher lost its events).
        try preview.site.write(original, to: path)
        let report = preview.rebuild(changed: nil)
        Self.expectFresh(report, in: preview)
    }
}

/// Lines collected from a rebuild's log.
private final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []
    var lines: [String] { lock.withLock { collected } }
    func append(_ line: String) { lock.withLock { collected.append(line) } }
}