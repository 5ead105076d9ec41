import Foundation
import PortalCore
import PortalTestSupport
import Testing

@Suite("The resources report")
struct ResourcesReportTests {
    private func site() throws -> TestSite {
        let (emptyPath, emptyText) = TestSite.resource("bare", type: "software", extra: "review_every: 12 months\ndate: 2026-01-10")
        return try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            TestSite.resource("unnamed", type: "paper", extra: "review_every: 6 months"),
            TestSite.resource("preprint", type: "paper", extra: "arxiv: 1902.08570\nreview_every: 2 years"),
            TestSite.resource("published", type: "paper", extra: "arxiv: 1902.08570v2\ndoi: 10.1103/PhysRevD.101.056019"),
            TestSite.resource("stale", type: "dataset", extra: "zenodo: \"6619768\"\ndate: 2024-03-01\nreview_every: 12 months"),
            TestSite.resource("school", type: "training", extra: "review_every: 12 months"),
            (emptyPath, emptyText.replacingOccurrences(of: "About bare.\n", with: "\n"))))
    }

    @Test("Each list holds the resources it names, in file order, with what put them there")
    func lists() throws {
        let site = try site()
        defer { site.cleanUp() }
        var options = site.options(output: nil)
        options.today = "2026-12-05"
        let (report, resources) = SiteBuilder(options: options).resourcesReport()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(resources.resourceCount == 6)
        let lists = Dictionary(uniqueKeysWithValues: resources.sections.map { ($0.title, $0.entries.map(\.file)) })
        #expect(lists["Without an identifier"] == ["content/resources/bare.md", "content/resources/unnamed.md"], "a training resource is not expected to have one")
        #expect(lists["Without a description"] == ["content/resources/bare.md"])
        #expect(lists["Preprints without a journal DOI"] == ["content/resources/preprint.md"])
        #expect(lists["Due for review"] == ["content/resources/stale.md"])
        #expect(lists["Never reviewed on a schedule"] == ["content/resources/published.md"])
        let due = try #require(resources.sections.first { $0.title == "Due for review" }?.entries.first)
        #expect(due.detail == "last changed 2024-03-01, due every 12 months since 2025-03-01" && due.title == "Resource stale")
    }

    @Test("portal check --resources-report prints the lists after the diagnostics and fails only on errors")
    func command() throws {
        let site = try site()
        defer { site.cleanUp() }
        let result = try PortalExecutable.run(["check", "--resources-report"], in: site.root)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("""
            content/resources/stale.md:9:1: warning: this page last changed on 2024-03-01 and is due for review every 12 months (since 2025-03-01)
            """))
        #expect(result.output.contains("""
            Resources report: 6 resources
            INSPIRE: no lookup saved; 'portal inspire' asks INSPIRE-HEP about the papers and saves what it says

            Without an identifier (2)
              papers, datasets, benchmarks and software with no arxiv, doi, inspire, zenodo, isbn or software_heritage: add the one the work has, so it can be cited and found by it
              - content/resources/bare.md: Resource bare (software)
              - content/resources/unnamed.md: Resource unnamed (paper)

            Without a description (1)
            """), "\(result.output)")
        #expect(result.output.hasSuffix("Never reviewed on a schedule (1)\n  resources without review_every: set one ('12 months') so that the portal reminds you\n  - content/resources/published.md: Resource published\n"))
        try site.write("---\ntitle: Broken\n---\n", to: "content/resources/broken.md")
        let failed = try PortalExecutable.run(["check", "--resources-report"], in: site.root)
        #expect(failed.status == 1 && failed.output.contains("content/resources/broken.md:1:1: error: missing required field"))
        #expect(failed.output.contains("Resources report: 7 resources") && failed.output.contains("  - content/resources/broken.md: Broken\n"),
                "the report still lists what could be read of the broken file")
    }
}
