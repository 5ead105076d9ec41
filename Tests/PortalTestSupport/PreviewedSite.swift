import Foundation
import PortalCore

/// A test site with a preview session over it, saved to and rebuilt as `portal serve` does.
public struct PreviewedSite {
    /// The site's files.
    public let site: TestSite
    /// The session, writing into `_preview`.
    public let session: PreviewSession
    /// The first build's report.
    public let first: BuildReport

    /// Starts a preview of `site`, with its first build.
    public init(_ site: TestSite) {
        self.site = site
        session = PreviewSession(options: Self.options(site, output: "_preview"))
        first = session.rebuild()
        session.finishDeferredWork()
    }

    /// The options of `portal serve` (drafts included, the server's address, a fixed today) into `output`.
    public static func options(_ site: TestSite, output: String) -> BuildOptions {
        var options = site.options(output: output, drafts: true)
        options.baseURL = "http://127.0.0.1:8000/"
        options.today = "2026-11-29"
        return options
    }

    /// The absolute path of the project file `path`, as the watcher reports it.
    public func absolute(_ path: String) -> String { site.root.appendingPathComponent(path).path }

    /// Rebuilds after the files at the project paths `changed` changed (nil: unknown), with browsers
    /// showing the pages at the output paths `viewing` (nil: every changed page written first), then
    /// does the work the server does once browsers are told to reload; `log` gets the rebuild's lines.
    public func rebuild(changed: Set<String>?, viewing: Set<String>? = nil, log: @escaping (String) -> Void = { _ in }) -> BuildReport {
        let report = session.rebuild(changed: changed.map { Set($0.map(absolute)) }, viewing: viewing, log: log)
        session.writeDeferredPages()
        session.finishDeferredWork()
        return report
    }

    /// Saves `text` as the project file `path` and rebuilds.
    public func save(_ text: String, as path: String) throws -> BuildReport {
        try site.write(text, to: path)
        return rebuild(changed: [path])
    }

    /// A fresh build of the same sources into `_fresh`, and how the served site differs from it.
    public func freshBuild() -> (report: BuildReport, comparison: SiteComparison) {
        SiteComparison.withFreshBuild(Self.options(site, output: "_fresh"), served: site.root.appendingPathComponent("_preview"))
    }
}
