import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

/// A small site with a preview over it, which can tell which output files a rebuild wrote.
///
/// The writer leaves a file alone when it already holds the bytes to write, so a file's date does not
/// tell what a rebuild handed it: each output file is marked at its end before the rebuild instead,
/// and a file that lost its mark was written.
private struct PreviewedSite {
    let site: TestSite
    let preview: PreviewBuild
    private static let mark = Data("\nnot written again\n".utf8)

    init() throws {
        site = try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            TestSite.tutorial("aardvark", body: "A xylophone lesson.\n"),
            TestSite.tutorial("bravo", body: "Bravo body.\n"),
            TestSite.tutorial("charlie", extra: "prerequisites: [bravo]\ntags: [shared]", body: "Charlie body.\n"),
            TestSite.tutorial("delta", extra: "tags: [shared]", body: "A yodel lesson.\n"),
            TestSite.resource("paper")))
        preview = PreviewBuild(options: site.options(output: "_preview", drafts: true))
        let first = preview.rebuild(changed: nil, log: { _ in })
        #expect(!first.hasErrors, "\(first.summary)")
        #expect(preview.finishDeferredWork() == nil)
    }

    /// Rewrites `path` of the project with `change` applied, rebuilds, and returns the report and
    /// the output files the rebuild and its deferred work wrote.
    func rebuild(editing path: String, _ change: (String) -> String) throws -> (report: BuildReport, written: Set<String>) {
        let url = site.root.appendingPathComponent(path)
        try site.write(change(try String(contentsOf: url, encoding: .utf8)), to: path)
        return try rebuild(changed: [path])
    }

    /// Rebuilds after the files `changed` (paths in the project) changed; returns the report and the
    /// output files written. The files not written get their own bytes back.
    func rebuild(changed: Set<String>) throws -> (report: BuildReport, written: Set<String>) {
        let output = site.root.appendingPathComponent("_preview")
        for (path, bytes) in try site.snapshot("_preview") where path != "/.portal-site" {
            try (bytes + Self.mark).write(to: URL(fileURLWithPath: output.path + path))
        }
        let report = rebuildLeavingDeferredWork(changed: changed)
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(preview.finishDeferredWork() == nil)
        var written: Set<String> = []
        for (path, bytes) in try site.snapshot("_preview") where path != "/.portal-site" {
            if bytes.suffix(Self.mark.count) == Self.mark {
                try bytes.dropLast(Self.mark.count).write(to: URL(fileURLWithPath: output.path + path))
            } else {
                written.insert(String(path.dropFirst()))
            }
        }
        return (report, written)
    }

    /// Rebuilds after the files `changed` (paths in the project) changed, leaving the work the server
    /// does after the reload undone.
    func rebuildLeavingDeferredWork(changed: Set<String>) -> BuildReport {
        preview.rebuild(changed: Set(changed.map { site.root.appendingPathComponent($0).path }), log: { _ in })
    }

    /// Checks that the preview's output is, byte for byte, what a one-off build of the same sources writes.
    func expectSameAsFreshBuild(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let report = SiteBuilder(options: site.options(output: "_fresh", drafts: true)).run()
        #expect(!report.hasErrors, "\(report.summary)", sourceLocation: sourceLocation)
        let (expected, actual) = (try site.snapshot("_fresh"), try site.snapshot("_preview"))
        #expect(Set(actual.keys) == Set(expected.keys),
                "missing: \(Set(expected.keys).subtracting(actual.keys).sorted()), extra: \(Set(actual.keys).subtracting(expected.keys).sorted())",
                sourceLocation: sourceLocation)
        let different = expected.keys.filter { actual[$0] != nil && actual[$0] != expected[$0] }.sorted()
        #expect(different.isEmpty, "differ from a fresh build: \(different)", sourceLocation: sourceLocation)
        try? FileManager.default.removeItem(at: site.root.appendingPathComponent("_fresh"))
    }
}

/// The files for readers (twins, search, catalogue, feed) among `written`.
private func readerFiles(_ written: Set<String>) -> Set<String> {
    written.filter { !$0.hasSuffix(".html") && !$0.hasSuffix(".css") }
}

/// The Markdown twins among `written`.
private func twins(_ written: Set<String>) -> Set<String> {
    written.filter { $0.hasSuffix(".md") }
}

