import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

@Suite("Stage 2's last run carried to the next")
struct FrontMatterRunTests {
    @Test("A page the loader gives again as the same value is handed on as the last run dated it, with its reminder; a page read again is dated and checked anew; drafts stay out")
    func carries() throws {
        let site = try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            TestSite.tutorial("old", extra: "review_every: 12 months"),
            TestSite.tutorial("fresh"),
            TestSite.tutorial("unfinished", extra: "draft: true")
        ))
        defer { site.cleanUp() }
        var options = site.options()
        options.today = "2027-08-01"
        let content = site.root.appendingPathComponent("content")
        var scanner = ContentScanner(root: content, displayRoot: "content")
        let inventory = scanner.scan(into: DiagnosticSink())
        var loader = PageLoader(contentRoot: content, displayRoot: "content")
        loader.contentFiles = Set(inventory.staticFiles)
        let loaded = loader.load(inventory.files, into: DiagnosticSink())
        let dates = ["tutorials/old.md": "2025-03-04", "tutorials/fresh.md": "2026-10-01"]
        let stage = FrontMatterStage(options: options, contentDisplay: "content", warnsWithoutBaseURL: false)
        func reminders(_ sink: DiagnosticSink) -> [String] {
            sink.sorted.filter { $0.id == "freshness.review-due" }.map { "\($0.file):\($0.line): \($0.message)" }
        }

        let firstSink = DiagnosticSink()
        let (first, _, run) = stage.run(inventory: inventory, loaded: loaded, gitDates: dates, last: nil, sink: firstSink)
        let old = try #require(first.pages.firstIndex { $0.id == "old" })
        let fresh = try #require(first.pages.firstIndex { $0.id == "fresh" })
        #expect(first.pages[old].gitModified == "2025-03-04" && first.pages[fresh].gitModified == "2026-10-01")
        #expect(!first.pages.contains { $0.id == "unfinished" })
        #expect(reminders(firstSink).count == 1 && reminders(firstSink)[0].hasPrefix("content/tutorials/old.md:"), "\(reminders(firstSink))")

        // The same values again: the pages the last run dated, neither copied nor read again, and the same warning.
        let againSink = DiagnosticSink()
        let (again, _, _) = stage.run(inventory: inventory, loaded: loaded, gitDates: dates, last: run, sink: againSink)
        #expect(again.pages.map(\.id) == first.pages.map(\.id))
        for position in first.pages.indices where first.pages[position].sourcePath != nil {
            #expect(again.pages[position].isSameValue(as: first.pages[position]), "\(first.pages[position].id) was made again")
        }
        #expect(reminders(againSink) == reminders(firstSink))
        #expect(!again.pages.contains { $0.id == "unfinished" })

        // A page read again is a new value: dated and checked anew.
        var reread = loaded
        let position = try #require(loaded.pages.firstIndex { $0.id == "old" })
        reread.pages[position].gitModified = nil
        let rereadSink = DiagnosticSink()
        let (third, _, _) = stage.run(inventory: inventory, loaded: reread, gitDates: dates, last: run, sink: rereadSink)
        #expect(!third.pages[old].isSameValue(as: first.pages[old]))
        #expect(third.pages[old].gitModified == "2025-03-04")
        #expect(third.pages[fresh].isSameValue(as: first.pages[fresh]))
        #expect(reminders(rereadSink) == reminders(firstSink))

        // Another day works the reminders out again.
        var later = options
        later.today = "2025-06-01"
        let laterSink = DiagnosticSink()
        _ = FrontMatterStage(options: later, contentDisplay: "content", warnsWithoutBaseURL: false)
            .run(inventory: inventory, loaded: loaded, gitDates: dates, last: run, sink: laterSink)
        #expect(reminders(laterSink).isEmpty)
    }
}
