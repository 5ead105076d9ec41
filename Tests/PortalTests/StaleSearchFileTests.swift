import Foundation
import PortalCore
import PortalTestSupport
import Testing

/// Found by the randomized rebuilds (`RandomEditTests`): the preview kept the search files of
/// words no page has any more, which a fresh build does not write.
@Suite("Search files of words that are gone")
struct StaleSearchFileTests {
    @Test("A body edit that takes away the only word of a shard removes the shard, and a shard it made goes with its word")
    func quickRebuildShards() throws {
        let preview = PreviewedSite(try TestSite(["content/pages/about.md": "---\ntitle: About\n---\n\nAlpha zqxword.\n"]))
        defer { preview.site.cleanUp() }
        #expect(!preview.first.hasErrors, "\(preview.first.summary)")
        #expect(preview.site.exists("search/terms-zq.js", output: "_preview"))
        #expect(try preview.save("---\ntitle: About\n---\n\nAlpha.\n", as: "content/pages/about.md").renderedPages == ["about/index.html"])
        let comparison = preview.freshBuild().comparison
        #expect(comparison.isEmpty, "\(comparison)")
        // A word new to the site, made by the quick path, then taken away by a full rebuild (a new title).
        _ = try preview.save("---\ntitle: About\n---\n\nAlpha qqxword.\n", as: "content/pages/about.md")
        #expect(preview.site.exists("search/terms-qq.js", output: "_preview"))
        _ = try preview.save("---\ntitle: About us\n---\n\nAlpha.\n", as: "content/pages/about.md")
        #expect(!preview.site.exists("search/terms-qq.js", output: "_preview"))
        #expect(!preview.site.exists("search/vocab-q.js", output: "_preview"))
    }

    @Test("A new title that takes the last word of a letter away takes its vocabulary away, in meta.js and on disk")
    func vocabularyOfRetitledSection() throws {
        let preview = PreviewedSite(try TestSite([
            "content/starter-kit/_index.md": "---\ntitle: Starter kit\nsummary: Where to begin.\n---\n\nHow.\n",
            "content/starter-kit/one.md": "---\ntitle: One\nsummary: First.\nstep: 1\n---\n\nBody.\n",
        ]))
        defer { preview.site.cleanUp() }
        #expect(!preview.first.hasErrors, "\(preview.first.summary)")
        #expect(preview.site.exists("search/vocab-k.js", output: "_preview"))
        let report = try preview.save("---\ntitle: Agents for analysis\nsummary: Where to begin.\n---\n\nHow.\n", as: "content/starter-kit/_index.md")
        #expect(!report.hasErrors, "\(report.summary)")
        let comparison = preview.freshBuild().comparison
        #expect(comparison.isEmpty, "\(comparison)")
        #expect(!((try? preview.site.read("search/meta.js", output: "_preview")) ?? "").contains("\"k\""))
    }
}
