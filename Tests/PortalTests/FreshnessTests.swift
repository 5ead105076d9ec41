import Foundation
import PortalCore
import PortalTestSupport
import Testing

/// Runs git in `directory` with fixed dates and identity.
private func git(_ arguments: [String], in directory: URL, date: String = "2025-03-04T12:00:00Z") throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"] + arguments
    process.currentDirectoryURL = directory
    process.environment = ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "git \(arguments.joined(separator: " "))")
}

@Suite("Freshness")
struct FreshnessTests {
    @Test("Pages show their last git change; review_every warns when it is past, and --strict makes that an error")
    func gitDatesAndReviews() throws {
        var theme = TestSite.minimalTheme
        theme["tutorial.mustache"] = "<p class=\"modified\">{{page.modified}} {{page.modified_display}}</p>"
        let site = try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            TestSite.tutorial("old", extra: "review_every: 12 months"),
            TestSite.tutorial("fresh", extra: "review_every: 12 months")
        ), theme: theme)
        defer { site.cleanUp() }
        try git(["init", "-q"], in: site.root)
        try git(["add", "."], in: site.root)
        try git(["commit", "-q", "-m", "first"], in: site.root, date: "2025-03-04T12:00:00Z")
        try site.write(TestSite.tutorial("fresh", extra: "review_every: 12 months", body: "Edited.\n").1, to: "content/tutorials/fresh.md")
        try git(["commit", "-q", "-am", "second"], in: site.root, date: "2026-10-01T12:00:00Z")

        var options = site.options()
        options.today = "2027-08-01"
        let report = SiteBuilder(options: options).run()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(try site.read("tutorials/old/index.html").contains("<p class=\"modified\">2025-03-04 4 March 2025</p>"))
        #expect(try site.read("tutorials/fresh/index.html").contains("2026-10-01"))
        let due = try #require(report.only("freshness.review-due"), "\(report.summary)")
        #expect(due.file == "content/tutorials/old.md")
        #expect(due.message == "this page last changed on 2026-06-01 and is due for review every 12 months (since 2027-06-01)")
        #expect((due.line, due.column) == (9, 1))
        options.strict = true
        #expect(SiteBuilder(options: options).run().only("freshness.review-due")?.severity == .error)
    }

    @Test("Outside a git checkout there are simply no git dates")
    func noGit() throws {
        var theme = TestSite.minimalTheme
        theme["tutorial.mustache"] = "<p class=\"modified\">{{page.modified}}</p>"
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("one")), theme: theme)
        defer { site.cleanUp() }
        #expect(site.build().diagnostics.isEmpty)
        #expect(try site.read("tutorials/one/index.html").contains("<p class=\"modified\"></p>"))
    }

    @Test("A bad interval is a front-matter error")
    func badInterval() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("one", extra: "review_every: often")))
        defer { site.cleanUp() }
        #expect(site.build().only("frontmatter.bad-value")?.message == "'review_every' must be an interval such as '12 months', '2 years' or '6 weeks'")
    }
}
