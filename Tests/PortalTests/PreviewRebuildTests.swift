import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A copy of the shipped portal in a temporary folder, with a preview session over it.
private struct ShippedCopy {
    let root: URL
    let session: PreviewSession

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-preview-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for folder in ["content", "templates"] {
            try FileManager.default.copyItem(at: packageRoot.appendingPathComponent(folder), to: root.appendingPathComponent(folder))
        }
        session = PreviewSession(options: Self.options(root: root, output: "_preview"))
    }

    static func options(root: URL, output: String) -> BuildOptions {
        var options = BuildOptions(contentDirectory: root.appendingPathComponent("content"), templatesDirectory: root.appendingPathComponent("templates"),
                                   outputDirectory: root.appendingPathComponent(output), includeDrafts: true, workingDirectory: root,
                                   baseURL: "http://127.0.0.1:8000/")
        options.today = "2026-11-29"
        return options
    }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// Rewrites a file with `change` applied to its text; returns its absolute path.
    func edit(_ path: String, _ change: (String) -> String) throws -> String {
        let text = try String(contentsOf: url(path), encoding: .utf8)
        try Data(change(text).utf8).write(to: url(path))
        return url(path).path
    }

    /// Every file of a built site, by path.
    func files(_ output: String) -> [String: Data] { SiteComparison.files(in: url(output)) }

    /// Checks that the preview output is exactly what a fresh `portal build` of the same sources writes.
    /// (After the work the preview server does once browsers are told to reload.)
    func expectSameAsFreshBuild(sourceLocation: SourceLocation = #_sourceLocation) {
        session.finishDeferredWork()
        let fresh = "_fresh-\(UUID().uuidString)"
        let (report, comparison) = SiteComparison.withFreshBuild(Self.options(root: root, output: fresh), served: url("_preview"))
        #expect(!report.hasErrors, "\(report.summary)", sourceLocation: sourceLocation)
        #expect(report.hasErrors || comparison.isEmpty, "differs from a fresh build: \(comparison)", sourceLocation: sourceLocation)
        try? FileManager.default.removeItem(at: url(fresh))
    }

    func cleanUp() { try? FileManager.default.removeItem(at: root) }
}

