import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

@Suite("Pages carried from the Markdown stage's last run")
struct MarkdownRunCarryTests {
    /// The tutorials of the site, each loaded once: a run given the same one again is given the same value.
    private struct Loaded {
        var pages: [String: Page] = [:]
        var bodies: [String: PageBody] = [:]
    }

    private func load(_ site: TestSite, _ names: [String]) -> Loaded {
        let files = names.map { ContentFile(relativePath: "tutorials/\($0).md", kind: .tutorial, id: $0, isBundle: false) }
        let loaded = PageLoader(contentRoot: site.root.appendingPathComponent("content"), displayRoot: "content").load(files, into: DiagnosticSink())
        var result = Loaded()
        for (name, (page, body)) in zip(names, zip(loaded.pages, loaded.bodies)) {
            result.pages[name] = page
            result.bodies[name] = body
        }
        return result
    }

    /// Renders the bodies of the tutorials `names` (in that order), with the last run when given.
    private func run(_ names: [String], _ loaded: Loaded, last: MarkdownOutput?, stage: MarkdownStage = MarkdownStage(allowsRawHTML: false, themeIDs: []))
        -> (output: MarkdownOutput, pages: [Page], diagnostics: [String]) {
        var pages = names.map { loaded.pages[$0]! }
        let index = SiteIndex(pages: pages, staticFiles: [], draftSources: [], sink: DiagnosticSink())
        let sink = DiagnosticSink()
        let output = stage.run(pages: &pages, bodies: names.map { loaded.bodies[$0]! }, index: index, cache: last?.cache ?? [:], last: last?.run, sink: sink)
        return (output, pages, sink.sorted.map { "\($0.file):\($0.line): \($0.message)" })
    }

    private func links(_ run: (output: MarkdownOutput, pages: [Page], diagnostics: [String])) -> [String] {
        run.output.links.references.map { "\(run.pages[$0.from].id) -> \(run.pages[$0.to].id)" }
    }

    /// The anchor checks the run's results hold, their pages named by serial, as ids.
    private func anchors(_ run: (output: MarkdownOutput, pages: [Page], diagnostics: [String])) -> [String] {
        guard let made = run.output.run else { return [] }
        return made.results.flatMap(\.anchorChecks).map { check in
            let from = made.serials.position(of: check.from).map { run.pages[$0].id } ?? "?"
            let to = made.serials.position(of: check.target).map { run.pages[$0].id } ?? "?"
            return "\(from) -> \(to)#\(check.fragment)"
        }
    }

    @Test("An unchanged page is handed on as the last run decorated it, its links moved; a page depending on others, a changed body or new options is rendered again")
    func carries() throws {
        let site = try TestSite([
            "content/tutorials/alpha.md": "---\ntitle: Alpha\n---\nA new page before the others.\n",
            "content/tutorials/bravo.md": "---\ntitle: Bravo\n---\n## Intro\n\nSee [charlie](charlie.md).\n",
            "content/tutorials/charlie.md": "---\ntitle: Charlie\n---\n## Method\n\nRead [the intro](bravo.md#intro) and [delta](delta.md#end).\n",
            "content/tutorials/delta.md": "---\ntitle: Delta\n---\nBack to [charlie](charlie.md#method).\n\n## End\n",
            "content/tutorials/echo.md": "---\ntitle: Echo\nseries: demo\n---\n```{tableofcontents}\n```\n\nSee [delta](delta.md).\n",
            "content/tutorials/foxtrot.md": "---\ntitle: Foxtrot\n---\nWrite to convener@example.org about [delta](delta.md).\n",
        ])
        defer { site.cleanUp() }
        let all = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]
        let loaded = load(site, all)
        let first = run(Array(all.dropFirst()), loaded, last: nil)
        #expect(first.diagnostics.isEmpty, "\(first.diagnostics)")

