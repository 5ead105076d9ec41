import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

@Suite("Cached bodies' links when pages move")
struct BodyCacheMovesTests {
    /// Loads the tutorials `names` of `site` (in that order, as the scan lists them) and renders their
    /// bodies, with the last run's cache and run when given.
    private func render(_ names: [String], in site: TestSite, last: MarkdownOutput?) -> (output: MarkdownOutput, pages: [Page], diagnostics: [Diagnostic]) {
        let files = names.map { ContentFile(relativePath: "tutorials/\($0).md", kind: .tutorial, id: $0, isBundle: false) }
        let loaded = PageLoader(contentRoot: site.root.appendingPathComponent("content"), displayRoot: "content").load(files, into: DiagnosticSink())
        var pages = loaded.pages
        let index = SiteIndex(pages: pages, staticFiles: [], draftSources: [], sink: DiagnosticSink())
        let sink = DiagnosticSink()
        let output = MarkdownStage(allowsRawHTML: false, themeIDs: [])
            .run(pages: &pages, bodies: loaded.bodies, index: index, cache: last?.cache ?? [:], last: last?.run, sink: sink)
        return (output, pages, sink.sorted)
    }

    private func links(_ output: MarkdownOutput, _ pages: [Page]) -> [String] {
        output.links.references.map { "\(pages[$0.from].id) -> \(pages[$0.to].id)" }.sorted()
    }

    @Test("A page added before the pages a cached body links to moves its links with them; a page deleted makes the bodies linking to it render again")
    func linksFollowTheirPages() throws {
        let site = try TestSite([
            "content/tutorials/bravo.md": "---\ntitle: Bravo\n---\n## Intro\n\nSee [charlie](charlie.md).\n",
            "content/tutorials/charlie.md": "---\ntitle: Charlie\n---\nRead [the intro](bravo.md#intro) and [delta](delta.md).\n",
            "content/tutorials/delta.md": "---\ntitle: Delta\n---\nBack to [bravo](bravo.md).\n",
            "content/tutorials/alpha.md": "---\ntitle: Alpha\n---\nA new page before the others.\n",
        ])
        defer { site.cleanUp() }
        let first = render(["bravo", "charlie", "delta"], in: site, last: nil)
        #expect(first.diagnostics.isEmpty, "\(first.diagnostics)")

        // Alpha comes first: every other page moves by one, and every body is taken from the cache.
        let added = render(["alpha", "bravo", "charlie", "delta"], in: site, last: first.output)
        let fresh = render(["alpha", "bravo", "charlie", "delta"], in: site, last: nil)
        #expect(added.diagnostics.isEmpty, "\(added.diagnostics)")
        #expect(links(added.output, added.pages) == ["bravo -> charlie", "charlie -> bravo", "charlie -> delta", "delta -> bravo"])
        #expect(links(added.output, added.pages) == links(fresh.output, fresh.pages))
        // The pages read again keep their serials (bravo 0, charlie 1, delta 2), and alpha takes the next.
        let charlie = try #require(added.output.run?.results[2])
        #expect(added.output.run?.serials.numbers == [3, 0, 1, 2])
        #expect(charlie.links == [0, 2] && charlie.anchorChecks.map(\.target) == [0])
        #expect(added.output.links.references.filter { $0.from == 2 }.map(\.to) == [1, 3])
        // The bodies were not rendered again: the cached renderings are the ones made first.
        #expect(added.output.bodies.html == [fresh.output.bodies.html[0]] + first.output.bodies.html)

        // Bravo goes: the bodies that link to it are rendered again, and their links are reported.
        let deleted = render(["alpha", "charlie", "delta"], in: site, last: added.output)
        #expect(deleted.diagnostics.filter { $0.severity == .error }.map(\.file) == ["content/tutorials/charlie.md", "content/tutorials/delta.md"])
        #expect(links(deleted.output, deleted.pages) == ["charlie -> delta"])
    }
}
