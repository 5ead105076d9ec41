import Foundation

/// The preview server's builds: the first is a full build (through a staging folder, like
/// `portal build`); each later one reads, renders and writes only what changed since, in place,
/// and only when the site has no errors, so a broken edit leaves the last good site being served.
///
/// This type owns what one build keeps for the next: decoded files, rendered bodies, each page's
/// render key and dependencies, the cards, the Markdown twins and the search index. Each stage is
/// given only the part it uses. Not thread-safe: `PreviewSession` runs one rebuild at a time.
final class PreviewBuild {
    /// Everything the last successful build knew, for the quick path of a body-only edit.
    /// (The pages and the graph are the contexts'.)
    struct Snapshot {
        var index: SiteIndex
        var contexts: PageContextBuilder
        var templates: TemplateSet
        var bodies: RenderedBodies
        var writer: SiteWriter
        var diagnostics: [Diagnostic]
    }

    let options: BuildOptions
    private(set) var inventory: ContentInventory?
    private var scanDiagnostics: [Diagnostic] = []
    var files = LoadedFiles()
    /// The last rendering of each body, by source path.
    var renderings: [String: BodyCache.Entry] = [:]
    /// Stage 5 of the last full rebuild, which the next one carries forward what did not change from.
    var markdownRun: BodyCache.Run?
    /// Stage 2's last run, made with `gitDates`, which a session reads once.
    private var frontMatterRun: FrontMatterStage.Run?
    /// Stage 6 of the last full rebuild: each page's resolved front-matter references and the title order.
    var crossReferenceRun: CrossReferenceStage.Run?
    private var gitDates: [String: String]?
    private var templates: (set: TemplateSet, needed: Set<String>, diagnostics: [Diagnostic])?
    /// Each page's ref inputs and card hash in the last build, by its position then.
    var refInputs: [Int] = []
    var cardHashes: [Int] = []
    /// The cards the last render kept, and the templates they were rendered with: reused for the
    /// pages whose refs are unchanged while the templates are.
    var fragments: (cache: FragmentCache, templates: [String: Int])?
    /// The last build's contexts, whose refs a rebuild reuses where a page's ref inputs are unchanged.
    var contexts: PageContextBuilder?
    /// Each page's render key and what its context showed when it was last written, by identity.
    var renderRecords = RenderRecords()
    /// What the last full rebuild made those keys from, which a card edit updates.
    var keys: RenderKeys?
    /// Each page's identity, by output path (see `PageContextBuilder.identities`), and the last one given.
    private var pageIdentities: [String: Int] = [:]
    private var nextIdentity = 0
    var readerFiles = ReaderFilesCache()
    /// Every path the last build wrote, for deleting what a rebuild no longer writes; after a
    /// rebuild in place, once `settleWritten` has taken in `unsettledWritten`.
    var written: Set<String> = []
    /// What the last rebuild in place removed and planned, which `written` takes in after browsers
    /// have been told to reload: the two are sets of every path, made again by each rebuild.
    var unsettledWritten: (dropped: Set<String>, planned: Set<String>)?
    /// Theme assets and content files as last copied, by output path.
    private var copied: [String: FileStamp] = [:]
    var snapshot: Snapshot?
    /// Whether `llms-full.txt` waits to be rewritten after a quick rebuild.
    var llmsFullIsStale = false
    /// The pages of the last rebuild in place that no browser showed, left to render and write
    /// once browsers have been told to reload (`writePendingPages`).
    var pendingPages: PendingPages?
    /// Stage 8 of the last rebuild in place, left until browsers have been told to reload
    /// (`writePendingReaderFiles`): the page a browser reloads shows no reader file.
    var pendingReaderFiles: PendingReaderFiles?
    /// What the last full rebuild planned (`OutputPlan.outputPaths`): every other path of `written`
    /// is a reader file, removed once stage 8 no longer makes it.
    var plannedPaths: Set<String> = []
    /// Whether the output folder has been written at least once.
    private(set) var hasWritten = false
    /// What a rebuild replaced of the last one's values (its render keys, contexts, snapshot and
    /// cached renderings), freed after browsers have been told to reload (`finishDeferredWork`)
    /// rather than before: freeing every page's lists one by one is work no reloaded page waits for.
    var retired: [Any] = []

    /// A preview of `options`, whose `outputDirectory` must be set.
    init(options: BuildOptions) {
        precondition(options.outputDirectory != nil, "a preview needs an output folder")
        self.options = options
    }

