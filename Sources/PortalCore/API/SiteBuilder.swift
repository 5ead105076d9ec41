import Foundation

/// Builds the portal once, as `portal build` and `portal check` do: a pipeline of named stages,
/// each taking values and returning values. (The preview server's rebuilds are `PreviewBuild`'s.)
///
///     scan → read front-matter → index → check templates → render Markdown
///     → cross-reference → render pages → write indexes → write site
public struct SiteBuilder: Sendable {
    /// The inputs.
    public let options: BuildOptions
    /// Sees the context of every template render (tests compare them with the documented shapes).
    var contextObserver: (@Sendable (_ template: String, _ context: TemplateValue) -> Void)?

    /// Creates a builder for `options`.
    public init(options: BuildOptions) {
        self.options = options
    }

    /// Runs every stage; `log` receives one line per stage (`[3/9] Index pages (152 pages, 40 files) …`).
    public func run(log: @escaping (String) -> Void = { _ in }) -> BuildReport {
        var stages = StageLog(log)
        let sink = DiagnosticSink()
        if let missing = options.missingFolder() { sink.add(missing); return stages.report(sink) }
        if let swap = options.unrecoverableSwap() { sink.add(swap) }
        let (contentDisplay, templatesDisplay) = (options.display(options.contentDirectory), options.display(options.templatesDirectory))
        let gitDates = GitDates.Pending(contentRoot: options.contentDirectory)
        if options.outputDirectory != nil { ReuseInputs.startReadingBuild() }

        var scanner = ContentScanner(root: options.contentDirectory, displayRoot: contentDisplay)
        let inventory = scanner.scan(into: sink)
        stages.step(1, "Scan content (\(inventory.files.count) pages, \(inventory.staticFiles.count) files)")

        var loader = PageLoader(contentRoot: options.contentDirectory, displayRoot: contentDisplay)
        loader.contentFiles = Set(inventory.staticFiles)
        let loaded = loader.load(inventory.files, into: sink)
        var (content, bodies) = FrontMatterStage(options: options, contentDisplay: contentDisplay, warnsWithoutBaseURL: options.outputDirectory != nil)
            .run(inventory: inventory, loaded: consume loaded, gitDates: gitDates.wait(), sink: sink)
        stages.step(2, "Read front-matter (\(content.readCount) pages, \(content.draftCount) drafts left out)")

        var index = SiteIndex(pages: content.pages, staticFiles: content.staticFiles, draftSources: content.draftSources, sink: sink)
        stages.step(3, "Index pages (\(content.pages.count) pages, \(content.staticFiles.count) files)")

        let templates = TemplateSet.load(from: options.templatesDirectory, displayRoot: templatesDisplay, needed: TemplateSet.needed(by: content.pages), sink: sink)
        stages.step(4, "Check templates (\(templates.pageTemplates.count) templates)")

        var markdown = MarkdownStage(settings: content.settings, themeIDs: templates.elementIDs)
            .run(pages: &content.pages, bodies: consume bodies, index: index, sink: sink)
        stages.step(5, "Render Markdown (\(content.pages.count) pages, \(markdown.links.references.count) links)")

        let (graph, navigation, order, _) = CrossReferenceStage.run(pages: &content.pages, index: &index, links: markdown.links, settings: content.settings, sink: sink)
        markdown.bodies.appendGenerated(count: content.pages.count - markdown.bodies.html.count)
        stages.step(6, "Cross-reference (\(graph.backlinks.values.reduce(0) { $0 + $1.count }) backlinks, \(graph.tags.count) tags)")

        let plan = OutputPlan(pages: content.pages, contentFiles: content.staticFiles, themeAssets: templates.assets,
                              readerFiles: ReaderFilesStage.paths(pages: content.pages, settings: content.settings),
                              archives: Array(graph.skillArchives.values),
                              contentDisplay: contentDisplay, templatesDisplay: templatesDisplay, sink: sink)
        if options.strict { sink.promoteWarnings() }
        guard !sink.hasErrors else { stages.skipWriting(); return stages.report(sink) }
        let prepared = OutputReuse.prepare(options: options, settings: content.settings, note: { [stages] in stages.note($0) }, sink: sink)
        let (writer, reuse) = (prepared?.0, prepared?.1)
        guard writer != nil || options.outputDirectory == nil else { return stages.report(sink) }
        // No diagnostic needs the files' lines any more, which rendering would otherwise hold on to.
        for position in content.pages.indices { content.pages[position].source = nil }
        let pages = content.pages
        let contexts = PageContextBuilder(pages: pages, graph: graph, settings: content.settings, navigation: navigation, order: order)
        let readerFiles = ReaderFilesStage(pages: pages, graph: graph, settings: content.settings, templates: templates, contexts: contexts)
        contextObserver?(templates.pageTemplates.contains("search") ? "search" : "page", .record(readerFiles.searchPageContext))

        // The feed carries its entries' bodies, which rendering lets go of.
        let feedBodies = readerFiles.feedBodies(from: markdown.bodies.html)
        // The twins and llms-full.txt go first, so that their bodies are let go of before rendering
        // fills the fragment cache and the refs, and the freed memory is handed back.
        var written = writer.map { readerFiles.streamTwins(markdown.bodies.takeTwins(), to: $0, sink: sink) } ?? 0
        FreedMemory.release()
        var renderer = PageRenderStage(templates: templates, contexts: contexts, writer: writer)
        renderer.contextObserver = contextObserver
        renderer.reuse = reuse
        written += renderer.run(pages: pages, bodies: markdown.bodies.takeHTML(), handsBackMemory: true, sink: sink).written
        let kept = reuse?.keptPages ?? []
        written -= kept.count
        // No later stage shows a listing: the refs (one per page and folder depth it is listed at,
        // more of them since long listings have pages at two more depths) are let go of.
        contexts.forgetRefs()
        FreedMemory.release()
        stages.step(7, writer == nil ? "Render pages (\(pages.count))"
                    : "Render pages (\(pages.count - kept.count), \(kept.count) kept as they were, with their Markdown twins and llms-full.txt)")

        guard let writer else {
            stages.step(8, "Write indexes (skipped: check only)")
            stages.step(9, "Write site (skipped: check only)")
            return stages.report(sink, pages: pages.count, rendered: pages.map(\.outputPath))
        }
        let files = readerFiles.files(feedBodies: feedBodies)
        written += writer.write(files.write, sink: sink)
        stages.step(8, "Write indexes (\(files.write.count) files: llms.txt, catalog, feed, search)")

        written += plan.copy(contentRoot: options.contentDirectory, templatesRoot: options.templatesDirectory, writer: writer, sink: sink)
        let keep = plan.outputPaths.union(files.all)
        writer.finish(keeping: keep, display: options.display(writer.output), sink: sink)
        reuse?.finish(keeping: keep, sink: sink)
        stages.step(9, "Write site (\(written) files)")
        return stages.report(sink, pages: pages.count, files: written, rendered: pages.map(\.outputPath).filter { !kept.contains($0) })
    }
}
