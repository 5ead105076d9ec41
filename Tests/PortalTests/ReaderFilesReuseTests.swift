import Testing
@testable import PortalCore
import PortalTestSupport

@Suite("Lines kept between preview rebuilds, and the newest pages")
struct ReaderFilesReuseTests {
    static func page(_ id: String, title: String, date: String?) -> Page {
        var frontMatter = FrontMatter()
        frontMatter.values["title"] = Located(value: .text(title), line: 1, column: 1)
        if let date { frontMatter.values["date"] = Located(value: .text(date), line: 3, column: 1) }
        return Page(kind: .tutorial, id: id, sourcePath: "tutorials/\(id).md", source: nil, outputDirectory: "tutorials/\(id)", frontMatter: frontMatter)
    }

    @Test("A kept line is given back as it was, a missing one is made, and every line is recorded unless nothing is kept")
    func reuse() {
        var calls = 0
        func make() -> String {
            calls += 1
            return "made \(calls)"
        }
        var made: KeptLines? = [:]
        #expect(KeptLines.line(for: 3, kept: [3: "kept"], made: &made, make: make) == "kept")
        #expect(KeptLines.line(for: 4, kept: [3: "kept"], made: &made, make: make) == "made 1")
        #expect(KeptLines.line(for: 5, kept: [:], made: &made, make: make) == "made 2")
        #expect(made == [3: "kept", 4: "made 1", 5: "made 2"])
        // Without a record (a one-off build), lines are made and nothing is kept.
        made = nil
        #expect(KeptLines.line(for: 4, kept: [:], made: &made, make: make) == "made 3")
        #expect(made == nil)
    }

    @Test("An order extended to pages added after its own is the order made over all of them, ties and dates included", arguments: [0, 1, 37, 300])
    func extended(added: Int) {
        var random = SeededGenerator(seed: UInt64(added) + 5)
        let dates = [nil, "2026-01-05", "2026-03-01", "2025-12-31"]
        // Few titles in two cases and repeated ids, as a listing's later pages repeat their owner's.
        func page(_ number: Int) -> Page {
            let title = ["Jets", "jets", "Anomalies", "Ärger", "Flows"][Int(random.next() % 5)] + " \(Int(random.next() % 6))"
            return Self.page("p\(Int(random.next() % 90))", title: title, date: dates[Int(random.next() % UInt64(dates.count))])
        }
        let first = (0..<200).map(page)
        let all = first + (0..<added).map { page(200 + $0) }
        let extended = PageOrder(pages: first).extended(to: all)
        let whole = PageOrder(pages: all)
        #expect(extended.allByTitle == whole.allByTitle)
        #expect(extended.pages.count == all.count)
        let positions = Array(all.indices).filter { _ in random.next() % 3 != 0 }
        #expect(extended.byTitle(positions) == whole.byTitle(positions))
        #expect(extended.newest(positions, limit: 40) == whole.newest(positions, limit: 40))
    }

    @Test("The newest pages, picked in one pass, are the first of all of them sorted newest first", arguments: [0, 1, 6, 50, 400])
    func newest(limit: Int) {
        var random = SeededGenerator(seed: UInt64(limit) + 17)
        // Few distinct dates, so that many ties fall to the title order; some pages without a date.
        let dates = [nil, "2026-01-05", "2026-03-01", "2026-03-01", "2025-12-31", "2026-11-30"]
        let pages = (0..<300).map { number in
            Self.page("p\(number)", title: "Title \(Int(random.next() % 40))", date: dates[Int(random.next() % UInt64(dates.count))])
        }
        let order = PageOrder(pages: pages)
        let positions = Array(pages.indices).filter { _ in random.next() % 4 != 0 }
        #expect(order.newest(positions, limit: limit) == Array(positions.sorted(by: order.newer).prefix(limit)))
    }
}