@Suite("Reader files in preview rebuilds")
struct ReaderFilesRebuildTests {
    @Test("A template edit renders its pages again and writes no twin, search file, catalogue, feed or llms-full.txt")
    func templateEdit() throws {
        let previewed = try PreviewedSite()
        defer { previewed.site.cleanUp() }
        let (report, written) = try previewed.rebuild(editing: "templates/tutorial.mustache") { $0 + "<p class=\"edited\"></p>" }
        #expect(report.renderedPages.contains("tutorials/aardvark/index.html"))
        #expect(written.contains("tutorials/aardvark/index.html"))
        #expect(readerFiles(written).isEmpty, "\(readerFiles(written).sorted())")
        try previewed.expectSameAsFreshBuild()
    }

    @Test("A page rendered again for its template does not have its twin made again, only compared with its source")
    func twinNotMadeAgain() throws {
        let previewed = try PreviewedSite()
        defer { previewed.site.cleanUp() }
        // Were the twin made again, it would differ from this and be written.
        previewed.preview.readerFiles.twins["tutorials/aardvark/index.html"] = "a twin the rebuild must not make again"
        let (report, written) = try previewed.rebuild(editing: "templates/tutorial.mustache") { $0 + "<p class=\"edited\"></p>" }
        #expect(report.renderedPages.contains("tutorials/aardvark/index.html"))
        #expect(!written.contains("tutorials/aardvark/index.md"))
    }

