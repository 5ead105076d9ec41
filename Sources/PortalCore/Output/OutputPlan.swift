import Foundation

/// Every file the site will hold, checked for two sources claiming one path (also by letter case).
struct OutputPlan {
    let contentFiles: [String]
    let themeAssets: [String]
    /// Every path the site will hold, relative to its root.
    let outputPaths: Set<String>
    /// How the content and templates folders are shown in diagnostics.
    private let contentDisplay: String
    private let templatesDisplay: String

    init(pages: [Page], contentFiles: [String], themeAssets: [String], readerFiles: [String], contentDisplay: String, templatesDisplay: String, sink: DiagnosticSink) {
        self.contentFiles = contentFiles
        self.themeAssets = themeAssets
        self.contentDisplay = contentDisplay
        self.templatesDisplay = templatesDisplay
        var claimed: [String: String] = [:]
        func claim(_ path: String, by owner: String) {
            let key = path.lowercased()
            if let first = claimed[key] {
                sink.add(Diagnostic(.error, "output.collision", "'\(owner)' and '\(first)' would both be written to \(path)", file: owner,
                                    fix: "rename one of them"))
            } else {
                claimed[key] = owner
            }
        }
        for page in pages { claim(page.outputPath, by: page.source?.displayPath ?? "the generated \(page.kind.rawValue) page '\(page.id)'") }
        for file in readerFiles { claim(file, by: "the generated \(file)") }
        for file in contentFiles { claim(SitePath.outputPath(ofContentFile: file), by: "\(contentDisplay)/\(file)") }
        for asset in themeAssets { claim("\(TemplateSet.assetsFolder)/\(asset)", by: "\(templatesDisplay)/\(TemplateSet.assetsFolder)/\(asset)") }
        outputPaths = Set(pages.map(\.outputPath) + contentFiles.map(SitePath.outputPath(ofContentFile:)) + themeAssets.map { "\(TemplateSet.assetsFolder)/\($0)" })
    }

    /// Copies content files and theme assets into the staging folder; returns how many were copied.
    func copy(contentRoot: URL, templatesRoot: URL, writer: SiteWriter, sink: DiagnosticSink) -> Int {
        var unused: [String: FileStamp]?
        return copy(contentRoot: contentRoot, templatesRoot: templatesRoot, writer: writer, copied: &unused, sink: sink)
    }

    /// Copies content files and theme assets; with `copied` (the preview's stamps of what it copied
    /// last, by output path), only files whose stamp changed since are copied, and `copied` is
    /// brought up to date.
    func copy(contentRoot: URL, templatesRoot: URL, writer: SiteWriter, copied: inout [String: FileStamp]?, sink: DiagnosticSink) -> Int {
        let assets = TemplateSet.assetsFolder
        var jobs = contentFiles.map { (contentRoot.appendingPathComponent($0), SitePath.outputPath(ofContentFile: $0), "\(contentDisplay)/\($0)") }
            + themeAssets.map { (templatesRoot.appendingPathComponent(assets).appendingPathComponent($0), "\(assets)/\($0)", "\(templatesDisplay)/\(assets)/\($0)") }
        if let previous = copied {
            let all = jobs
            let stamps = all.map { FileStamp(path: $0.0.path) }
            jobs = zip(all, stamps).filter { job, stamp in stamp == nil || previous[job.1] != stamp }.map(\.0)
            copied = Dictionary(zip(all.map(\.1), stamps).compactMap { path, stamp in stamp.map { (path, $0) } },
                                uniquingKeysWith: { first, _ in first })
        }
        let failures = ParallelMap.map(jobs) { job -> Diagnostic? in
            do {
                try writer.copy(job.0, to: job.1)
                return nil
            } catch {
                return Diagnostic(.error, "output.write-failed", "cannot copy \(job.1): \(error.localizedDescription)", file: job.2)
            }
        }.compactMap { $0 }
        sink.add(contentsOf: failures)
        return jobs.count - failures.count
    }
}
