import Foundation
import PortalCore
import PortalTestSupport

/// An imported lesson written by the import's own writer into a small site (one breakout,
/// `agentic-ai`, given as `--area`, and `--level beginner`), and built with the shipped theme.
///
/// The fixtures are not git work trees, so each part's date is a placeholder and the series is a
/// draft: the site is built with drafts, as `portal serve` shows it while the editor finishes it.
struct ImportedSite {
    let site: TestSite
    let report: BuildReport
    let plan: ImportPlan

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    init(_ lesson: ImportedLesson, series: String, source: ImportSource, format: ImportFormat = .carpentriesStyles) throws {
        let site = try TestSite([String: String](files: TestSite.breakout("agentic-ai")), theme: [:])
        self.site = site
        let content = site.root.appendingPathComponent("content")
        var options = ImportWriteOptions(series: series, format: format, today: "2026-06-01")
        options.areas = ["agentic-ai"]
        options.level = "beginner"
        plan = try ImportWriter.plan(lesson, source: source, options: options, contentDirectory: content)
        try ImportWriter.write(plan, contentDirectory: content, source: source)
        var build = site.options(drafts: true)
        build.templatesDirectory = Self.packageRoot.appendingPathComponent("templates")
        report = SiteBuilder(options: build).run()
    }

    init(_ lesson: ImportedLesson, series: String, from source: ImportSource) throws {
        try self.init(lesson, series: series, source: source)
    }

    /// The text of a built page.
    func page(_ path: String) throws -> String {
        try site.read(path)
    }
}

extension ImportedLesson {
    /// The Markdown of the episode with `slug`.
    func markdown(_ slug: String) -> String {
        guard let episode = episodes.first(where: { $0.slug == slug }), case .markdown(let text) = episode.content else { return "" }
        return text
    }

    /// The notes of one construct.
    func notes(_ construct: String) -> [ImportNote] {
        notes.filter { $0.construct == construct }
    }
}