    /// Brings the output up to date. `changed` holds the absolute paths of files created, edited or
    /// deleted since the last rebuild; nil means unknown, so every file's stamp is compared.
    func rebuild(changed: Set<String>?, viewing: Set<String>? = nil, log: @escaping (String) -> Void,
                 progress: (@Sendable (BuildProgress) -> Void)? = nil) -> BuildReport {
        let meter = progress.map { ProgressMeter(delay: options.progressDelay, report: $0) }
        var stages = StageLog(log, meter: meter)
        // Every path below starts from the pages and reader files of the last rebuild, written.
        let pagesFailure = writePendingPages()
        let deferredFailure = writePendingReaderFiles() ?? pagesFailure
        retired.removeAll()
        let changed = hasWritten ? changed : nil
        if let changed, let quick = quickRebuild(changed: changed, stages: stages) {
            stages.note("Quick rebuild: \(quick.renderedPages.count) page(s) changed, body only")
            return quick
        }
        if let changed, let card = cardRebuild(changed: changed, stages: stages) {
            stages.note("Quick rebuild: a title or summary changed, \(card.renderedPages.count) page(s) rendered")
            return card
        }
        retire(snapshot)
        snapshot = nil
        let sink = DiagnosticSink()
        if let deferredFailure { sink.add(deferredFailure) }
        if let missing = options.missingFolder() { sink.add(missing); return stages.report(sink) }
        if !hasWritten, let swap = options.unrecoverableSwap() { sink.add(swap) }
        let (contentDisplay, templatesDisplay) = (options.display(options.contentDirectory), options.display(options.templatesDirectory))
        let pendingGitDates = gitDates == nil ? GitDates.Pending(contentRoot: options.contentDirectory) : nil
        let changes = changed.map { ChangeSet($0, contentRoot: options.contentDirectory, templatesRoot: options.templatesDirectory) }

        let inventory = scan(changes: changes, contentDisplay: contentDisplay, sink: sink)
        stages.step(1, "Scan content (\(inventory.files.count) pages, \(inventory.staticFiles.count) files)")

        var loader = PageLoader(contentRoot: options.contentDirectory, displayRoot: contentDisplay)
        loader.contentFiles = Set(inventory.staticFiles)
        let loaded = files.load(inventory.files, with: loader, changes: changes, sink: sink)
        let dates = gitDates ?? pendingGitDates?.wait() ?? [:]
        gitDates = dates
        var (content, bodies, frontMatterRun) = FrontMatterStage(options: options, contentDisplay: contentDisplay, warnsWithoutBaseURL: false)
            .run(inventory: inventory, loaded: loaded, gitDates: dates, last: self.frontMatterRun, sink: sink)
        retire(self.frontMatterRun)
        self.frontMatterRun = frontMatterRun
        stages.step(2, "Read front-matter (\(content.readCount) pages, \(content.draftCount) drafts left out)")

        var index = SiteIndex(pages: content.pages, staticFiles: content.staticFiles, draftSources: content.draftSources, sink: sink)
        stages.step(3, "Index pages (\(content.pages.count) pages, \(content.staticFiles.count) files)")

        let templates = loadTemplates(needed: TemplateSet.needed(by: content.pages), changes: changes, templatesDisplay: templatesDisplay, sink: sink)
        stages.step(4, "Check templates (\(templates.pageTemplates.count) templates)")

        // The renderings are handed over, not shared, so the stage updates them in place.
        let cache = renderings
        renderings = [:]
        var markdown = MarkdownStage(settings: content.settings, themeIDs: templates.elementIDs)
            .run(pages: &content.pages, bodies: bodies, index: index, cache: consume cache, last: markdownRun, retire: retire, sink: sink)
        renderings = markdown.cache ?? [:]
        retire(markdownRun)
        markdownRun = markdown.run
        bodies = []
        stages.step(5, "Render Markdown (\(content.pages.count) pages, \(markdown.links.references.count) links)")

        let (graph, navigation, order, crossReferenceRun) = CrossReferenceStage.run(pages: &content.pages, index: &index, links: markdown.links,
                                                                                  settings: content.settings, last: self.crossReferenceRun, sink: sink)
        retire(self.crossReferenceRun)
        self.crossReferenceRun = crossReferenceRun
        markdown.bodies.appendGenerated(count: content.pages.count - markdown.bodies.html.count)
        stages.step(6, "Cross-reference (\(graph.backlinks.values.reduce(0) { $0 + $1.count }) backlinks, \(graph.tags.count) tags)")

        let pages = content.pages
        let plan = OutputPlan(pages: pages, contentFiles: content.staticFiles, themeAssets: templates.assets,
                              readerFiles: ReaderFilesStage.paths(pages: pages, settings: content.settings),
                              archives: Array(graph.skillArchives.values),
                              contentDisplay: contentDisplay, templatesDisplay: templatesDisplay, sink: sink)
        if options.strict { sink.promoteWarnings() }
        guard !sink.hasErrors else { stages.skipWriting(); return stages.report(sink) }
        guard let writer = hasWritten ? SiteWriter.inPlace(output: options.outputDirectory!) : options.prepareWriter(into: sink) else { return stages.report(sink) }

        let (contexts, rendered, renderedCount) = render(pages: pages, graph: graph, order: order, settings: content.settings, navigation: navigation, templates: templates,
                                                         bodies: markdown.bodies.html, writer: writer, viewing: hasWritten ? viewing : nil, meter: meter, sink: sink)
        var count = renderedCount
        stages.step(7, "Render pages (\(rendered.count) of \(pages.count))")

        let readerStage = ReaderFilesStage(pages: pages, graph: graph, settings: content.settings, templates: templates, contexts: contexts)
        var made: [String] = []
        if hasWritten {
            count += deferReaderFiles(PendingReaderFiles(stage: readerStage, refInputs: refInputs, rendered: rendered, twinBodies: markdown.bodies.twins,
                                                         html: markdown.bodies.html, entries: nil),
                                      writer: writer, sink: sink)
            stages.step(8, "Write indexes (the search and 404 pages; the rest once browsers are told to reload)")
        } else {
            let files = readerStage.files(cache: &readerFiles, refInputs: refInputs, rendered: rendered, twinBodies: markdown.bodies.twins,
                                          html: markdown.bodies.html, writesLlmsFull: true)
            count += writer.write(files.write, changed: true, sink: sink)
            made = files.all
            stages.step(8, "Write indexes (\(files.write.count) files: Markdown twins, llms.txt, catalog, feed, search)")
        }

        var copied: [String: FileStamp]? = hasWritten ? self.copied : [:]
        count += plan.copy(contentRoot: options.contentDirectory, templatesRoot: options.templatesDirectory, writer: writer, copied: &copied, sink: sink)
        self.copied = sink.hasErrors ? [:] : copied ?? [:]
        // Only the paths the last plan had and this build does not make are removed; the reader
        // files on disk stay until stage 8 has made the new ones. `written` holds every path of
        // `plannedPaths`, so what is kept is `written` less those, plus what this build makes.
        let dropped = plannedPaths.subtracting(plan.outputPaths).subtracting(made)
        // A first build moves its staging folder in place keeping these; a rebuild in place only
        // removes what was dropped, and works out what the output holds once browsers have been
        // told to reload (`settleWritten`).
        let keep = hasWritten ? [] : written.subtracting(dropped).union(plan.outputPaths).union(made)
        writer.finish(keeping: keep, removing: dropped, display: options.display(writer.output), sink: sink)
        if sink.hasErrors {
            pendingReaderFiles = nil
            pendingPages = nil
            renderRecords.forgetKeys()
        } else {
            // A rebuild in place left its reader files and llms-full.txt for `finishDeferredWork`.
            llmsFullIsStale = hasWritten
            if hasWritten {
                unsettledWritten = (dropped, plan.outputPaths)
            } else {
                written = keep
            }
            retire(plannedPaths)
            plannedPaths = plan.outputPaths
            hasWritten = true
            snapshot = Snapshot(index: index, contexts: contexts, templates: templates, bodies: markdown.bodies,
                                writer: SiteWriter.inPlace(output: writer.output), diagnostics: sink.sorted)
        }
        stages.step(9, "Write site (\(count) files)")
        var report = stages.report(sink, pages: pages.count, files: count, rendered: rendered.map { pages[$0].outputPath })
        report.deferredPages = pendingPages?.positions.map { pages[$0].outputPath } ?? []
        return report
    }

