import Foundation
import PortalCore
import PortalTestSupport
import Testing

/// Found by the randomized rebuilds (`RandomEditTests`): a body whose rendering the preview kept
/// kept the lines of its problems when its front-matter gained or lost a line above it.
@Suite("Positions in bodies kept between rebuilds")
struct KeptBodyPositionTests {
    @Test("A link into a heading that is gone is reported at its line after its page's front-matter lost a line")
    func anchorAfterShorterFrontMatter() throws {
        let preview = PreviewedSite(try TestSite([
            "content/pages/a.md": "---\ntitle: A\ntags: [one]\n---\n\nSee [b](b.md#part).\n",
            "content/pages/b.md": "---\ntitle: B\n---\n\nIntro.\n\n## Part\n\nText.\n",
        ]))
        defer { preview.site.cleanUp() }
        #expect(!preview.first.hasErrors, "\(preview.first.summary)")
        #expect(!(try preview.save("---\ntitle: A\n---\n\nSee [b](b.md#part).\n", as: "content/pages/a.md")).hasErrors)
        let report = try preview.save("---\ntitle: B\n---\n\nIntro.\n\n## Other\n\nText.\n", as: "content/pages/b.md")
        let fresh = preview.freshBuild().report
        let error = try #require(fresh.only("link.broken-anchor"), "\(fresh.summary)")
        #expect((error.file, error.line, error.column) == ("content/pages/a.md", 5, 13))
        #expect(report.diagnostics == fresh.diagnostics, "\(report.summary)")
    }
}