    @Test("A title edit rewrites the twins that show the title, and only the search files whose entries changed")
    func titleEdit() throws {
        let previewed = try PreviewedSite()
        defer { previewed.site.cleanUp() }
        // From first to last in title order; no document's number changes, as numbers come from addresses.
        let (report, written) = try previewed.rebuild(editing: "content/tutorials/charlie.md") {
            $0.replacingOccurrences(of: "title: Tutorial charlie", with: "title: Zulu charlie")
        }
        // The prerequisite shows "required by" with the new title in its page, not in its twin.
        #expect(report.renderedPages.contains("tutorials/bravo/index.html"))
        #expect(twins(written) == ["tutorials/charlie/index.md", "tutorials/index.md", "tags/shared/index.md", "breakouts/agentic-ai/index.md"],
                "\(twins(written).sorted())")
        #expect(written.isSuperset(of: ["catalog.json", "feed.xml", "llms.txt", "llms-full.txt", "search/meta.js", "search/terms-zu.js", "search/terms-tu.js"]))
        // Only the page's own terms and document chunk are written again, not those of the documents between its places.
        #expect(!written.contains("search/terms-xy.js") && !written.contains("search/terms-yo.js"))
        #expect(written.filter { $0.hasPrefix("search/docs-") }.count == 1, "\(written.sorted())")
        #expect(previewed.site.exists("search/terms-xy.js", output: "_preview"))
        try previewed.expectSameAsFreshBuild()
    }

    @Test("Adding and deleting a page writes the twins that list it, and keeps the others and the shards it does not touch")
    func addAndDelete() throws {
        let previewed = try PreviewedSite()
        defer { previewed.site.cleanUp() }
        let (path, text) = TestSite.tutorial("foxtrot", body: "A zeppelin lesson.\n")
        try previewed.site.write(text, to: path)
        let added = try previewed.rebuild(changed: [path])
        #expect(added.report.renderedPages.contains("tutorials/foxtrot/index.html"))
        #expect(twins(added.written) == ["tutorials/foxtrot/index.md", "tutorials/index.md", "breakouts/agentic-ai/index.md"], "\(twins(added.written).sorted())")
        #expect(added.written.isSuperset(of: ["catalog.json", "search/terms-ze.js", "search/meta.js"]))
        #expect(!added.written.contains("search/terms-xy.js"))
        try previewed.expectSameAsFreshBuild()

        try previewed.site.remove(path)
        let deleted = try previewed.rebuild(changed: [path])
        #expect(!previewed.site.exists("tutorials/foxtrot/index.md", output: "_preview"))
        #expect(twins(deleted.written) == ["tutorials/index.md", "breakouts/agentic-ai/index.md"], "\(twins(deleted.written).sorted())")
        #expect(!deleted.written.contains("search/terms-xy.js"))
        try previewed.expectSameAsFreshBuild()
    }

    @Test("The catalogue's citation files are made again when a resource changes, comes or goes, and left alone otherwise")
    func citationFiles() throws {
        let previewed = try PreviewedSite()
        defer { previewed.site.cleanUp() }
        let citations: Set<String> = ["resources/resources.bib", "resources/resources.csl.json"]
        let tutorial = try previewed.rebuild(editing: "content/tutorials/charlie.md") { $0.replacingOccurrences(of: "title: Tutorial charlie", with: "title: Zulu charlie") }
        #expect(tutorial.written.allSatisfy { !$0.hasSuffix(".bib") && !$0.hasSuffix(".csl.json") })
        let retitled = try previewed.rebuild(editing: "content/resources/paper.md") { $0.replacingOccurrences(of: "title: Resource paper", with: "title: A paper & more") }
        #expect(retitled.written.isSuperset(of: citations.union(["resources/paper/paper.bib"])))
        #expect(try previewed.site.read("resources/resources.bib", output: "_preview").contains("title = {{A paper \\& more}}"))
        try previewed.expectSameAsFreshBuild()
        let (path, text) = TestSite.resource("zenodo-set", type: "dataset", extra: "zenodo: \"6619768\"")
        try previewed.site.write(text, to: path)
        #expect(try previewed.rebuild(changed: [path]).written.isSuperset(of: citations))
        try previewed.expectSameAsFreshBuild()
        try previewed.site.remove(path)
        #expect(try previewed.rebuild(changed: [path]).written.isSuperset(of: citations))
        try previewed.expectSameAsFreshBuild()
    }

    @Test("A site setting every entry shows rewrites every catalogue entry")
    func settingsEdit() throws {
        let previewed = try PreviewedSite()
        defer { previewed.site.cleanUp() }
        let (_, written) = try previewed.rebuild(editing: "content/site.yml") {
            $0.replacingOccurrences(of: "https://portal.example.org/", with: "https://elsewhere.example.org/")
        }
        #expect(written.isSuperset(of: ["catalog.json", "feed.xml", "sitemap.xml", "llms.txt", "tutorials/aardvark/index.md"]))
        try previewed.expectSameAsFreshBuild()
    }

    @Test("A feed rewritten by a body edit, then brought back by a full rebuild, is written again")
    func feedAfterQuickRebuild() throws {
        let previewed = try PreviewedSite()
        defer { previewed.site.cleanUp() }
        let quick = try previewed.rebuild(editing: "content/tutorials/delta.md") { $0.replacingOccurrences(of: "A yodel lesson.", with: "A yodel lesson, a yodel.") }
        #expect(quick.report.renderedPages == ["tutorials/delta/index.html"])
        #expect(quick.written.contains("feed.xml"))
        // The body back as it was, and the title of a page the feed does not list, which takes the full rebuild.
        try previewed.site.write(TestSite.tutorial("delta", extra: "tags: [shared]", body: "A yodel lesson.\n").1, to: "content/tutorials/delta.md")
        let paper = TestSite.resource("paper")
        try previewed.site.write(paper.1.replacingOccurrences(of: "title: Resource paper", with: "title: Resource papers"), to: paper.0)
        let full = try previewed.rebuild(changed: ["content/tutorials/delta.md", paper.0])
        #expect(full.report.renderedPages.count > 1)
        #expect(full.written.contains("feed.xml"))
        try previewed.expectSameAsFreshBuild()
    }

    @Test("A page added is written before browsers are told to reload; its reader files are made and written after")
    func readerFilesAfterReload() throws {
        let previewed = try PreviewedSite()
        defer { previewed.site.cleanUp() }
        let (path, text) = TestSite.tutorial("foxtrot", body: "A zeppelin lesson.\n")
        try previewed.site.write(text, to: path)
        let report = previewed.rebuildLeavingDeferredWork(changed: [path])
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(previewed.site.exists("tutorials/foxtrot/index.html", output: "_preview"))
        #expect(previewed.preview.pendingReaderFiles != nil)
        // What the rebuild replaced (the last render keys, contexts, snapshot, renderings, paths
        // planned, the last runs of stages 2 and 6), and stage 5's own values and the bodies it was
        // given, are freed after the reload.
        #expect(previewed.preview.retired.count == 9)
        #expect(!previewed.site.exists("tutorials/foxtrot/index.md", output: "_preview"))
        #expect(!(try previewed.site.read("catalog.json", output: "_preview")).contains("foxtrot"))
        #expect(previewed.preview.finishDeferredWork() == nil)
        #expect(previewed.preview.pendingReaderFiles == nil)
        #expect(previewed.preview.retired.isEmpty)
        #expect(previewed.site.exists("tutorials/foxtrot/index.md", output: "_preview"))
        try previewed.expectSameAsFreshBuild()
    }

    @Test("A page deleted is removed before browsers are told to reload; the paths the output holds are settled after")
    func writtenSettledAfterReload() throws {
        let previewed = try PreviewedSite()
        defer { previewed.site.cleanUp() }
        let (path, text) = TestSite.tutorial("foxtrot", body: "A zeppelin lesson.\n")
        try previewed.site.write(text, to: path)
        _ = previewed.rebuildLeavingDeferredWork(changed: [path])
        #expect(previewed.preview.unsettledWritten?.planned.contains("tutorials/foxtrot/index.html") == true)
        #expect(!previewed.preview.written.contains("tutorials/foxtrot/index.html"))
        #expect(previewed.preview.finishDeferredWork() == nil)
        #expect(previewed.preview.unsettledWritten == nil)
        #expect(previewed.preview.written.isSuperset(of: ["tutorials/foxtrot/index.html", "tutorials/foxtrot/index.md"]))

        try previewed.site.remove(path)
        _ = previewed.rebuildLeavingDeferredWork(changed: [path])
        #expect(!previewed.site.exists("tutorials/foxtrot/index.html", output: "_preview"))
        #expect(previewed.preview.unsettledWritten?.dropped == ["tutorials/foxtrot/index.html"])
        #expect(previewed.preview.written.contains("tutorials/foxtrot/index.html"))
        // The next rebuild settles them first, as the deferred work does.
        let (other, otherText) = TestSite.tutorial("golf", body: "A glider lesson.\n")
        try previewed.site.write(otherText, to: other)
        _ = previewed.rebuildLeavingDeferredWork(changed: [other])
        #expect(previewed.preview.unsettledWritten?.planned.contains("tutorials/golf/index.html") == true)
        #expect(!previewed.preview.written.contains("tutorials/foxtrot/index.html"))
        #expect(!previewed.preview.written.contains("tutorials/foxtrot/index.md"))
        #expect(previewed.preview.finishDeferredWork() == nil)
        #expect(previewed.preview.written.contains("tutorials/golf/index.md"))
        try previewed.expectSameAsFreshBuild()
    }

    @Test("The search and 404 pages, which a browser may be showing, are written before browsers are told to reload")
    func htmlReaderFilesBeforeReload() throws {
        let previewed = try PreviewedSite()
        defer { previewed.site.cleanUp() }
        let base = "templates/base.mustache"
        let text = try String(contentsOf: previewed.site.root.appendingPathComponent(base), encoding: .utf8)
        try previewed.site.write(text.replacingOccurrences(of: "</body>", with: "<p class=\"edited-base\"></p></body>"), to: base)
        let report = previewed.rebuildLeavingDeferredWork(changed: [base])
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(previewed.preview.pendingReaderFiles != nil)
        #expect(try previewed.site.read("search/index.html", output: "_preview").contains("edited-base"))
        #expect(try previewed.site.read("404.html", output: "_preview").contains("edited-base"))
        #expect(previewed.preview.finishDeferredWork() == nil)
        try previewed.expectSameAsFreshBuild()
    }

    @Test("A rebuild that comes before the last one's deferred work first writes what that one left")
    func rebuildsWithoutDeferredWorkBetween() throws {
        let previewed = try PreviewedSite()
        defer { previewed.site.cleanUp() }
        let foxtrot = TestSite.tutorial("foxtrot", extra: "tags: [shared]", body: "A zeppelin lesson.\n")
        try previewed.site.write(foxtrot.1, to: foxtrot.0)
        _ = previewed.rebuildLeavingDeferredWork(changed: [foxtrot.0])
        // A title edit (the card path), then a body edit (the quick path), each before the deferred work of the one before.
        try previewed.site.write(foxtrot.1.replacingOccurrences(of: "title: Tutorial foxtrot", with: "title: Zeppelins"), to: foxtrot.0)
        let card = previewed.rebuildLeavingDeferredWork(changed: [foxtrot.0])
        #expect(card.renderedPages.contains("tutorials/foxtrot/index.html"))
        // Only what the card path replaced is waiting to be freed: the add's values went when it began.
        #expect(previewed.preview.retired.count == 2)
        #expect(previewed.site.exists("tutorials/foxtrot/index.md", output: "_preview"))
        let charlie = "content/tutorials/charlie.md"
        let charlieText = try String(contentsOf: previewed.site.root.appendingPathComponent(charlie), encoding: .utf8)
        try previewed.site.write(charlieText.replacingOccurrences(of: "Charlie body.", with: "Charlie body, a quokka."), to: charlie)
        let quick = previewed.rebuildLeavingDeferredWork(changed: [charlie])
        #expect(quick.renderedPages == ["tutorials/charlie/index.html"])
        #expect(try previewed.site.read("tutorials/foxtrot/index.md", output: "_preview").contains("Zeppelins"))
        try previewed.site.remove(foxtrot.0)
        _ = previewed.rebuildLeavingDeferredWork(changed: [foxtrot.0])
        #expect(previewed.preview.finishDeferredWork() == nil)
        #expect(!previewed.site.exists("tutorials/foxtrot/index.md", output: "_preview"))
        try previewed.expectSameAsFreshBuild()
    }

    @Test("Reader files that cannot be written after the reload are reported, and the next rebuild writes them all")
    func deferredWriteFailure() throws {
        let previewed = try PreviewedSite()
        defer { previewed.site.cleanUp() }
        let output = previewed.site.root.appendingPathComponent("_preview")
        // A folder where the catalogue goes: writing the file there fails.
        try FileManager.default.removeItem(at: output.appendingPathComponent("catalog.json"))
        try FileManager.default.createDirectory(at: output.appendingPathComponent("catalog.json/blocked"), withIntermediateDirectories: true)
        let (path, text) = TestSite.tutorial("foxtrot", body: "A zeppelin lesson.\n")
        try previewed.site.write(text, to: path)
        let report = previewed.rebuildLeavingDeferredWork(changed: [path])
        #expect(!report.hasErrors, "\(report.summary)")
        let failure = try #require(previewed.preview.finishDeferredWork())
        #expect(failure.id == "output.write-failed")
        #expect(failure.message.hasPrefix("cannot write catalog.json"))
        #expect(failure.file == "catalog.json")
        try FileManager.default.removeItem(at: output.appendingPathComponent("catalog.json"))
        let again = previewed.preview.rebuild(changed: [], log: { _ in })
        #expect(!again.hasErrors, "\(again.summary)")
        #expect(again.renderedPages.count > 1)
        #expect(previewed.preview.finishDeferredWork() == nil)
        try previewed.expectSameAsFreshBuild()
    }

    @Test("A seeded sequence of pages added, deleted, retitled and retagged leaves the reader files as a fresh build writes them")
    func seededSequence() throws {
        let previewed = try PreviewedSite()
        defer { previewed.site.cleanUp() }
        var random = SeededGenerator(seed: 2)
        let words = ["muon", "jet", "vertex", "agent", "trigger", "calorimeter", "anomaly", "graph", "alpha", "zeta"]
        func phrase() -> String { (0..<3).map { _ in words.randomElement(using: &random) ?? "muon" }.joined(separator: " ") }
        var pages = ["bravo", "aardvark", "charlie", "delta"]
        for step in 0..<16 {
            var changed: String
            switch Int.random(in: 0..<4, using: &random) {
            case 0:
                let id = "added-\(step)"
                let page = TestSite.tutorial(id, extra: "tags: [\(["shared", "other"].randomElement(using: &random) ?? "shared")]", body: phrase() + ".\n")
                try previewed.site.write(page.1.replacingOccurrences(of: "title: Tutorial \(id)", with: "title: \(phrase().capitalized)"), to: page.0)
                pages.append(id)
                changed = page.0
            case 1 where pages.count > 2:
                // Charlie names bravo as its prerequisite: bravo stays.
                let id = pages.remove(at: Int.random(in: 1..<pages.count, using: &random))
                changed = "content/tutorials/\(id).md"
                try previewed.site.remove(changed)
            case 2:
                changed = "content/tutorials/\(pages.randomElement(using: &random) ?? "bravo").md"
                let text = try String(contentsOf: previewed.site.root.appendingPathComponent(changed), encoding: .utf8)
                let title = try #require(text.split(separator: "\n").first { $0.hasPrefix("title: ") })
                try previewed.site.write(text.replacingOccurrences(of: String(title), with: "title: \(phrase().capitalized)"), to: changed)
            default:
                changed = "content/tutorials/\(pages.randomElement(using: &random) ?? "bravo").md"
                let text = try String(contentsOf: previewed.site.root.appendingPathComponent(changed), encoding: .utf8)
                let untagged = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("tags: ") }.joined(separator: "\n")
                let tag = words.randomElement(using: &random) ?? "muon"
                try previewed.site.write(untagged.replacingOccurrences(of: "date: 2026-06-01\n", with: "date: 2026-06-01\ntags: [\(tag)]\n"), to: changed)
            }
            _ = try previewed.rebuild(changed: [changed])
            try previewed.expectSameAsFreshBuild()
        }
    }
}