    /// Stage 1: the last scan when every change edits a file it found; the last scan updated when
    /// files were only added or deleted where it can be (`ContentScanner.updating`); otherwise a new one.
    private func scan(changes: ChangeSet?, contentDisplay: String, sink: DiagnosticSink) -> ContentInventory {
        if let previous = inventory, let changes, changes.onlyEdits(previous, contentRoot: options.contentDirectory) {
            sink.add(contentsOf: scanDiagnostics)
            return previous
        }
        var scanner = ContentScanner(root: options.contentDirectory, displayRoot: contentDisplay)
        if let previous = inventory, let changes, scanDiagnostics.isEmpty, let updated = scanner.updating(previous, changes: changes.content) {
            inventory = updated
            return updated
        }
        let scanSink = DiagnosticSink()
        let scanned = scanner.scan(into: scanSink)
        inventory = scanned
        scanDiagnostics = scanSink.sorted
        sink.add(contentsOf: scanDiagnostics)
        return scanned
    }

    /// Stage 4: the last templates while no template changed and the pages need the same ones.
    private func loadTemplates(needed: Set<String>, changes: ChangeSet?, templatesDisplay: String, sink: DiagnosticSink) -> TemplateSet {
        if let cached = templates, cached.needed == needed, changes?.templates == false {
            sink.add(contentsOf: cached.diagnostics)
            return cached.set
        }
        let templateSink = DiagnosticSink()
        let set = TemplateSet.load(from: options.templatesDirectory, displayRoot: templatesDisplay, needed: needed, sink: templateSink)
        templates = (set, needed, templateSink.sorted)
        sink.add(contentsOf: templateSink.sorted)
        return set
    }