        // Alpha comes first: bravo, charlie and delta are the pages the first run made, one place on.
        let added = run(all, loaded, last: first.output)
        let fresh = run(all, loaded, last: nil)
        #expect(added.diagnostics == fresh.diagnostics)
        for (position, old) in [(1, 0), (2, 1), (3, 2)] {
            #expect(added.pages[position].isSameValue(as: first.pages[old]), "\(all[position]) was decorated again")
            #expect(added.pages[position].headings.map(\.id) == fresh.pages[position].headings.map(\.id))
        }
        // Echo lists the series' parts and foxtrot may cite: both depend on other pages.
        #expect(!added.pages[4].isSameValue(as: first.pages[3]))
        #expect(!added.pages[5].isSameValue(as: first.pages[4]))
        #expect(links(added) == links(fresh))
        #expect(anchors(added) == ["charlie -> bravo#intro", "charlie -> delta#end", "delta -> charlie#method"])
        #expect(anchors(added) == anchors(fresh))
        #expect(added.output.bodies.html == fresh.output.bodies.html)
        #expect(added.output.cache.map { Set($0.keys) } == Set(all.map { "tutorials/\($0).md" }))

        // Bravo goes: charlie, whose anchor named it, is rendered again and says so; its rendering leaves the cache.
        let deleted = run(["alpha", "charlie", "delta", "echo", "foxtrot"], loaded, last: added.output)
        #expect(deleted.diagnostics.count == 1 && deleted.diagnostics[0].hasPrefix("content/tutorials/charlie.md:6:"), "\(deleted.diagnostics)")
        #expect(deleted.output.cache?["tutorials/bravo.md"] == nil)
        #expect(deleted.pages[2].isSameValue(as: added.pages[3]))
        #expect(links(deleted) == ["charlie -> delta", "delta -> charlie", "echo -> delta", "foxtrot -> delta"])

        // The same page with another body (as after the preview's quick rebuild) is rendered again.
        var edited = loaded
        let source = try #require(loaded.bodies["delta"]?.source)
        edited.bodies["delta"] = PageBody(source: source, text: "Back to [alpha](alpha.md).\n\n## End\n")
        let changed = run(["alpha", "charlie", "delta", "echo", "foxtrot"], edited, last: deleted.output)
        #expect(!changed.pages[2].isSameValue(as: deleted.pages[2]))
        #expect(changed.pages[0].isSameValue(as: deleted.pages[0]))
        #expect(links(changed).contains("delta -> alpha") && !links(changed).contains("delta -> charlie"))

        // Other options render every body again.
        let options = run(["alpha", "charlie", "delta", "echo", "foxtrot"], edited, last: changed.output, stage: MarkdownStage(allowsRawHTML: true, themeIDs: []))
        #expect(!options.pages.indices.contains { options.pages[$0].isSameValue(as: changed.pages[$0]) })
    }

    @Test("A page given again as the same value, whose title the last run left alone, is not read again; a formula in a title is rendered again on every run")
    func titlesCarried() throws {
        let site = try TestSite([
            "content/tutorials/alpha.md": "---\ntitle: Plain words\n---\nText.\n",
            "content/tutorials/bravo.md": "---\ntitle: Energy $E = mc^2$\n---\nText.\n",
        ])
        defer { site.cleanUp() }
        let loaded = load(site, ["alpha", "bravo"])
        let first = run(["alpha", "bravo"], loaded, last: nil)
        let made = try #require(first.output.run)
        #expect(made.untouchedTitles == [true, false])
        #expect(first.pages[0].titleMath == nil && first.pages[1].titleMath != nil)

        let again = run(["alpha", "bravo"], loaded, last: first.output)
        #expect(again.output.run?.untouchedTitles == [true, false])
        #expect(again.pages[1].titleMath?.html == first.pages[1].titleMath?.html)

        // Told that bravo's title was left alone last time, the run does not read it: the record, not the title, decides.
        let misled = BodyCache.Run(given: made.given, pages: made.pages, results: made.results, options: made.options, serials: made.serials, untouchedTitles: [true, true])
        var pages = made.given
        MarkdownStage(allowsRawHTML: false, themeIDs: []).renderTitles(&pages, last: (misled, [0, 1]), sink: DiagnosticSink())
        #expect(pages[1].titleMath == nil)
        // Without it, or with other options, the title is read.
        var read = made.given
        MarkdownStage(allowsRawHTML: true, themeIDs: []).renderTitles(&read, last: (misled, [0, 1]), sink: DiagnosticSink())
        #expect(read[1].titleMath != nil)
    }
}