@Suite("Preview rebuilds")
struct PreviewRebuildTests {
    @Test("An edit to a page's text renders only that page, and the site equals a fresh build")
    func bodyEdit() throws {
        let site = try ShippedCopy()
        defer { site.cleanUp() }
        let first = site.session.rebuild()
        #expect(!first.hasErrors, "\(first.summary)")
        #expect(first.renderedPages.count > 100)

        let path = try site.edit("content/tutorials/check-llm-code.md") { $0 + "\nOne more paragraph about unit tests for the preview.\n" }
        let report = site.session.rebuild(changed: [path])
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(report.renderedPages == ["tutorials/check-llm-code/index.html"])
        #expect(try String(contentsOf: site.url("_preview/tutorials/check-llm-code/index.html"), encoding: .utf8).contains("unit tests for the preview"))
        #expect(!(try String(contentsOf: site.url("_preview/llms-full.txt"), encoding: .utf8)).contains("unit tests for the preview"),
                "llms-full.txt waits until the browsers have been told")
        #expect(try String(contentsOf: site.url("_preview/feed.xml"), encoding: .utf8).contains("unit tests for the preview"), "the feed carries the body")
        site.session.finishDeferredWork()
        #expect(try String(contentsOf: site.url("_preview/llms-full.txt"), encoding: .utf8).contains("unit tests for the preview"))
        site.expectSameAsFreshBuild()
    }

    @Test("A notebook saved again (as Jupyter does, whole) rebuilds its page; its unchanged images are not written again")
    func notebookEdit() throws {
        let site = try ShippedCopy()
        defer { site.cleanUp() }
        #expect(!site.session.rebuild().hasErrors)
        let folder = site.url("_preview/tutorials/dimuon-histogram")
        let images = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("output-") }
        #expect(!images.isEmpty)
        let dates = try images.map { try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent($0).path)[.modificationDate] as? Date }
        Thread.sleep(forTimeInterval: 0.05)
        let path = try site.edit("content/tutorials/dimuon-histogram.ipynb") {
            $0.replacingOccurrences(of: "## The toy model", with: "## The toy model, saved again in Jupyter")
        }
        let report = site.session.rebuild(changed: [path])
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(report.renderedPages.contains("tutorials/dimuon-histogram/index.html"))
        #expect(try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8).contains("saved again in Jupyter"))
        let after = try images.map { try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent($0).path)[.modificationDate] as? Date }
        #expect(after == dates, "the images were written again")
        site.expectSameAsFreshBuild()
    }

    @Test("A failed write of llms-full.txt after a quick rebuild is reported, and tried again next time")
    func deferredWriteFails() throws {
        let site = try ShippedCopy()
        defer { site.cleanUp() }
        #expect(!site.session.rebuild().hasErrors)
        let path = try site.edit("content/tutorials/check-llm-code.md") { $0 + "\nA paragraph for the deferred write.\n" }
        #expect(site.session.rebuild(changed: [path]).renderedPages == ["tutorials/check-llm-code/index.html"])
        // A folder where the file goes: the write fails, even for root.
        let llms = site.url("_preview/llms-full.txt")
        try FileManager.default.removeItem(at: llms)
        try FileManager.default.createDirectory(at: llms, withIntermediateDirectories: false)
        let problem = try #require(site.session.finishDeferredWork())
        #expect((problem.id, problem.file, problem.severity) == ("output.write-failed", "llms-full.txt", .error))
        #expect(problem.message.hasPrefix("cannot write llms-full.txt: "))
        try FileManager.default.removeItem(at: llms)
        #expect(site.session.finishDeferredWork() == nil)
        #expect(try String(contentsOf: llms, encoding: .utf8).contains("A paragraph for the deferred write."))
    }

    @Test("A new title re-renders the pages that show it, and no others")
    func titleEdit() throws {
        let site = try ShippedCopy()
        defer { site.cleanUp() }
        let first = site.session.rebuild()
        #expect(!first.hasErrors, "\(first.summary)")

        let path = try site.edit("content/tutorials/check-llm-code.md") {
            $0.replacingOccurrences(of: "title: Prompt for and check LLM-generated analysis code", with: "title: Check the code a language model wrote")
        }
        let report = site.session.rebuild(changed: [path])
        #expect(!report.hasErrors, "\(report.summary)")
        let rendered = Set(report.renderedPages)
        // The page, its section listing, its tags and its prerequisite (which lists it as "required by").
        for expected in ["tutorials/check-llm-code/index.html", "tutorials/index.html", "tags/llm/index.html", "tutorials/read-root-files/index.html"] {
            #expect(rendered.contains(expected), "\(expected) was not rendered again")
        }
        #expect(!rendered.contains("tutorials/python-env/index.html"))
        #expect(rendered.count < first.renderedPages.count / 2, "\(rendered.count) of \(first.renderedPages.count) pages rendered")
        site.expectSameAsFreshBuild()
    }

    @Test("Rebuilds keep the cards of pages whose refs are unchanged, until a template changes")
    func cardsKeptAcrossRebuilds() throws {
        let site = try ShippedCopy()
        defer { site.cleanUp() }
        let preview = PreviewBuild(options: ShippedCopy.options(root: site.root, output: "_kept"))
        #expect(!preview.rebuild(changed: nil, log: { _ in }).hasErrors)
        let kept = try #require(preview.fragments?.cache)
        let cards = kept.count
        #expect(cards > 20)
        let page = try site.edit("content/tutorials/check-llm-code.md") {
            $0.replacingOccurrences(of: "title: Prompt for and check LLM-generated analysis code", with: "title: Check the code a language model wrote")
        }
        #expect(!preview.rebuild(changed: [page], log: { _ in }).hasErrors)
        #expect(preview.fragments?.cache === kept, "the cards were rendered again")
        #expect(kept.count == cards)
        let partial = try site.edit("templates/partials/card.mustache") { $0.replacingOccurrences(of: "card-title", with: "card-name") }
        #expect(!preview.rebuild(changed: [partial], log: { _ in }).hasErrors)
        #expect(preview.fragments?.cache !== kept, "cards of the old template were kept")
        let html = try String(contentsOf: site.url("_kept/tutorials/index.html"), encoding: .utf8)
        #expect(html.contains("card-name") && !html.contains("card-title"))
    }

    @Test("A broken link keeps the last good site and reports the error; the fix rebuilds")
    func brokenLinkAndRecovery() throws {
        let site = try ShippedCopy()
        defer { site.cleanUp() }
        #expect(!site.session.rebuild().hasErrors)
        let before = site.files("_preview")

        let path = try site.edit("content/tutorials/check-llm-code.md") { $0 + "\nSee [the missing page](no-such-page.md).\n" }
        let broken = site.session.rebuild(changed: [path])
        let error = try #require(broken.only("link.broken"), "\(broken.summary)")
        let lines = try String(contentsOf: site.url("content/tutorials/check-llm-code.md"), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(error.line == lines.firstIndex { $0.contains("no-such-page.md") }.map { $0 + 1 })
        #expect(error.column == 24, "the column of the link's destination")
        #expect(site.files("_preview") == before, "a failed rebuild must not touch the served site")

        _ = try site.edit("content/tutorials/check-llm-code.md") { $0.replacingOccurrences(of: "(no-such-page.md)", with: "(python-env.md)") }
        let fixed = site.session.rebuild(changed: [path])
        #expect(!fixed.hasErrors, "\(fixed.summary)")
        #expect(fixed.renderedPages.contains("tutorials/python-env/index.html"), "the new link's target gains a backlink")
        site.expectSameAsFreshBuild()
    }

    @Test("Adding and deleting pages and files, and editing the theme and settings, give the same site as a fresh build", .tags(.slow), .skippedWhenAsked)
    func structuralChanges() throws {
        let site = try ShippedCopy()
        defer { site.cleanUp() }
        let first = site.session.rebuild()
        #expect(!first.hasErrors)

        let added = site.url("content/tutorials/preview-test.md")
        try Data("---\ntitle: A tutorial added while previewing\nsummary: Added by a test.\nlevel: beginner\nduration: 10 min\nareas: [agentic-ai]\nauthors: [Portal editors]\ndate: 2026-11-28\ntags: [testing]\n---\n\nBody with a [link](python-env.md).\n".utf8).write(to: added)
        var report = site.session.rebuild(changed: [added.path])
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(report.renderedPages.contains("tutorials/preview-test/index.html"))
        site.expectSameAsFreshBuild()

        try FileManager.default.removeItem(at: added)
        report = site.session.rebuild(changed: [added.path])
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(!FileManager.default.fileExists(atPath: site.url("_preview/tutorials/preview-test/index.html").path))
        site.expectSameAsFreshBuild()

        let resourceTemplate = try site.edit("templates/resource.mustache") { $0 + "<!-- edited -->\n" }
        report = site.session.rebuild(changed: [resourceTemplate])
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(!report.renderedPages.isEmpty && report.renderedPages.allSatisfy { $0.hasPrefix("resources/") && $0 != "resources/index.html" },
                "a page template renders its own pages again: \(report.renderedPages.prefix(5))")
        site.expectSameAsFreshBuild()

        let base = try site.edit("templates/base.mustache") { $0 + "<!-- edited -->\n" }
        report = site.session.rebuild(changed: [base])
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(report.renderedPages.count == first.renderedPages.count, "the base layout renders every page")
        site.expectSameAsFreshBuild()

        let css = try site.edit("templates/assets/style.css") { $0 + "\n/* edited */\n" }
        report = site.session.rebuild(changed: [css])
        #expect(report.renderedPages.isEmpty, "a stylesheet change renders no page")
        site.expectSameAsFreshBuild()

        let settings = try site.edit("content/site.yml") { $0.replacingOccurrences(of: "title:", with: "title: New") }
        report = site.session.rebuild(changed: [settings])
        #expect(!report.hasErrors, "\(report.summary)")
        site.expectSameAsFreshBuild()
    }

    @Test("Adding or deleting a page renders it, the listings that choose from it and the pages it links to, and no others")
    func addedPageRendersWhatShowsIt() throws {
        let site = try ShippedCopy()
        defer { site.cleanUp() }
        let first = site.session.rebuild()
        #expect(!first.hasErrors, "\(first.summary)")
        let added = site.url("content/resources/preview-added.md")
        try Data("""
            ---
            title: "A dataset added while previewing"
            summary: "Added by a test."
            type: dataset
            url: "https://opendata.cern.ch/"
            areas: [agentic-ai]
            tags: [python]
            ---

            Read it with [the uproot tutorial](../tutorials/read-root-files.md).

            """.utf8).write(to: added)
        let addedText = try Data(contentsOf: added)
        let report = site.session.rebuild(changed: [added.path])
        #expect(!report.hasErrors, "\(report.summary)")
        let rendered = Set(report.renderedPages)
        // The page, its section, its tag's page and the tag index's count, the home page's newest
        // resources, its breakout's list and the page it links to (its backlinks).
        for expected in ["resources/preview-added/index.html", "resources/index.html", "tags/python/index.html", "tags/index.html",
                         "index.html", "breakouts/agentic-ai/index.html", "tutorials/read-root-files/index.html"] {
            #expect(rendered.contains(expected), "\(expected) was not rendered again")
        }
        for unrelated in ["tutorials/python-env/index.html", "resources/aider/index.html", "starter-kit/index.html"] {
            #expect(!rendered.contains(unrelated), "\(unrelated) was rendered again")
        }
        #expect(rendered.count < 12, "\(rendered.count) of \(first.renderedPages.count) pages rendered: \(rendered.sorted())")
        site.expectSameAsFreshBuild()

        try FileManager.default.removeItem(at: added)
        let deleted = site.session.rebuild(changed: [added.path])
        #expect(!deleted.hasErrors, "\(deleted.summary)")
        #expect(Set(deleted.renderedPages).isSuperset(of: ["resources/index.html", "tags/python/index.html", "tutorials/read-root-files/index.html"]))
        #expect(!deleted.renderedPages.contains("tutorials/python-env/index.html"))
        #expect(deleted.renderedPages.count < 12, "\(deleted.renderedPages.count) pages rendered")
        site.expectSameAsFreshBuild()

        // The same page again, at the same address: what the preview knew of its last render went with it.
        try addedText.write(to: added)
        let again = site.session.rebuild(changed: [added.path])
        #expect(!again.hasErrors, "\(again.summary)")
        #expect(again.renderedPages.contains("resources/preview-added/index.html"))
        site.expectSameAsFreshBuild()
    }

    @Test("With the pages browsers show named, a rebuild writes the changed ones among them and leaves the others for after the reload")
    func pagesShownFirst() throws {
        let site = try ShippedCopy()
        defer { site.cleanUp() }
        #expect(!site.session.rebuild().hasErrors)
        let added = site.url("content/resources/preview-shown.md")
        try Data("---\ntitle: \"A dataset added while a browser shows the resources\"\nsummary: \"Added by a test.\"\ntype: dataset\nurl: \"https://opendata.cern.ch/\"\nareas: [agentic-ai]\ntags: [python]\n---\n\nA body.\n".utf8).write(to: added)
        let report = site.session.rebuild(changed: [added.path], viewing: ["resources/index.html", "tutorials/python-env/index.html"])
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(report.renderedPages.contains("resources/index.html"))
        #expect(!report.deferredPages.contains("resources/index.html"), "a page shown is written first")
        #expect(report.deferredPages.contains("resources/preview-shown/index.html"))
        #expect(Set(report.deferredPages).isSubset(of: report.renderedPages) && report.deferredPages.count == report.renderedPages.count - 1,
                "every other changed page waits: \(report.deferredPages)")
        #expect(try String(contentsOf: site.url("_preview/resources/index.html"), encoding: .utf8).contains("A dataset added while a browser shows the resources"))
        #expect(!FileManager.default.fileExists(atPath: site.url("_preview/resources/preview-shown/index.html").path))

        // A rebuild that starts before the server had them written writes them first.
        let edited = try site.edit("content/tutorials/python-env.md") { $0 + "\nOne more line.\n" }
        let next = site.session.rebuild(changed: [edited], viewing: [])
        #expect(!next.hasErrors, "\(next.summary)")
        #expect(FileManager.default.fileExists(atPath: site.url("_preview/resources/preview-shown/index.html").path))
        site.expectSameAsFreshBuild()

        // With no page shown, every changed page waits for `writeDeferredPages`.
        try FileManager.default.removeItem(at: added)
        let deleted = site.session.rebuild(changed: [added.path], viewing: [])
        #expect(!deleted.hasErrors && !deleted.renderedPages.isEmpty && deleted.deferredPages.count == deleted.renderedPages.count, "\(deleted.deferredPages)")
        #expect(site.session.writeDeferredPages() == nil)
        #expect(!(try String(contentsOf: site.url("_preview/resources/index.html"), encoding: .utf8)).contains("A dataset added while a browser shows the resources"))
        site.expectSameAsFreshBuild()
    }

    @Test("A page that grows a section a template counts on every page renders every page again")
    func sectionCountOnEveryPage() throws {
        let site = try ShippedCopy()
        defer { site.cleanUp() }
        _ = try site.edit("templates/base.mustache") {
            $0.replacingOccurrences(of: "</body>", with: "<p class=\"count\">{{#site.sections.resources}}{{count}} resources{{/site.sections.resources}}</p>\n</body>")
        }
        let first = site.session.rebuild()
        #expect(!first.hasErrors, "\(first.summary)")
        let added = site.url("content/resources/preview-added.md")
        try Data("---\ntitle: \"Added\"\nsummary: \"Added by a test.\"\ntype: dataset\nurl: \"https://opendata.cern.ch/\"\nareas: [agentic-ai]\n---\n\nText.\n".utf8).write(to: added)
        let report = site.session.rebuild(changed: [added.path])
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(report.renderedPages.count == first.renderedPages.count + 1, "every page shows the count of resources")
        site.expectSameAsFreshBuild()
    }

    @Test("A setting only the footer shows (the contact) renders every page again")
    func footerSetting() throws {
        let site = try ShippedCopy()
        defer { site.cleanUp() }
        let first = site.session.rebuild()
        #expect(!first.hasErrors, "\(first.summary)")
        let settings = try site.edit("content/site.yml") { $0 + "\ncontact: editors@example.org\n" }
        let report = site.session.rebuild(changed: [settings])
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(report.renderedPages.count == first.renderedPages.count)
        let home = try String(contentsOf: site.url("_preview/tutorials/python-env/index.html"), encoding: .utf8)
        #expect(home.contains("mailto:editors@example.org"))
        site.expectSameAsFreshBuild()
    }

    @Test("A skill's download follows its files: an edit, a new file and a removed one give the same site as a fresh build")
    func skillArchive() throws {
        let site = try ShippedCopy()
        defer { site.cleanUp() }
        #expect(!site.session.rebuild().hasErrors)
        let archive = site.url("_preview/resources/root-file-inspector/root-file-inspector.zip")
        let before = try Data(contentsOf: archive)
        let path = try site.edit("content/resources/root-file-inspector/SKILL.md") { $0 + "\n- Say which file you read.\n" }
        #expect(!site.session.rebuild(changed: [path]).hasErrors)
        #expect(try Data(contentsOf: archive) != before)
        site.expectSameAsFreshBuild()

        let added = site.url("content/resources/root-file-inspector/scripts/helper.py")
        try Data("print('a helper')\n".utf8).write(to: added)
        #expect(!site.session.rebuild(changed: [added.path]).hasErrors)
        let page = try String(contentsOf: site.url("_preview/resources/root-file-inspector/index.html"), encoding: .utf8)
        #expect(page.contains("<li><code>scripts/helper.py</code></li>") && page.contains("root-file-inspector.zip, 3 files"))
        site.expectSameAsFreshBuild()

        try FileManager.default.removeItem(at: added)
        #expect(!site.session.rebuild(changed: [added.path]).hasErrors)
        site.expectSameAsFreshBuild()
    }

    @Test("On listings split into pages, a title that moves an item to another page, a new type, an added and a deleted page give the same site as a fresh build")
    func paginatedListings() throws {
        let site = try ShippedCopy()
        defer { site.cleanUp() }
        // The shipped page size gives way to this one.
        _ = try site.edit("content/site.yml") { $0.replacingOccurrences(of: "listings:\n  page_size: 100\n", with: "") + "\nlistings:\n  page_size: 5\n" }
        let first = site.session.rebuild()
        #expect(!first.hasErrors, "\(first.summary)")
        #expect(FileManager.default.fileExists(atPath: site.url("_preview/resources/page/3/index.html").path))
        site.expectSameAsFreshBuild()

        // Aider, first of the agents, becomes the last of them: every page between moves up one.
        var path = try site.edit("content/resources/aider.md") { $0.replacingOccurrences(of: "title: \"Aider\"", with: "title: \"Zed, formerly Aider\"") }
        var report = site.session.rebuild(changed: [path])
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(report.renderedPages.contains("resources/listing.js"))
        // The papers, before the agents, stay where they were.
        #expect(!report.renderedPages.contains("resources/page/2/index.html"), "\(report.renderedPages.sorted())")
        site.expectSameAsFreshBuild()

        // Its agent's fields go with its type: on training material they would be errors.
        path = try site.edit("content/resources/aider.md") {
            $0.replacingOccurrences(of: "type: agent\nkind: agent", with: "type: training").replacingOccurrences(of: "validated_with: [swe-bench]\n", with: "")
        }
        report = site.session.rebuild(changed: [path])
        #expect(!report.hasErrors, "\(report.summary)")
        site.expectSameAsFreshBuild()

        let added = site.url("content/resources/aaa-preview-test.md")
        try Data("---\ntitle: AAA, a resource added while previewing\nsummary: Added by a test.\ntype: paper\nurl: https://example.org/aaa\nareas: [agentic-ai]\ntags: [agents]\n---\n\nAbout it.\n".utf8).write(to: added)
        report = site.session.rebuild(changed: [added.path])
        #expect(!report.hasErrors, "\(report.summary)")
        site.expectSameAsFreshBuild()

        try FileManager.default.removeItem(at: added)
        report = site.session.rebuild(changed: [added.path])
        #expect(!report.hasErrors, "\(report.summary)")
        site.expectSameAsFreshBuild()
    }

    @Test("Without a change list, files are compared with what was read")
    func unknownChanges() throws {
        let site = try ShippedCopy()
        defer { site.cleanUp() }
        #expect(!site.session.rebuild().hasErrors)
        _ = try site.edit("content/tutorials/python-env.md") { $0 + "\nAnother closing remark, longer than before.\n" }
        let report = site.session.rebuild()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(report.renderedPages == ["tutorials/python-env/index.html"])
        site.session.finishDeferredWork()
        site.expectSameAsFreshBuild()
    }
}