    /// Stage 7: renders and writes the pages whose render key changed since their last render; with
    /// `viewing`, only those browsers show, leaving the others to `writePendingPages`. Returns the
    /// contexts, the positions of every changed page and how many files were written.
    private func render(pages: [Page], graph: SiteGraph, order: PageOrder, settings: SiteSettings, navigation: [NavigationItem], templates: TemplateSet,
                        bodies: [String], writer: SiteWriter, viewing: Set<String>?, meter: ProgressMeter?, sink: DiagnosticSink) -> (PageContextBuilder, [Int], Int) {
        let files = self.files
        // Each page's files' hash, which its ref inputs and its own part of the key both hold: asked for once, on all cores.
        let sourceHashes = ParallelMap.map(pages) { files.sourceHash(of: $0) }
        let newRefInputs = RenderKeys.refInputs(pages: pages, graph: graph) { sourceHashes[$0] }
        let paths = pages.map(\.outputPath)
        let identities = paths.map(identity(of:))
        // The same page in the last build, where its ref is unchanged: its ref, card hash and cards stand.
        var reusable: [Int?]?
        if let last = contexts, refInputs.count == last.pages.count {
            // By identity, which are small and dense: a dictionary would hash each.
            var lastPositions = [Int](repeating: -1, count: max(last.identities.max() ?? 0, identities.max() ?? 0) + 1)
            for (position, identity) in last.identities.enumerated() { lastPositions[identity] = position }
            reusable = pages.indices.map { position in
                let last = lastPositions[identities[position]]
                return last >= 0 && newRefInputs[position] == refInputs[last] ? last : nil
            }
        }
        // The contexts are set up (one pass over every page, the refs taken over) on one core while
        // the keys' own parts are made on the other. A file's rendering is the one stage 5 handed
        // on at its position, found without hashing its path.
        let (lastContexts, renderings, results) = (self.contexts, self.renderings, markdownRun?.results ?? [])
        let (contexts, own) = ParallelMap.both({
            PageContextBuilder(pages: pages, graph: graph, settings: settings, navigation: navigation, order: order, identities: identities,
                               reusing: reusable == nil ? nil : lastContexts, reusable: reusable)
        }, {
            pages.indices.map { position in
                let page = pages[position]
                let entry = page.sourcePath.flatMap { position < results.count ? results[position].entry : renderings[$0] }
                return RenderKeys.own(of: page, sourceHash: sourceHashes[position], htmlHash: entry?.htmlHash)
            }
        })
        let lastCards = cardHashes
        let renderKeys = RenderKeys(pages: pages, graph: graph, settings: settings, navigation: navigation, templates: templates, contexts: contexts,
                                    own: own, previousCards: reusable?.map { $0.map { lastCards[$0] } })
        // Cards of pages whose refs are unchanged are still right while the templates are.
        let cards: FragmentCache
        if let kept = fragments, kept.templates == templates.pageFingerprints, let reusable, let last = self.contexts {
            cards = kept.cache
            let kept = Set(pages.indices.compactMap { reusable[$0] == nil ? nil : identities[$0] })
            cards.forget(pages: Set(last.identities + identities).subtracting(kept))
        } else {
            cards = FragmentCache()
        }
        fragments = (cards, templates.pageFingerprints)
        refInputs = newRefInputs
        cardHashes = renderKeys.cards
        if let last = self.contexts { forgetGone(last: last, identities: identities) }
        retire(self.contexts)
        self.contexts = contexts
        retire(keys)
        keys = renderKeys
        let records = renderRecords
        let stale = ParallelMap.map(Array(pages.indices)) { position -> Bool in
            guard let shown = records.shown(by: identities[position]), let previous = records.key(of: identities[position]) else { return true }
            return renderKeys.key(of: position, dependencies: shown) != previous
        }
        let rendered = pages.indices.filter { stale[$0] }
        // A listing's data scripts are loaded when its filters are first used, so they wait too.
        let now = viewing.map { viewing in rendered.filter { viewing.contains(paths[$0]) } } ?? rendered
        let stage = PageRenderStage(templates: templates, contexts: contexts, writer: writer)
        if now.count < rendered.count {
            let shown = Set(now)
            let later = rendered.filter { !shown.contains($0) }
            pendingPages = PendingPages(stage: stage, positions: later, bodies: later.map { bodies[$0] }, keys: renderKeys, fragments: cards)
        }
        meter?.begin(7, total: now.count)
        let written = render(now, bodies: now.map { bodies[$0] }, stage: stage, keys: renderKeys, fragments: cards, meter: meter, sink: sink)
        return (contexts, rendered, written)
    }

    /// Renders and writes the pages at `positions`, and records what each showed and its key.
    /// Returns how many files were written.
    private func render(_ positions: [Int], bodies: [String], stage: PageRenderStage, keys: RenderKeys, fragments: FragmentCache,
                        meter: ProgressMeter?, sink: DiagnosticSink) -> Int {
        let identities = stage.contexts.identities
        let result = stage.run(pages: stage.contexts.pages, bodies: bodies, only: positions, recordsDependencies: true, fragments: fragments, meter: meter, sink: sink)
        // The keys of the pages rendered, from what their contexts showed, on all cores: a listing's
        // key holds every page it shows.
        let renderedKeys = ParallelMap.map(Array(zip(positions, result.dependencies))) { position, shown -> (dependencies: [Int], key: Int) in
            let dependencies = shown.map { identities[$0] }
            return (dependencies, keys.key(of: position, dependencies: dependencies))
        }
        for (position, made) in zip(positions, renderedKeys) {
            renderRecords.record(key: made.key, shown: made.dependencies, for: identities[position])
        }
        return result.written
    }

    /// The changed pages no browser showed, left by the last rebuild in place: rendered with the
    /// build's contexts, templates and cards, into the output in place.
    struct PendingPages {
        let stage: PageRenderStage
        let positions: [Int]
        let bodies: [String]
        let keys: RenderKeys
        let fragments: FragmentCache
    }

    /// Renders and writes the pages the last rebuild left for after the reload. On a failure, which
    /// is returned, no render key is trusted: the next rebuild renders every page.
    func writePendingPages(progress: (@Sendable (BuildProgress) -> Void)? = nil) -> Diagnostic? {
        guard let pending = pendingPages else { return nil }
        pendingPages = nil
        let meter = progress.map { ProgressMeter(delay: options.progressDelay, report: $0) }
        meter?.begin(7, total: pending.positions.count)
        let sink = DiagnosticSink()
        _ = render(pending.positions, bodies: pending.bodies, stage: pending.stage, keys: pending.keys, fragments: pending.fragments, meter: meter, sink: sink)
        guard let failure = sink.sorted.first(where: { $0.severity == .error }) else { return nil }
        renderRecords.forgetKeys()
        snapshot = nil
        return failure
    }

    /// Forgets the pages of the last build that this one no longer has (deleted, or moved to
    /// another address, which makes a new identity): their records and their identities.
    private func forgetGone(last: PageContextBuilder, identities: [Int]) {
        var present = [Bool](repeating: false, count: (identities.max() ?? 0) + 1)
        for identity in identities { present[identity] = true }
        for (position, identity) in last.identities.enumerated() where !present.indices.contains(identity) || !present[identity] {
            renderRecords.forget(identity)
            pageIdentities[last.pages[position].outputPath] = nil
        }
    }

    /// Keeps `value`, which the caller is about to replace, until `retired` is emptied.
    func retire(_ value: Any?) {
        if let value { retired.append(value) }
    }

    /// The identity of the page at `outputPath`: the same for as long as the preview has a page there.
    private func identity(of outputPath: String) -> Int {
        if let known = pageIdentities[outputPath] { return known }
        nextIdentity += 1
        pageIdentities[outputPath] = nextIdentity
        return nextIdentity
    }
}
